"""Writes of recognition: sending kudos, the recipient's choices, HR's moderation.

Who may call what is checked by the views and API handlers (`access_*` selectors); the
services check the rules (the message, the skill, the visibility). Each write is one
transaction with one audit entry, which never quotes the message; e-mails go with `notify`
(sent once the transaction commits).
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, ValidationFailed
from bascule.core.notify import notify
from bascule.pairing.models import Pair
from bascule.people.models import Employee
from bascule.programs.models import Program
from bascule.recognition import selectors
from bascule.recognition.models import (
    MESSAGE_MAX,
    REASON_MAX,
    Kudos,
    RecognitionPreference,
    SenderKind,
    Visibility,
)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean(
    *, message: Any, visibility: Any, skill_id: Any, pair: Pair | None
) -> tuple[str, str, Any]:
    errors: dict[str, list[str]] = {}
    text = _text(message)
    if not text:
        errors["message"] = [_("Write a few words of thanks.")]
    elif "\x00" in text:
        errors["message"] = [_("The message holds a character that cannot be saved.")]
    elif len(text) > MESSAGE_MAX:
        errors["message"] = [
            _("The message is too long (%(max)s characters at most).") % {"max": MESSAGE_MAX}
        ]
    if visibility not in Visibility.values:
        errors["visibility"] = [_("Choose who may see it.")]
    skill = None
    if skill_id not in (None, ""):
        if pair is not None:
            skill = selectors.pair_skills(pair).filter(pk=skill_id).first()
        if skill is None:
            errors["skill"] = [_("Choose one of the pair's skills, or none.")]
    if errors:
        raise ValidationFailed(errors)
    return text, visibility, skill


def _sent(*, actor: Any, rows: list[Kudos], kind: str) -> None:
    first = rows[0]
    audit_record(
        actor=actor,
        action="recognition.kudos_sent",
        target=first,
        changes={
            "sender_kind": kind,
            "visibility": first.visibility,
            "recipients": len(rows),
            "pair": first.pair_id,
            "skill": first.skill_id,
        },
    )
    notify("kudos_received", kudos_ids=[k.pk for k in rows])


@transaction.atomic
def thanks_send(
    *,
    actor: Any,
    pair: Pair,
    message: Any,
    visibility: Any = Visibility.PROGRAM,
    skill_id: Any = None,
    submission=None,
) -> Kudos:
    """A member of `pair` (checked by `access_thanks_pair`) thanks their partner."""
    text, visibility, skill = _clean(
        message=message, visibility=visibility, skill_id=skill_id, pair=pair
    )
    claim = idempotency.claim(actor=actor, scope="recognition.thanks", submission=submission)
    kudos = Kudos.objects.create(
        program_id=pair.program_id,
        pair=pair,
        sender=actor,
        sender_kind=SenderKind.PARTNER,
        recipient=selectors.partner(pair, actor),
        message=text,
        skill=skill,
        visibility=visibility,
    )
    _sent(actor=actor, rows=[kudos], kind=SenderKind.PARTNER)
    claim.done(kudos)
    return kudos


@transaction.atomic
def recognition_send(
    *,
    actor: Any,
    program: Program,
    message: Any,
    visibility: Any = Visibility.PROGRAM,
    pair_id: Any = None,
    employee_id: Any = None,
    skill_id: Any = None,
    submission=None,
) -> list[Kudos]:
    """HR, a program manager or a sponsor (program checked by `access_recognition_program`)
    recognises one participant of `program`, or a pair of it (one kudos per member)."""
    pair = None
    recipients: list[Employee] = []
    target_error = None
    if pair_id not in (None, "") and employee_id not in (None, ""):
        target_error = _("Choose a person or a pair, not both.")
    elif pair_id not in (None, ""):
        pair = selectors.program_pairs(program).filter(pk=pair_id).first()
        if pair is None:
            target_error = _("Choose a pair of this program.")
        else:
            recipients = [pair.mentor, pair.mentee]
    elif employee_id not in (None, ""):
        person = selectors.program_participants(program).filter(pk=employee_id).first()
        if person is None:
            target_error = _("Choose someone taking part in this program.")
        else:
            recipients = [person]
    else:
        target_error = _("Choose a person or a pair.")
    try:
        text, visibility, skill = _clean(
            message=message, visibility=visibility, skill_id=skill_id, pair=pair
        )
    except ValidationFailed as exc:
        if target_error:
            exc.errors.setdefault("recipient", []).append(target_error)
        raise
    if target_error:
        raise ValidationFailed({"recipient": [target_error]})
    claim = idempotency.claim(actor=actor, scope="recognition.send", submission=submission)
    kind = selectors.sender_kind_of(actor)
    rows = [
        Kudos.objects.create(
            program=program,
            pair=pair,
            sender=actor,
            sender_kind=kind,
            recipient=recipient,
            message=text,
            skill=skill,
            visibility=visibility,
        )
        for recipient in recipients
    ]
    _sent(actor=actor, rows=rows, kind=kind)
    claim.done(rows[0])
    return rows


@transaction.atomic
def preference_set(*, actor: Any, cap: Any) -> RecognitionPreference:
    """The widest audience the actor accepts for the kudos they receive."""
    if cap not in Visibility.values:
        raise ValidationFailed({"cap": [_("Choose who may see the kudos you receive.")]})
    preference, _created = RecognitionPreference.objects.select_for_update().get_or_create(
        employee_id=actor.employee_id
    )
    before = preference.cap
    if before != cap:
        preference.cap = cap
        preference.save(update_fields=["cap", "updated_at"])
        audit_record(
            actor=actor,
            action="recognition.preference_set",
            target=preference,
            changes={"cap": [before, cap]},
        )
    return preference


@transaction.atomic
def wall_choose(*, actor: Any, kudos_id: int, on_wall: bool) -> Kudos:
    """The recipient (checked by `access_received`) shows a kudos on the wall or takes it
    off (within the sender's choice)."""
    kudos = Kudos.objects.select_for_update().get(pk=kudos_id)
    if on_wall and kudos.visibility == Visibility.PRIVATE:
        raise ConflictError(
            _("The sender kept this thanks private: it cannot go on a wall."), code="private"
        )
    if kudos.on_wall != on_wall:
        kudos.on_wall = bool(on_wall)
        kudos.save(update_fields=["on_wall", "updated_at"])
        audit_record(
            actor=actor,
            action="recognition.wall_chosen",
            target=kudos,
            changes={"on_wall": kudos.on_wall},
        )
    return kudos


@transaction.atomic
def kudos_hide(*, actor: Any, kudos_id: int, reason: Any) -> Kudos:
    """HR hides a kudos from the walls, with a reason the recipient is told."""
    text = _text(reason)
    if not text:
        raise ValidationFailed({"reason": [_("Say why it is hidden: the recipient is told.")]})
    if "\x00" in text:
        raise ValidationFailed(
            {"reason": [_("The reason holds a character that cannot be saved.")]}
        )
    if len(text) > REASON_MAX:
        raise ValidationFailed(
            {
                "reason": [
                    _("The reason is too long (%(max)s characters at most).") % {"max": REASON_MAX}
                ]
            }
        )
    kudos = Kudos.objects.select_for_update().get(pk=kudos_id)
    if kudos.is_hidden:
        raise ConflictError(_("This kudos is already hidden."), code="hidden")
    kudos.hidden_at = timezone.now()
    kudos.hidden_by = actor
    kudos.hidden_reason = text
    kudos.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    audit_record(actor=actor, action="recognition.kudos_hidden", target=kudos)
    notify("kudos_hidden", kudos_id=kudos.pk)
    return kudos


@transaction.atomic
def kudos_unhide(*, actor: Any, kudos_id: int) -> Kudos:
    kudos = Kudos.objects.select_for_update().get(pk=kudos_id)
    if not kudos.is_hidden:
        raise ConflictError(_("This kudos is not hidden."), code="not_hidden")
    kudos.hidden_at = None
    kudos.hidden_by = None
    kudos.hidden_reason = ""
    kudos.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    audit_record(actor=actor, action="recognition.kudos_unhidden", target=kudos)
    return kudos
