from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "bascule.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from bascule.certificates import receivers
        from bascule.programs.closing import register_closing_note

        register_closing_note(receivers.closing_note)
