"""The audit actions recorded by pairing: matching settings, runs, hand-made pairs, locks and
exclusions, publication, rematches, ended pairs, mentoring requests."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.core.audit_registry import (
    Detail,
    choice,
    describe_action,
    describe_object,
    field_label,
    hidden,
    number,
    percent,
    plain,
)
from bascule.pairing import explain
from bascule.pairing.models import PairEndCause, RequestStatus, RuleKind


def pair_words(pair) -> dict[str, str]:
    """Return the words naming a pair: its members (mentor first) and its program."""
    return {
        "pair": _("%(mentor)s and %(mentee)s")
        % {"mentor": pair.mentor.full_name, "mentee": pair.mentee.full_name},
        "program": pair.program.name,
    }


describe_object("pairing.pair", parts=pair_words, related=("mentor", "mentee", "program"))
describe_object(
    "pairing.mentorrequest",
    parts=lambda request: {
        "mentee": request.mentee_application.employee.full_name,
        "mentor": request.mentor_application.employee.full_name,
    },
    related=("mentee_application__employee", "mentor_application__employee"),
)


def _warnings(value, reading) -> str:
    # Recorded as codes; the figures of a level gap or a capacity were not kept.
    generic = {
        "level_gap": _("the level gap is below what the program requires"),
        "capacity": _("the mentor already had as many mentees as the program allows"),
    }
    codes = value if isinstance(value, list) else [value]
    words = [generic.get(code) or explain.warning_text({"code": code}) for code in codes]
    return "; ".join(words) or _("none")


def _swapped(value, reading) -> str:
    if not isinstance(value, list):
        return plain(value)
    return "; ".join(
        _("%(mentee)s with %(mentor)s") % {"mentee": row.get("mentee"), "mentor": row.get("mentor")}
        for row in value
        if isinstance(row, dict)
    )


def _settings(value, reading) -> str:
    """Show a program's matching settings, weights by their component's name."""
    if not isinstance(value, dict):
        return plain(value)
    words = []
    for name, weight in (value.get("weights") or {}).items():
        words.append(f"{explain.component_label(name)}: {plain(weight)}")
    for name, setting in (value.get("constraints") or {}).items():
        words.append(f"{field_label('programs.program', name)}: {plain(setting)}")
    if "self_match" in value:
        words.append(
            f"{field_label('programs.program', 'self_match')}: {plain(value['self_match'])}"
        )
    return "; ".join(words)


PAIR = {
    "mentee": Detail(gettext_lazy("Mentee")),
    "mentor": Detail(gettext_lazy("Mentor")),
    "mentee_application_id": hidden(),
    "mentor_application_id": hidden(),
}

describe_action(
    "program.matching_settings",
    label=gettext_lazy("Matching settings changed"),
    sentence=gettext_lazy("%(actor)s changed the matching settings of the program “%(program)s”"),
    details={
        "old": Detail(gettext_lazy("Before"), _settings),
        "new": Detail(gettext_lazy("After"), _settings),
    },
)
describe_action(
    "matching.run",
    label=gettext_lazy("Matching run"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s ran the matching of the program “%(program)s”: %(matched)s pair proposed",
            "%(actor)s ran the matching of the program “%(program)s”: %(matched)s pairs proposed",
            p.count("matched"),
        )
        % p
    ),
    details={
        "matched": Detail(gettext_lazy("Pairs proposed"), number),
        "unmatched": Detail(gettext_lazy("Mentees without a mentor"), number),
        "total_score": Detail(gettext_lazy("Total score"), number),
        "gap_percent": Detail(gettext_lazy("Gap to the best possible matching"), percent),
        "run_id": hidden(),
        "parameters": hidden(),
    },
)
describe_action(
    "matching.publish",
    label=gettext_lazy("Matching published"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s published the matching of the program “%(program)s”: %(pairs)s pair",
            "%(actor)s published the matching of the program “%(program)s”: %(pairs)s pairs",
            p.count("pairs"),
        )
        % p
    ),
    details={"pairs": Detail(gettext_lazy("Pairs"), number), "run_id": hidden()},
)
describe_action(
    "matching.lock",
    label=gettext_lazy("Proposed pair kept"),
    sentence=gettext_lazy(
        "%(actor)s kept the pair of %(mentor)s and %(mentee)s in every run of the program "
        "“%(program)s”"
    ),
    details=PAIR,
)
describe_action(
    "matching.unlock",
    label=gettext_lazy("Proposed pair no longer kept"),
    sentence=gettext_lazy(
        "%(actor)s no longer keeps the pair of %(mentor)s and %(mentee)s in the program "
        "“%(program)s”"
    ),
    details=PAIR,
)
describe_action(
    "matching.exclude",
    label=gettext_lazy("Pair excluded"),
    sentence=gettext_lazy(
        "%(actor)s excluded the pair of %(mentor)s and %(mentee)s from the program “%(program)s”"
    ),
    details=PAIR,
)
describe_action(
    "matching.rule_removed",
    label=gettext_lazy("Pair rule removed"),
    sentence=gettext_lazy(
        "%(actor)s removed the rule on the pair of %(mentor)s and %(mentee)s in the program "
        "“%(program)s”"
    ),
    details={**PAIR, "kind": Detail(gettext_lazy("Rule"), choice(RuleKind))},
)
describe_action(
    "matching.manual_pair",
    label=gettext_lazy("Pair made by hand"),
    sentence=gettext_lazy(
        "%(actor)s paired %(mentee)s with %(mentor)s by hand in the program “%(program)s”"
    ),
    details={**PAIR, "warnings": Detail(gettext_lazy("Constraints not met"), _warnings)},
)
describe_action(
    "matching.swap",
    label=gettext_lazy("Mentors swapped"),
    sentence=gettext_lazy(
        "%(actor)s swapped the mentors of two mentees in the program “%(program)s”"
    ),
    details={"pairs": Detail(gettext_lazy("New pairs"), _swapped), "run_id": hidden()},
)
describe_action(
    "matching.rematch",
    label=gettext_lazy("New partner found"),
    sentence=gettext_lazy(
        "%(actor)s paired %(mentee)s with %(mentor)s again after a pair ended, in the program "
        "“%(program)s”"
    ),
    details={
        **PAIR,
        "score": Detail(gettext_lazy("Score"), number),
        "pair_id": hidden(),
        "for_application_id": hidden(),
    },
)
describe_action(
    "matching.pair_end",
    label=gettext_lazy("Pair ended"),
    sentence=gettext_lazy(
        "%(actor)s ended the pair of %(mentor)s and %(mentee)s in the program “%(program)s”"
    ),
    details={
        **PAIR,
        "cause": Detail(gettext_lazy("Cause"), choice(PairEndCause)),
        "reason": Detail(gettext_lazy("Reason")),
        "pair_id": hidden(),
    },
)
describe_action(
    "matching.mentor_request",
    label=gettext_lazy("Mentor asked"),
    sentence=gettext_lazy(
        "%(mentee)s asked %(mentor)s to be their mentor in the program “%(program)s”"
    ),
    details={**PAIR, "request_id": hidden()},
)
describe_action(
    "matching.mentor_request_answer",
    label=gettext_lazy("Mentor's answer"),
    sentence=lambda p: (
        (
            _("%(actor)s accepted to mentor %(mentee)s in the program “%(program)s”")
            if p.raw.get("decision") == RequestStatus.ACCEPTED
            else _("%(actor)s declined to mentor %(mentee)s in the program “%(program)s”")
        )
        % p
    ),
    details={
        **PAIR,
        "decision": Detail(gettext_lazy("Answer"), choice(RequestStatus)),
        "request_id": hidden(),
    },
)
