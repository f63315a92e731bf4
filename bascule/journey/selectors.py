"""Reads of the mentoring journey. Who may see what is decided here:

- A pair's space, its kickoff, goals and shared notes: the pair's two members only
  (`access_member_pair` of the pairing app); everyone else gets a 404, HR included.
- A private note: its author only. `my_private_notes` and `access_private_note` are the only
  reads of `PrivateNote`, and both filter on the author first.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from bascule.journey.models import (
    Goal,
    GoalDirection,
    KickoffConfirmation,
    Milestone,
    PrivateNote,
    SharedNote,
)
from bascule.pairing.models import Pair, PairStatus
from bascule.pairing.selectors import access_member_pair, member_pairs, partner_views
from bascule.programs.models import ApplicationSkill, ParticipantRole


def access_pair_space(*, user: Any, pair_id: int, active: bool = False) -> Pair:
    """Return a pair `user` is a member of; 404 for anyone else. `active` for writes."""
    return access_member_pair(user=user, pair_id=pair_id, active=active)


def member_role(*, pair: Pair, user: Any) -> str:
    """Return the role of `user` in `pair` (mentor or mentee)."""
    return ParticipantRole.MENTOR if pair.mentor_id == user.employee_id else ParticipantRole.MENTEE


def partner_of(*, pair: Pair, user: Any) -> Any:
    """Return the other member of `pair` (an Employee)."""
    return pair.mentee if pair.mentor_id == user.employee_id else pair.mentor


@dataclass
class KickoffState:
    """Who confirmed the charter and their agreements, and whether the pair has started."""

    pair: Pair
    mine: KickoffConfirmation | None
    partner: KickoffConfirmation | None
    started_at: dt.datetime | None = None

    @property
    def started(self) -> bool:
        return self.started_at is not None


def kickoff_state(*, pair: Pair, user: Any) -> KickoffState:
    """Return the kickoff of `pair` seen by its member `user`.

    The pair is started when both members confirmed: at the later of the two confirmations.
    """
    return kickoff_states(pairs=[pair], user=user)[pair.pk]


def kickoff_states(*, pairs: list[Pair], user: Any) -> dict[int, KickoffState]:
    """Return the kickoff of each of `pairs` seen by its member `user`, by pair id (one
    query whatever the number of pairs)."""
    confirmations: dict[int, dict[int, KickoffConfirmation]] = {pair.pk: {} for pair in pairs}
    for confirmation in KickoffConfirmation.objects.filter(pair_id__in=list(confirmations)):
        confirmations[confirmation.pair_id][confirmation.member_id] = confirmation
    states = {}
    for pair in pairs:
        partner_id = pair.mentee_id if pair.mentor_id == user.employee_id else pair.mentor_id
        mine = confirmations[pair.pk].get(user.employee_id)
        partner = confirmations[pair.pk].get(partner_id)
        started_at = max(mine.confirmed_at, partner.confirmed_at) if mine and partner else None
        states[pair.pk] = KickoffState(pair=pair, mine=mine, partner=partner, started_at=started_at)
    return states


def pair_started_at(*, pair: Pair) -> dt.datetime | None:
    """Return when both members of `pair` had confirmed the kickoff, or None."""
    times = [
        k.confirmed_at
        for k in KickoffConfirmation.objects.filter(
            pair=pair, member_id__in=[pair.mentor_id, pair.mentee_id]
        )
    ]
    return max(times) if len(times) == 2 else None


def _goals(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    return (
        goals.select_related("created_by", "updated_by")
        .prefetch_related(
            "skills", Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id"))
        )
        .order_by("direction", "target_date", "id")
    )


def pair_goals(*, pair: Pair) -> QuerySet[Goal]:
    """Return the goals of `pair` with their skills and milestones, learning goals first."""
    return _goals(Goal.objects.filter(pair=pair))


def goals_by_pair(*, pair_ids: list[int], details: bool = True) -> dict[int, list[Goal]]:
    """Return the goals of each pair of `pair_ids` as `pair_goals` lists them, by pair id
    (three queries whatever the number of pairs; one without the `details`: the skills,
    milestones and authors, which a summary of the goals does not show)."""
    goals: dict[int, list[Goal]] = {pair_id: [] for pair_id in pair_ids}
    found = Goal.objects.filter(pair_id__in=pair_ids)
    found = _goals(found) if details else found.order_by("direction", "target_date", "id")
    for goal in found:
        goals[goal.pair_id].append(goal)
    return goals


@dataclass
class GoalGroup:
    direction: str
    owner: Any  # the Employee whose goals these are
    goals: list[Goal] = field(default_factory=list)


def goal_groups(*, pair: Pair, goals: list[Goal] | None = None) -> list[GoalGroup]:
    """Return the mentee's learning goals, then the mentor's growth goals (`goals`: those of
    `pair_goals`, when already read)."""
    groups = {
        GoalDirection.LEARNING: GoalGroup(GoalDirection.LEARNING, pair.mentee),
        GoalDirection.GROWTH: GoalGroup(GoalDirection.GROWTH, pair.mentor),
    }
    for goal in pair_goals(pair=pair) if goals is None else goals:
        groups[goal.direction].goals.append(goal)
    return list(groups.values())


def application_skill_ids(*, pair: Pair) -> set[int]:
    """Return the skills named in the two members' applications (shared or to develop)."""
    return set(
        ApplicationSkill.objects.filter(
            application_id__in=[pair.mentor_application_id, pair.mentee_application_id]
        ).values_list("skill_id", flat=True)
    )


def access_goal(*, pair: Pair, goal_id: int) -> Goal:
    """Return a goal of `pair` (already checked with `access_pair_space`); 404 otherwise."""
    goal = pair_goals(pair=pair).filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    return goal


def shared_notes(*, pair: Pair) -> QuerySet[SharedNote]:
    """Return the shared notes of `pair`, newest first."""
    return SharedNote.objects.filter(pair=pair).select_related("author__employee")


def access_own_shared_note(*, user: Any, pair: Pair, note_id: int) -> SharedNote:
    """Return a shared note `user` wrote in `pair` (to change or delete it); 404 for any
    other, the partner's included."""
    note = shared_notes(pair=pair).filter(pk=note_id, author_id=user.pk).first()
    if note is None:
        raise Http404
    return note


def my_private_notes(*, user: Any, pair: Pair) -> QuerySet[PrivateNote]:
    """Return the private notes `user` wrote in `pair`, newest first: never anyone else's."""
    if not getattr(user, "is_authenticated", False):
        return PrivateNote.objects.none()
    return PrivateNote.objects.filter(author=user, pair=pair)


def access_private_note(*, user: Any, pair: Pair, note_id: int) -> PrivateNote:
    """Return a private note of `user` in `pair`; 404 for any other note."""
    note = my_private_notes(user=user, pair=pair).filter(pk=note_id).first()
    if note is None:
        raise Http404
    return note


@dataclass
class JourneySummary:
    """One active pair of the user, for their home page."""

    pair: Pair
    partner: Any
    role: str
    kickoff: KickoffState
    goals: list[Goal]
    explanation: str = ""  # why the two were paired, in the reader's language
    checkin: Any = None  # the member's CheckInDue for the current period
    next_meeting: Any = None  # the pair's next meeting not over yet, if any


def my_journeys(
    *,
    user: Any,
    language: str = "fr",
    now: dt.datetime | None = None,
    pairs: list[Pair] | None = None,
) -> list[JourneySummary]:
    """Return the user's active pairs, each with the partner, the kickoff, the goals (without
    their details), why the two were paired (in `language`), the check-in of the current
    period and the next meeting. `pairs`: the user's active pairs, with their program and
    members' departments, when already read. A fixed number of queries whatever the number
    of pairs."""
    # The check-in selectors read this module's goals: imported here to avoid a cycle.
    from bascule.journey.checkins.selectors import checkins_due
    from bascule.meetings.selectors import next_meetings

    if pairs is None:
        pairs = list(member_pairs(user=user).filter(status=PairStatus.ACTIVE))
    if not pairs:
        return []
    explained = {
        view.pair.pk: view.explanation
        for view in partner_views(pairs=pairs, user=user, language=language)
    }
    kickoffs = kickoff_states(pairs=pairs, user=user)
    goals = goals_by_pair(pair_ids=[pair.pk for pair in pairs], details=False)
    checkins = checkins_due(user=user, pairs=pairs, goals=goals, now=now)
    meetings = next_meetings(user=user, pairs=pairs, now=now)
    return [
        JourneySummary(
            pair=pair,
            partner=partner_of(pair=pair, user=user),
            role=member_role(pair=pair, user=user),
            kickoff=kickoffs[pair.pk],
            goals=goals[pair.pk],
            explanation=explained.get(pair.pk, ""),
            checkin=checkins[pair.pk],
            next_meeting=meetings.get(pair.pk),
        )
        for pair in pairs
    ]
