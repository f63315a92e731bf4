"""The audit action recorded by the e-mail jobs: who was sent which e-mail, one entry a run."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import Detail, describe_action, plain

describe_action(
    "notifications.sent",
    label=_("E-mail sent"),
    sentence=_("%(actor)s sent an e-mail"),
    details={
        "email": Detail(_("E-mail"), plain),
        "recipients": Detail(_("Recipients"), plain),
    },
)
