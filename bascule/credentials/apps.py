from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "bascule.credentials"
    label = "credentials"
    verbose_name = _("Open Badges credentials")

    def ready(self) -> None:
        from bascule.certificates import extensions
        from bascule.credentials import receivers

        extensions.register_attachments(receivers.certificate_attachments)
        extensions.register_issued(receivers.certificates_issued)
