"""Reads of training in the pairs (docs/training.md, "What changes in the meetings").

- `shared_modules`: the published modules both members of a pair completed, with the
  behaviour to ask about in the reader's language (the other language when missing);
- `my_answers`: what one member answered for one check-in period (to pre-fill an edit);
- `behaviour_report`: per module of a program, the shares of Yes / Partly / No over the
  respondents, only from MIN_GROUP_SIZE of them (never an answer one by one);
- `drill_state`: the kickoff drill of a pair as its member sees it.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bascule.core.small_groups import is_shown
from bascule.pairing.models import Pair
from bascule.programs.models import Program
from bascule.training.models import (
    BehaviourAnswer,
    DrillCheck,
    Module,
    ModuleStatus,
    Progress,
    Requirement,
)
from bascule.training.selectors import version_content

KEY_PREFIX = "behaviour-"
Answer = BehaviourAnswer.Answer
# The answers HR's shares are over: "Did not come up" says nothing about the partner.
COUNTED = (Answer.YES, Answer.PARTLY, Answer.NO)

# The drill's checklist, ticked by each member for the other: (key, words about the partner).
DRILL_ITEMS = (
    ("rephrased", _("rephrased what I said before answering")),
    ("open_question", _("asked me an open question")),
    ("let_me_finish", _("let me finish and accepted silences")),
)
DRILL_KEYS = tuple(key for key, _label in DRILL_ITEMS)
# The same items in neutral words, for the pair's space ("what X ticked for you").
DRILL_SUMMARIES = {
    "rephrased": _("Rephrasing before answering"),
    "open_question": _("Asking an open question"),
    "let_me_finish": _("Letting the other finish, accepting silences"),
}


def _language(language: str | None = None) -> str:
    return (language or get_language() or "fr")[:2]


def behaviour_text(module: Module, language: str | None = None) -> tuple[str, str]:
    """(title, behaviour) of `module`'s published version in `language`, the behaviour taken
    from the other language when this one has none ("" when no language has one)."""
    if module.published_id is None:
        return module.slug, ""
    found = version_content(module.published)
    text, _fell_back = found.text(_language(language))
    behaviour = text.behaviour
    if not behaviour:
        behaviour = next((t.behaviour for t in found.texts.values() if t.behaviour), "")
    return text.title, behaviour


@dataclass
class SharedModule:
    module: Module
    title: str
    behaviour: str

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.module.slug


def shared_modules(*, pair: Pair, language: str | None = None) -> list[SharedModule]:
    """The published modules both members of `pair` completed and that declare a behaviour,
    in the library's order (two queries)."""
    done: dict[int, set[int]] = {}
    for module_id, employee_id in Progress.objects.filter(
        employee_id__in=[pair.mentor_id, pair.mentee_id], completed_at__isnull=False
    ).values_list("module_id", "employee_id"):
        done.setdefault(module_id, set()).add(employee_id)
    both = [module_id for module_id, who in done.items() if len(who) == 2]
    if not both:
        return []
    modules = Module.objects.filter(
        pk__in=both, status=ModuleStatus.PUBLISHED, published__isnull=False
    ).select_related("published")
    shared = []
    for module in modules:
        title, behaviour = behaviour_text(module, language)
        if behaviour:
            shared.append(SharedModule(module=module, title=title, behaviour=behaviour))
    return shared


def my_answers(*, pair: Pair, member: Any, period: int) -> dict[str, str]:
    """{question key: answer} of `member` in `pair` for check-in `period`."""
    return {
        KEY_PREFIX + slug: answer
        for slug, answer in BehaviourAnswer.objects.filter(
            pair=pair, member=member, period=period
        ).values_list("module__slug", "answer")
    }


@dataclass
class BehaviourRow:
    """One module's behaviour in a program's check-ins, for HR: figures only."""

    module: Module
    title: str
    behaviour: str
    respondents: int
    yes: int
    partly: int
    no: int

    @property
    def shown(self) -> bool:
        return is_shown(self.respondents)

    def _percent(self, count: int) -> int | None:
        return round(100 * count / self.respondents) if self.shown else None

    @property
    def yes_percent(self) -> int | None:
        return self._percent(self.yes)

    @property
    def partly_percent(self) -> int | None:
        return self._percent(self.partly)

    @property
    def no_percent(self) -> int | None:
        return self._percent(self.no)


def behaviour_report(*, program: Program, language: str | None = None) -> list[BehaviourRow]:
    """Per module the program requires or its pairs answered about: how many members said
    whether their partner practised its behaviour (their latest Yes, Partly or No, one per
    person whatever the number of periods and pairs) and the share of each answer. The
    shares are for the page to show only from MIN_GROUP_SIZE respondents (`shown`).
    Three queries whatever the number of answers' authors."""
    latest: dict[tuple[int, int], str] = {}
    for module_id, member_id, answer in (
        BehaviourAnswer.objects.filter(pair__program=program, answer__in=COUNTED)
        .order_by("period", "updated_at", "pk")
        .values_list("module_id", "member_id", "answer")
    ):
        latest[(module_id, member_id)] = answer
    module_ids = {module_id for module_id, _member in latest} | set(
        Requirement.objects.filter(program=program).values_list("module_id", flat=True)
    )
    rows = []
    for module in Module.objects.filter(pk__in=module_ids).select_related("published"):
        title, behaviour = behaviour_text(module, language)
        if not behaviour:
            continue
        answers = [a for (m, _member), a in latest.items() if m == module.pk]
        rows.append(
            BehaviourRow(
                module=module,
                title=title,
                behaviour=behaviour,
                respondents=len(answers),
                yes=answers.count(Answer.YES),
                partly=answers.count(Answer.PARTLY),
                no=answers.count(Answer.NO),
            )
        )
    return rows


@dataclass
class DrillState:
    """The kickoff drill of a pair seen by one member: their own ticks for the partner and,
    once both ticked, what the partner ticked for them."""

    pair: Pair
    partner: Any
    mine: DrillCheck | None
    theirs: DrillCheck | None

    @property
    def done(self) -> bool:
        return self.mine is not None and self.theirs is not None

    @staticmethod
    def _labels(check: DrillCheck | None) -> list[str]:
        ticked = set(check.ticks) if check else set()
        return [str(DRILL_SUMMARIES[key]) for key in DRILL_KEYS if key in ticked]

    @property
    def my_ticks(self) -> list[str]:
        """What I ticked for my partner (always mine to read)."""
        return self._labels(self.mine)

    @property
    def their_ticks(self) -> list[str]:
        """What my partner ticked for me: only once both ticked."""
        return self._labels(self.theirs) if self.done else []


def drill_state(*, pair: Pair, user: Any) -> DrillState:
    """The drill of `pair` for its member `user` (one query)."""
    checks = {
        c.rater_id: c
        for c in DrillCheck.objects.filter(pair=pair).filter(
            Q(rater_id=pair.mentor_id) | Q(rater_id=pair.mentee_id)
        )
    }
    partner = pair.mentee if pair.mentor_id == user.employee_id else pair.mentor
    return DrillState(
        pair=pair,
        partner=partner,
        mine=checks.get(user.employee_id),
        theirs=checks.get(partner.pk),
    )
