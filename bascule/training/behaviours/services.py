"""Writes of training in the pairs: a member's behaviour answers (called by the check-in
service, inside its transaction) and the kickoff drill's ticks.

Audit entries name the pair, the period and how many answers changed, never an answer or a
tick: the answers are HR's only as aggregates, the ticks the pair's two members'.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bascule.core.audit import audit_record
from bascule.core.errors import DomainError, ValidationFailed
from bascule.pairing.models import Pair, PairStatus
from bascule.training.behaviours.selectors import (
    DRILL_KEYS,
    KEY_PREFIX,
    BehaviourAnswer,
    shared_modules,
)
from bascule.training.models import DrillCheck


def behaviour_answers_save(
    *, actor: Any, pair: Pair, member: Any, period: int, answers: dict[str, str]
) -> int:
    """Save `member`'s answers ({question key: answer, "" for none}) for check-in `period`
    of `pair`: created, changed, or removed when left blank. Only the modules both members
    completed are answered. Returns how many rows changed. Runs inside the check-in's
    transaction (the caller holds the pair's row lock)."""
    modules = {shared.key: shared.module for shared in shared_modules(pair=pair)}
    unknown = set(answers) - set(modules)
    if unknown:
        raise ValidationFailed(
            {"answers": [_("This question is not one of your check-in's questions.")]}
        )
    existing = {
        answer.module_id: answer
        for answer in BehaviourAnswer.objects.filter(pair=pair, member=member, period=period)
    }
    changed = 0
    with transaction.atomic():
        for key, value in sorted(answers.items()):
            module = modules[key]
            found = existing.get(module.pk)
            if not value:
                if found is not None:
                    found.delete()
                    changed += 1
                continue
            if value not in BehaviourAnswer.Answer.values:
                raise ValidationFailed(
                    {f"q_{key}": [_("Please choose one of the answers offered.")]}
                )
            if found is None:
                BehaviourAnswer.objects.create(
                    pair=pair, member=member, module=module, period=period, answer=value
                )
                changed += 1
            elif found.answer != value:
                found.answer = value
                found.save(update_fields=["answer", "updated_at"])
                changed += 1
        if changed:
            audit_record(
                actor=actor,
                action="training.behaviours_answered",
                target=pair,
                changes={"pair": pair.pk, "period": period, "changed": changed},
            )
    return changed


def save_from_checkin(*, actor: Any, pair: Any, member: Any, period: int, answers: dict) -> None:
    """The check-in's save callback (bascule.journey.checkins.extensions)."""
    if member is None:
        return
    behaviour_answers_save(
        actor=actor,
        pair=pair,
        member=member,
        period=period,
        answers={key: value for key, value in answers.items() if key.startswith(KEY_PREFIX)},
    )


def drill_ended_error() -> DomainError:
    return DomainError(
        _("This mentoring has ended: the drill can no longer be ticked."), code="pair_ended"
    )


def drill_tick(*, actor: Any, pair: Pair, ticks: list[str]) -> DrillCheck:
    """Record what `actor`, a member of `pair`, ticked for their partner in the kickoff
    drill: created, or updated when ticked again (the same ticks sent twice change nothing).
    Refused for an ended pair (DomainError) or an unknown item (ValidationFailed)."""
    unknown = [tick for tick in ticks if tick not in DRILL_KEYS]
    if unknown:
        raise ValidationFailed({"ticks": [_("Please tick only the items of the checklist.")]})
    ordered = [key for key in DRILL_KEYS if key in set(ticks)]
    with transaction.atomic():
        locked = Pair.objects.select_for_update().get(pk=pair.pk)
        if locked.status != PairStatus.ACTIVE:
            raise drill_ended_error()
        check = DrillCheck.objects.filter(pair=pair, rater_id=actor.employee_id).first()
        if check is None:
            check = DrillCheck.objects.create(pair=pair, rater_id=actor.employee_id, ticks=ordered)
            audit_record(
                actor=actor, action="training.drill_ticked", target=pair, changes={"pair": pair.pk}
            )
        elif check.ticks != ordered:
            check.ticks = ordered
            check.save(update_fields=["ticks", "updated_at"])
            audit_record(
                actor=actor, action="training.drill_changed", target=pair, changes={"pair": pair.pk}
            )
    return check
