"""The audit actions recorded by the privacy app: erasures, HR's copies of someone's data, the
retention rule. Their details are counts per kind of data, never the data itself."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.audit_registry import Detail, Reading, describe_action, labelled, plain
from bascule.privacy.selectors import kind_labels


def counts_in_words(value: Any, reading: Reading) -> str:
    """Return {kind: count} as "3 shared notes deleted, 1 application anonymised"."""
    if not isinstance(value, dict):
        return plain(value)
    labels = kind_labels()
    return ", ".join(f"{count} {labels.get(kind, kind)}" for kind, count in value.items())


COUNTS = Detail(gettext_lazy("What was done"), counts_in_words)

describe_action(
    "privacy.erase",
    label=gettext_lazy("Personal data erased"),
    sentence=gettext_lazy("%(actor)s erased the personal data of %(object)s on request"),
    details={"counts": COUNTS},
)
describe_action(
    "privacy.export",
    label=gettext_lazy("Copy of personal data read"),
    sentence=gettext_lazy("%(actor)s read the copy of the personal data of %(object)s"),
    details={
        "format": Detail(
            gettext_lazy("Format"),
            labelled(
                {
                    "html": gettext_lazy("page"),
                    "json": gettext_lazy("JSON file"),
                    "api": gettext_lazy("API"),
                }
            ),
        )
    },
)
describe_action(
    "privacy.retention",
    label=gettext_lazy("Retention rule applied"),
    sentence=lambda p: (
        (
            _("The retention rule deleted what the people of %(object)s wrote")
            if "object" in p
            else _("The retention rule deleted old data")
        )
        % p
    ),
    details={"counts": COUNTS},
)
