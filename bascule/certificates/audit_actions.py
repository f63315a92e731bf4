"""The audit actions recorded by certificates: settings, issuing, revoking, the holder's
verification preference."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import (
    Detail,
    describe_action,
    describe_object,
    field_names,
    number,
)


def certificate_words(certificate) -> dict[str, str]:
    return {"person": certificate.holder_name, "program": certificate.program_name}


describe_object("certificates.certificate", parts=certificate_words)

describe_action(
    "certificates.settings_saved",
    label=_("Certificate settings saved"),
    sentence=_("%(actor)s saved the certificate settings of “%(program)s”"),
    details={"fields": Detail(_("Changed"), field_names("certificates.certificatesettings"))},
)
describe_action(
    "certificates.issued",
    label=_("Certificates issued"),
    sentence=_("%(actor)s issued certificates for “%(program)s”"),
    details={"count": Detail(_("Certificates"), number)},
)
describe_action(
    "certificates.run_started",
    label=_("Certificates being issued"),
    sentence=_("%(actor)s started issuing the certificates of “%(program)s”"),
)
describe_action(
    "certificates.revoked",
    label=_("Certificate revoked"),
    sentence=_("%(actor)s revoked the certificate of %(person)s for “%(program)s”"),
)
describe_action(
    "certificates.verification_changed",
    label=_("Certificate verification preference"),
    sentence=_("%(actor)s changed whether others may verify their certificates"),
    details={"allowed": Detail(_("Verification allowed"))},
)
describe_action(
    "certificates.endorsements_shown_changed",
    label=_("Endorsements shown preference"),
    sentence=_(
        "%(actor)s changed whether those who verify their certificates see their partners' "
        "endorsements"
    ),
    details={"shown": Detail(_("Endorsements shown"))},
)
