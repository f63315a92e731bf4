"""Reads of recognition: who may send to whom, the kudos of a person, the walls, HR's counts.

Scope (docs/recognition.md): a member of a pair thanks their partner; HR recognises anyone
taking part in any program, a program manager in the programs they manage, a sponsor in any
program (a sponsor is not attached to particular programs). A program's wall is read by its
participants, HR, its managers and the sponsors; the company wall by everyone. Anything out
of someone's scope is a 404.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from bascule.core.permissions import user_has_pairs, user_is_hr_admin, user_may_recognise
from bascule.core.small_groups import MIN_GROUP_SIZE, shown_count
from bascule.journey.selectors import application_skill_ids
from bascule.pairing.models import Pair
from bascule.pairing.selectors import member_pairs
from bascule.people.models import Employee
from bascule.programs.models import Application, ApplicationStatus, Program
from bascule.programs.selectors import programs_managed_by
from bascule.recognition.models import (
    Kudos,
    RecognitionPreference,
    SenderKind,
    Visibility,
    narrowest,
)
from bascule.skills.models import Skill


def sender_kind_of(user: Any) -> str:
    if user.is_hr_admin:
        return SenderKind.HR
    if user.is_program_manager:
        return SenderKind.MANAGER
    return SenderKind.SPONSOR


# --- Scope -------------------------------------------------------------------------------------


def recognisable_programs(user: Any) -> QuerySet[Program]:
    """The programs in which `user` may send recognition as HR, manager or sponsor."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_sponsor:
        return Program.objects.all()
    return programs_managed_by(user=user)


def access_recognition_program(*, user: Any, program_id: int) -> Program:
    """A program `user` may send recognition in (404 outside their scope)."""
    program = recognisable_programs(user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def access_thanks_pair(*, user: Any, pair_id: int) -> Pair:
    """A pair (active or ended) `user` is a member of, to thank their partner; 404 otherwise."""
    pair = member_pairs(user=user).select_related("mentor", "mentee").filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    return pair


def partner(pair: Pair, user: Any) -> Employee:
    return pair.mentee if pair.mentor_id == user.employee_id else pair.mentor


def participant_ids(program: Program) -> set[int]:
    """The employees taking part in `program`: approved applications and pair members."""
    ids = set(
        Application.objects.filter(program=program, status=ApplicationStatus.APPROVED).values_list(
            "employee_id", flat=True
        )
    )
    for mentor_id, mentee_id in Pair.objects.filter(program=program).values_list(
        "mentor_id", "mentee_id"
    ):
        ids.update((mentor_id, mentee_id))
    return ids


def program_participants(program: Program) -> QuerySet[Employee]:
    return Employee.objects.filter(
        pk__in=participant_ids(program), erased_at__isnull=True
    ).order_by("last_name", "first_name", "pk")


def program_pairs(program: Program) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(program=program)
        .select_related("mentor", "mentee")
        .order_by("status", "mentee__last_name", "pk")
    )


def pair_skills(pair: Pair) -> QuerySet[Skill]:
    """The skills of a pair: those named in its two members' applications."""
    return Skill.objects.filter(pk__in=application_skill_ids(pair=pair)).order_by("slug")


def walls_of(user: Any) -> QuerySet[Program]:
    """The programs whose wall `user` may read."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_hr_admin or user.is_sponsor:
        return Program.objects.all()
    mine = Q(pk__in=[])
    if user.is_program_manager:
        mine |= Q(managers=user)
    if user.employee_id is not None:
        mine |= Q(
            applications__employee_id=user.employee_id,
            applications__status=ApplicationStatus.APPROVED,
        )
        mine |= Q(pairs__mentor_id=user.employee_id) | Q(pairs__mentee_id=user.employee_id)
    return Program.objects.filter(mine).distinct()


def access_wall(*, user: Any, program_id: int) -> Program:
    program = walls_of(user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return Program.objects.get(pk=program.pk)


def access_received(*, user: Any, kudos_id: int) -> Kudos:
    """A kudos `user` received (to choose whether it shows on the wall); 404 otherwise."""
    if not user_has_pairs(user):
        raise Http404
    kudos = Kudos.objects.filter(pk=kudos_id, recipient_id=user.employee_id).first()
    if kudos is None:
        raise Http404
    return kudos


def access_moderated(*, user: Any, kudos_id: int) -> Kudos:
    """Any kudos, for HR's moderation (the role gate says 403 to others)."""
    if not user_is_hr_admin(user):
        raise Http404
    kudos = _listed(Kudos.objects.filter(pk=kudos_id)).first()
    if kudos is None:
        raise Http404
    return kudos


# --- Visibility --------------------------------------------------------------------------------


def cap_of(employee_id: int | None) -> str:
    if employee_id is None:
        return Visibility.PRIVATE
    preference = RecognitionPreference.objects.filter(employee_id=employee_id).first()
    return preference.cap if preference else Visibility.PRIVATE


def effective_visibility(kudos: Kudos, cap: str | None = None) -> str:
    """Who may see `kudos`: the sender's choice, capped by the recipient's preference unless
    the recipient showed this one on the wall (never wider than the sender's choice)."""
    if kudos.on_wall:
        return kudos.visibility
    if cap is None:
        cap = cap_of(kudos.recipient_id)
    return narrowest(kudos.visibility, cap)


_CAP = "recipient__recognition_preference__cap"


def _at_least(level: str) -> Q:
    """The kudos whose effective visibility reaches `level` (program or company)."""
    if level == Visibility.COMPANY:
        wide = [Visibility.COMPANY]
    else:
        wide = [Visibility.PROGRAM, Visibility.COMPANY]
    return Q(visibility__in=wide) & (Q(on_wall=True) | Q(**{f"{_CAP}__in": wide}))


def _listed(kudos: QuerySet[Kudos]) -> QuerySet[Kudos]:
    return kudos.select_related(
        "program",
        "recipient",
        "sender__employee",
        "skill",
        "hidden_by",
        "recipient__recognition_preference",
    )


# A wall's order, newest first, stable across pages (the id breaks ties).
WALL_ORDER = ("-created_at", "-pk")


def program_wall(program: Program) -> QuerySet[Kudos]:
    """The program's wall: kudos shown to the program or the company, not hidden."""
    return _listed(
        Kudos.objects.filter(_at_least(Visibility.PROGRAM), program=program, hidden_at=None)
    ).order_by(*WALL_ORDER)


def company_wall() -> QuerySet[Kudos]:
    return _listed(Kudos.objects.filter(_at_least(Visibility.COMPANY), hidden_at=None)).order_by(
        *WALL_ORDER
    )


def hidden_on_wall(program: Program) -> QuerySet[Kudos]:
    """HR's view: the program's kudos that would be on the wall but are hidden."""
    return _listed(
        Kudos.objects.filter(_at_least(Visibility.PROGRAM), program=program).exclude(hidden_at=None)
    )


def received(user: Any) -> QuerySet[Kudos]:
    if user.employee_id is None:
        return Kudos.objects.none()
    return _listed(Kudos.objects.filter(recipient_id=user.employee_id))


def sent(user: Any) -> QuerySet[Kudos]:
    return _listed(Kudos.objects.filter(sender=user))


def thanks_pairs(user: Any) -> list[Pair]:
    """The pairs from which `user` may thank their partner."""
    return list(member_pairs(user=user).select_related("mentor", "mentee"))


# --- Counts (HR) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    total: int | None
    by_kind: list[tuple[str, int | None]]
    by_value: list[tuple[str, int | None]]
    on_wall: int | None
    total_kept_back: bool = False  # not shown so that a hidden cell stays hidden


def wall_counts(*, user: Any, program: Program) -> dict[str, int | None] | None:
    """HR's counts of a program's kudos for the API (None for anyone else)."""
    if not user_is_hr_admin(user):
        return None
    figures = program_counts(program)
    return {"total": figures.total, "on_wall": figures.on_wall, **dict(figures.by_value)}


def may_send_in(*, user: Any, program: Program) -> bool:
    """Whether `user` may recognise participants of `program` (the wall's button)."""
    return user_may_recognise(user) and recognisable_programs(user).filter(pk=program.pk).exists()


def program_counts(program: Program) -> Counts:
    """The kudos sent in `program`, by kind of sender (shown from five up)."""
    rows = dict(
        Kudos.objects.filter(program=program)
        .values_list("sender_kind")
        .annotate(n=Count("pk"))
        .values_list("sender_kind", "n")
    )
    total = sum(rows.values())
    on_wall = program_wall(program).count()
    by_value = [(kind.value, shown_count(rows.get(kind.value, 0))) for kind in SenderKind]
    # A hidden cell must not come back by subtraction: no total when any cell is hidden.
    some_hidden = any(count is None for _kind, count in by_value)
    return Counts(
        total=None if some_hidden else shown_count(total),
        by_kind=[
            (kind.label, count) for kind, (_v, count) in zip(SenderKind, by_value, strict=True)
        ],
        by_value=by_value,
        on_wall=shown_count(on_wall),
        total_kept_back=some_hidden and total >= MIN_GROUP_SIZE,
    )
