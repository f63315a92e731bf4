"""The audit actions recorded by the credentials app: a partner's endorsement."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import describe_action, describe_object


def credential_words(credential) -> dict[str, str]:
    return {"person": credential.holder.full_name}


describe_object("credentials.credential", parts=credential_words)

describe_action(
    "credentials.endorsed",
    label=_("Credential endorsed"),
    sentence=_("%(actor)s endorsed the digital credential of %(person)s"),
)
