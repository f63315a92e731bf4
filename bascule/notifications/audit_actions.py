"""The audit action recorded by the e-mail jobs: who was sent which e-mail, one entry a run;
HR sending a failed one again."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import Detail, describe_action, plain

DETAILS = {
    "email": Detail(_("E-mail"), plain),
    "recipients": Detail(_("Recipients"), plain),
}

describe_action(
    "notifications.sent",
    label=_("E-mail sent"),
    sentence=_("%(actor)s sent an e-mail"),
    details=DETAILS,
)
describe_action(
    "notifications.retried",
    label=_("Failed e-mail sent again"),
    sentence=_("%(actor)s asked to send a failed e-mail again"),
    details=DETAILS,
)
