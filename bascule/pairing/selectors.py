"""Reads for matching. Who may see what is decided here, as in the programs app:

- HR admins use the workbench of every program; a program manager that of the programs they
  manage (another program is a 404); other roles never (403).
- A participant sees their own published pairs only.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from bascule.accounts.models import Role, User
from bascule.core.permissions import user_can_match, user_has_pairs
from bascule.core.small_groups import MIN_GROUP_SIZE, is_shown, split_small_groups
from bascule.pairing import inputs
from bascule.pairing.explain import Explainer, warnings_text
from bascule.pairing.models import (
    MatchRun,
    MentorRequest,
    Pair,
    PairRule,
    PairStatus,
    Proposal,
    RequestStatus,
    RuleKind,
    RunStatus,
)
from bascule.people.models import Department, GenerationBand
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.programs.selectors import programs_managed_by


def access_matching_program(*, user: Any, program_id: int) -> Program:
    """Return a program whose matching `user` runs: 403 for other roles, 404 out of scope."""
    if not user_can_match(user):
        raise PermissionDenied
    program = programs_managed_by(user=user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def access_run(*, user: Any, run_id: int) -> MatchRun:
    if not user_can_match(user):
        raise PermissionDenied
    run = (
        MatchRun.objects.select_related("program", "run_by", "published_by")
        .filter(pk=run_id, program__in=programs_managed_by(user=user))
        .first()
    )
    if run is None:
        raise Http404
    return run


def access_proposal(*, user: Any, proposal_id: int) -> Proposal:
    if not user_can_match(user):
        raise PermissionDenied
    proposal = (
        Proposal.objects.select_related(
            "run",
            "run__program",
            "mentee_application__employee",
            "mentor_application__employee",
        )
        .filter(pk=proposal_id, run__program__in=programs_managed_by(user=user))
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def access_program_proposal(*, user: Any, program: Program, proposal_id: int) -> Proposal:
    """Return a proposal of `program` (404 when it belongs to another program)."""
    proposal = access_proposal(user=user, proposal_id=proposal_id)
    if proposal.run.program_id != program.pk:
        raise Http404
    return proposal


def access_pair(*, user: Any, pair_id: int) -> Pair:
    """Return a published pair of a program `user` runs (404 out of scope, 403 other roles)."""
    if not user_can_match(user):
        raise PermissionDenied
    pair = (
        Pair.objects.select_related("program", "mentor", "mentee")
        .filter(pk=pair_id, program__in=programs_managed_by(user=user))
        .first()
    )
    if pair is None:
        raise Http404
    return pair


def access_program_application(*, program: Program, application_id: int) -> Application:
    """Return an application to `program` (404 when it belongs to another program)."""
    application = (
        Application.objects.select_related("employee", "employee__department")
        .filter(pk=application_id, program=program)
        .first()
    )
    if application is None:
        raise Http404
    return application


def program_pairs(*, program: Program) -> QuerySet[Pair]:
    """The published pairs of a program, active first, by mentee."""
    return (
        Pair.objects.filter(program=program)
        .select_related("mentee__department", "mentor__department", "ended_by", "published_by")
        .order_by("status", "mentee__last_name", "mentee__first_name", "pk")
    )


def access_rule(*, user: Any, rule_id: int) -> PairRule:
    if not user_can_match(user):
        raise PermissionDenied
    rule = (
        PairRule.objects.select_related(
            "program", "mentee_application__employee", "mentor_application__employee"
        )
        .filter(pk=rule_id, program__in=programs_managed_by(user=user))
        .first()
    )
    if rule is None:
        raise Http404
    return rule


@dataclass(frozen=True)
class PublicationPreview:
    """What publishing a run would do, for its confirmation step: counts only."""

    pairs: int  # pairs created
    people: int  # distinct members of those pairs
    emails: int  # e-mails sent: one per member with an active account and pair
    without_account: int  # members nobody can e-mail (no active account)
    unmatched: int  # approved mentees the run leaves without a mentor
    pending: int  # applications still awaiting review or waitlisted


def announcement_emails(*, pairs: list[Pair]) -> int:
    """Return how many e-mails announce `pairs`: one per member with an active account and
    pair (one query)."""
    members = [employee for pair in pairs for employee in (pair.mentor_id, pair.mentee_id)]
    reachable = set(
        User.objects.filter(is_active=True, employee_id__in=members).values_list(
            "employee_id", flat=True
        )
    )
    return sum(1 for employee in members if employee in reachable)


def publication_preview(*, run: MatchRun) -> PublicationPreview:
    """Return what publishing `run` would create and whom it would e-mail, in four queries."""
    members = list(
        run.proposals.values_list(
            "mentor_application__employee_id", "mentee_application__employee_id"
        )
    )
    people = {employee for pair in members for employee in pair}
    reachable = set(
        User.objects.filter(is_active=True, employee_id__in=people).values_list(
            "employee_id", flat=True
        )
    )
    pending = Application.objects.filter(
        program_id=run.program_id,
        status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED),
    ).count()
    return PublicationPreview(
        pairs=len(members),
        people=len(people),
        emails=sum(1 for pair in members for employee in pair if employee in reachable),
        without_account=len(people - reachable),
        unmatched=run.unmatched,
        pending=pending,
    )


def program_runs(*, program: Program) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(program=program).select_related("run_by", "published_by")


def program_rules(*, program: Program) -> QuerySet[PairRule]:
    return PairRule.objects.filter(program=program).select_related(
        "mentee_application__employee", "mentor_application__employee", "created_by"
    )


def approved_applications(*, program: Program) -> QuerySet[Application]:
    """Return the approved applications of `program`, both sides, by applicant's name."""
    return (
        Application.objects.filter(program=program, status=ApplicationStatus.APPROVED)
        .select_related("employee", "employee__department")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )


def with_runs(programs: QuerySet[Program]) -> QuerySet[Program]:
    """Return `programs` each with `runs` (how many matching runs were made) and
    `runs_waiting` (proposed runs not published), as subqueries: no query of its own."""

    def runs(**filters: Any) -> Coalesce:
        counted = (
            MatchRun.objects.filter(program=OuterRef("pk"), **filters)
            .order_by()
            .values("program")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(counted), 0)

    return programs.annotate(runs=runs(), runs_waiting=runs(status=RunStatus.PROPOSED))


@dataclass
class PairRow:
    """What figures over many pairs read of a pair (its status, dates and members' ids), with
    its program: read by the thousand, lighter than a Pair each."""

    pk: int
    program_id: int
    mentor_id: int
    mentee_id: int
    status: str
    paused_at: dt.datetime | None
    published_at: dt.datetime
    ended_at: dt.datetime | None
    program: Program


def pairs_of(*, programs: list[Program]) -> list[PairRow]:
    """Return the pairs of `programs` (ended ones included), each with its program from
    `programs`: one query."""
    by_id = {program.pk: program for program in programs}
    rows = (
        Pair.objects.filter(program_id__in=list(by_id))
        .order_by()
        .values_list(
            "pk",
            "program_id",
            "mentor_id",
            "mentee_id",
            "status",
            "paused_at",
            "published_at",
            "ended_at",
        )
    )
    return [PairRow(*row, program=by_id[row[1]]) for row in rows]


# --- A run, as the workbench shows it ----------------------------------------------------------


@dataclass
class ProposalView:
    proposal: Proposal
    mentee: Any
    mentor: Any
    explanation: str
    warnings: list[str]
    breakdown: list[tuple[str, float]]


@dataclass
class UnmatchedView:
    application: Application | None
    side: str
    explanation: str


@dataclass
class RunView:
    run: MatchRun
    proposals: list[ProposalView]  # the page shown (every proposal without pagination)
    unmatched: list[UnmatchedView]
    total: int  # proposals of the run
    departments: list[tuple[int, str]] = field(default_factory=list)
    shown: int = 0  # proposals passing the filters, on every page
    page_obj: Page | None = None

    @property
    def mean_score(self) -> float | None:
        return self.run.total_score / self.run.matched if self.run.matched else None


def _matches(name: str, department_id: int | None, query: str, department: int | None) -> bool:
    if department and department_id != department:
        return False
    return not (query and query.lower() not in name.lower())


# Proposals per page of the workbench: a program of 20,000 people has 11,000 of them.
PROPOSALS_PER_PAGE = 100


def run_view(
    *,
    run: MatchRun,
    language: str,
    query: str = "",
    department: int | None = None,
    page: str | int | None = None,
    per_page: int | None = None,
) -> RunView:
    """Return the run's proposals (best score first) and the people left aside, explained
    in `language`, filtered by a part of a name and a department (either side).

    With `page` (a page number; out of range: the last page), only that page of `per_page`
    (default PROPOSALS_PER_PAGE) proposals is loaded and explained, so that the page of a
    large program stays light; without it, every proposal is.
    """
    from bascule.pairing.explain import component_label

    # Names and departments of both sides, without building model instances: enough to
    # filter and to list the departments.
    light = run.proposals.order_by("-score", "pk").values_list(
        "pk",
        "mentee_application__employee__first_name",
        "mentee_application__employee__last_name",
        "mentee_application__employee__department_id",
        "mentor_application__employee__first_name",
        "mentor_application__employee__last_name",
        "mentor_application__employee__department_id",
    )
    department_ids: set[int] = set()
    wanted: list[int] = []
    total = 0
    for pk, e_first, e_last, e_dept, m_first, m_last, m_dept in light.iterator(chunk_size=5000):
        total += 1
        department_ids.update(d for d in (e_dept, m_dept) if d)
        if query or department:
            mentee_name = f"{e_first} {e_last}".strip()
            mentor_name = f"{m_first} {m_last}".strip()
            if not (
                _matches(mentee_name, e_dept, query, department)
                or _matches(mentor_name, m_dept, query, department)
            ):
                continue
        wanted.append(pk)
    per_page = per_page or PROPOSALS_PER_PAGE
    page_obj = Paginator(wanted, per_page).get_page(page) if page is not None else None
    ids = list(page_obj.object_list) if page_obj is not None else wanted
    found = run.proposals.select_related(
        "mentee_application__employee__department",
        "mentor_application__employee__department",
    ).in_bulk(ids)
    proposals = [found[pk] for pk in ids]
    unmatched_ids = [u.get("application_id") for u in run.unmatched_people]
    applications = Application.objects.select_related("employee", "employee__department").in_bulk(
        [i for i in unmatched_ids if i]
    )
    explainer = Explainer(
        [p.reasons for p in proposals] + [u.get("reasons", []) for u in run.unmatched_people],
        language,
    )
    rows = []
    for p in proposals:
        mentee, mentor = p.mentee_application.employee, p.mentor_application.employee
        rows.append(
            ProposalView(
                proposal=p,
                mentee=mentee,
                mentor=mentor,
                explanation=explainer.sentence(p.reasons, mentor.first_name, mentee.first_name),
                warnings=warnings_text(p.warnings),
                breakdown=[
                    (component_label(name), value) for name, value in (p.breakdown or {}).items()
                ],
            )
        )
    unmatched = []
    for entry in run.unmatched_people:
        application = applications.get(entry.get("application_id"))
        if application is not None and application.employee.department_id:
            department_ids.add(application.employee.department_id)
        filtering = application is not None and (query or department)
        if filtering and not _matches(
            application.employee.full_name, application.employee.department_id, query, department
        ):
            continue
        name = application.employee.first_name if application else ""
        unmatched.append(
            UnmatchedView(
                application=application,
                side=entry.get("side", ""),
                explanation=explainer.sentence(
                    entry.get("reasons", []),
                    mentor=name if entry.get("side") == "mentor" else "",
                    mentee=name if entry.get("side") == "mentee" else "",
                ),
            )
        )
    unmatched.sort(
        key=lambda u: (
            u.side != "mentee",
            u.application.employee.full_name if u.application else "",
        )
    )
    departments = Department.objects.filter(pk__in=department_ids).values_list("pk", "name")
    return RunView(
        run=run,
        proposals=rows,
        unmatched=unmatched,
        total=total,
        departments=sorted(departments, key=lambda item: item[1]),
        shown=len(wanted),
        page_obj=page_obj,
    )


def parameters_text(run: MatchRun) -> str:
    """The weights a run used, named in the reader's language."""
    from bascule.pairing.explain import component_label

    weights = (run.parameters or {}).get("weights", {})
    return ", ".join(
        f"{component_label(name)} {number_format(value, 2)}" for name, value in weights.items()
    )


def certificate_text(run: MatchRun) -> str:
    """The certificate in words: how far from the best possible, and the cardinality proof."""
    gap = number_format(run.gap_percent, 2)
    text = _("Within %(gap)s %% of the best possible matching") % {"gap": gap}
    if run.max_matched_proven:
        text += _("; no matching can pair more mentees")
    else:
        text += _("; not proven that no matching can pair more mentees")
    if run.edited:
        text += _(" (as computed, before the changes made by hand)")
    return text + "."


# --- Fairness ----------------------------------------------------------------------------------


@dataclass
class FairnessRow:
    label: str
    mentees: int
    matched: int
    mean_score: float | None
    # True for the row that pools the groups too small to be shown on their own.
    pooled: bool = False

    @property
    def rate(self) -> float:
        return 100 * self.matched / self.mentees if self.mentees else 0.0


@dataclass
class FairnessTable:
    """One breakdown of the mentees: the groups of MIN_GROUP_SIZE or more, then one row
    pooling the smaller ones when the pool itself is that large; `hidden_groups` counts the
    small groups, whether pooled or left out."""

    rows: list[FairnessRow] = field(default_factory=list)
    hidden_groups: int = 0
    min_group_size: int = MIN_GROUP_SIZE

    @property
    def pooled(self) -> bool:
        return any(row.pooled for row in self.rows)


@dataclass
class Fairness:
    by_department: FairnessTable
    by_level: FairnessTable
    by_location: FairnessTable
    # (number of mentees, number of mentors with that many)
    load: list[tuple[int, int]]
    by_generation: FairnessTable = field(default_factory=FairnessTable)
    min_group_size: int = MIN_GROUP_SIZE

    @property
    def hidden_groups(self) -> bool:
        return any(
            table.hidden_groups
            for table in (self.by_department, self.by_level, self.by_location, self.by_generation)
        )


def fairness(*, run: MatchRun) -> Fairness:
    """Match rate and mean score of the mentees by department, seniority level, location and
    self-declared generation (Bascule stores no age, and the generation is never a matching
    criterion), and how many mentees each mentor has. Groups of fewer than MIN_GROUP_SIZE
    mentees are not shown on their own (the small-group rule of `bascule.core.small_groups`)."""
    # Plain values, not model instances: a large program has tens of thousands of pairs.
    proposals = list(
        run.proposals.values_list(
            "mentee_application__employee__department__name",
            "mentee_application__employee__seniority_level",
            "mentee_application__employee__location",
            "mentee_application__employee__generation_band",
            "score",
            "mentor_application_id",
        )
    )
    unmatched = [u for u in run.unmatched_people if u.get("application_id")]
    unmatched_mentees = Application.objects.filter(
        pk__in=[u["application_id"] for u in unmatched if u.get("side") == ParticipantRole.MENTEE]
    ).values_list(
        "employee__department__name",
        "employee__seniority_level",
        "employee__location",
        "employee__generation_band",
    )
    # (department name, seniority level, location, generation) of each mentee, and the score
    # if matched.
    mentee_rows: list[tuple[tuple, float | None]] = [(p[:4], p[4]) for p in proposals]
    mentee_rows += [(tuple(row), None) for row in unmatched_mentees]

    def row(label: str, scores: list[float | None], *, pooled: bool = False) -> FairnessRow:
        matched = [s for s in scores if s is not None]
        return FairnessRow(
            label=label,
            mentees=len(scores),
            matched=len(matched),
            mean_score=fmean(matched) if matched else None,
            pooled=pooled,
        )

    def group(key) -> FairnessTable:
        groups: dict[str, list[float | None]] = defaultdict(list)
        for mentee, score in mentee_rows:
            groups[key(mentee)].append(score)
        split = split_small_groups(sorted(groups), size=lambda label: len(groups[label]))
        rows = [row(label, groups[label]) for label in split.shown]
        pool = [score for label in split.small for score in groups[label]]
        if is_shown(len(pool)):
            rows.append(row(str(_("Other groups")), pool, pooled=True))
        return FairnessTable(rows=rows, hidden_groups=split.hidden_groups)

    no_department = _("No department")
    by_department = group(lambda e: e[0] or no_department)
    level_unknown = _("Level unknown")
    by_level = group(lambda e: _("Level %(level)s") % {"level": e[1]} if e[1] else level_unknown)
    no_location = _("Location unknown")
    by_location = group(lambda e: e[2] or no_location)
    bands = dict(GenerationBand.choices)
    undeclared = _("Not declared")
    by_generation = group(
        lambda e: str(bands[e[3]]) if e[3] in bands and e[3] != "undisclosed" else undeclared
    )
    load = Counter(p[5] for p in proposals)
    idle = sum(1 for u in unmatched if u.get("side") == ParticipantRole.MENTOR)
    distribution = Counter(load.values())
    if idle:
        distribution[0] += idle
    return Fairness(
        by_department=by_department,
        by_level=by_level,
        by_location=by_location,
        load=sorted(distribution.items()),
        by_generation=by_generation,
    )


# --- Comparing two runs ------------------------------------------------------------------------


@dataclass
class ComparedPair:
    mentee: Any
    mentor: Any
    score_a: float | None
    score_b: float | None

    @property
    def difference(self) -> float | None:
        if self.score_a is None or self.score_b is None:
            return None
        return self.score_b - self.score_a


@dataclass
class Comparison:
    a: MatchRun
    b: MatchRun
    both: list[ComparedPair]
    only_a: list[ComparedPair]
    only_b: list[ComparedPair]

    @property
    def score_difference(self) -> float:
        return self.b.total_score - self.a.total_score


def compare_runs(*, a: MatchRun, b: MatchRun) -> Comparison:
    """Return the pairs in both runs, only in A, only in B, with their scores in each."""

    def pairs(run: MatchRun) -> dict[tuple[int, int], Proposal]:
        return {
            (p.mentee_application_id, p.mentor_application_id): p
            for p in run.proposals.select_related(
                "mentee_application__employee", "mentor_application__employee"
            )
        }

    in_a, in_b = pairs(a), pairs(b)

    def ordered(keys) -> list[ComparedPair]:
        found = []
        for key in keys:
            one = in_a.get(key) or in_b[key]
            found.append(
                ComparedPair(
                    mentee=one.mentee_application.employee,
                    mentor=one.mentor_application.employee,
                    score_a=in_a[key].score if key in in_a else None,
                    score_b=in_b[key].score if key in in_b else None,
                )
            )
        return sorted(found, key=lambda pair: (pair.mentee.last_name, pair.mentee.first_name))

    return Comparison(
        a=a,
        b=b,
        both=ordered(in_a.keys() & in_b.keys()),
        only_a=ordered(in_a.keys() - in_b.keys()),
        only_b=ordered(in_b.keys() - in_a.keys()),
    )


# --- Participants ------------------------------------------------------------------------------


@dataclass
class PartnerView:
    pair: Pair
    program: Program
    partner: Any
    role: str  # the reader's role
    explanation: str


def my_pairs(*, user: Any, language: str) -> list[PartnerView]:
    """Return the user's active pairs, each with the partner and why, in `language`."""
    if not user_has_pairs(user):
        return []
    employee_id = user.employee_id
    pairs = list(
        Pair.objects.filter(
            Q(mentor_id=employee_id) | Q(mentee_id=employee_id), status=PairStatus.ACTIVE
        )
        .select_related("program", "mentor__department", "mentee__department")
        .order_by("-published_at", "pk")
    )
    return partner_views(pairs=pairs, user=user, language=language)


def partner_views(*, pairs: list[Pair], user: Any, language: str) -> list[PartnerView]:
    """Return `pairs` (the user's, with their program and members) each with the partner and
    why the two were paired, in `language`: one query for the skills named, at most."""
    employee_id = user.employee_id
    explainer = Explainer([p.reasons for p in pairs], language)
    views = []
    for pair in pairs:
        is_mentor = pair.mentor_id == employee_id
        views.append(
            PartnerView(
                pair=pair,
                program=pair.program,
                partner=pair.mentee if is_mentor else pair.mentor,
                role=ParticipantRole.MENTOR if is_mentor else ParticipantRole.MENTEE,
                explanation=explainer.sentence(
                    pair.reasons, pair.mentor.first_name, pair.mentee.first_name
                ),
            )
        )
    return views


def member_pairs(*, user: Any) -> QuerySet[Pair]:
    """Return the pairs `user` belongs to (as mentor or mentee), active first, newest first,
    with their program and members' departments."""
    if not user_has_pairs(user):
        return Pair.objects.none()
    return (
        Pair.objects.select_related("program", "mentor__department", "mentee__department")
        .filter(Q(mentor_id=user.employee_id) | Q(mentee_id=user.employee_id))
        .order_by("status", "-published_at", "-id")
    )


def access_member_pair(*, user: Any, pair_id: int, active: bool = False) -> Pair:
    """Return a pair `user` is a member of, for the pair's own space (goals, notes, meetings).

    Anyone else gets a 404, HR included: the pair's content belongs to its two members; HR
    reads activity through its own pages. With `active`, an ended pair is a 404 too (writes).
    """
    pairs = member_pairs(user=user).filter(pk=pair_id)
    if active:
        pairs = pairs.filter(status=PairStatus.ACTIVE)
    pair = pairs.first()
    if pair is None:
        raise Http404
    return pair


# --- Self-match --------------------------------------------------------------------------------


def access_self_match_mentee(*, user: Any, program_id: int) -> Application:
    """Return the user's approved mentee application to a self-match program (403 for users
    without an employee record, 404 when they are not an approved mentee of it)."""
    if not user_has_pairs(user):
        raise PermissionDenied
    application = (
        Application.objects.select_related("program", "employee", "employee__department")
        .filter(
            program_id=program_id,
            program__self_match=True,
            employee_id=user.employee_id,
            role=ParticipantRole.MENTEE,
            status=ApplicationStatus.APPROVED,
        )
        .first()
    )
    if application is None:
        raise Http404
    return application


def access_mentor_request(*, user: Any, request_id: int) -> MentorRequest:
    """Return a request addressed to the user as a mentor (404 otherwise)."""
    if not user_has_pairs(user):
        raise PermissionDenied
    request = (
        MentorRequest.objects.select_related(
            "program", "mentee_application__employee", "mentor_application__employee"
        )
        .filter(pk=request_id, mentor_application__employee_id=user.employee_id)
        .first()
    )
    if request is None:
        raise Http404
    return request


# What a mentor request shows: its program and both people with their department.
REQUEST_RELATIONS = (
    "program",
    "mentee_application__employee__department",
    "mentor_application__employee__department",
)


def requests_to_me(*, user: Any) -> list[MentorRequest]:
    """Requests addressed to the user as a mentor: waiting ones first, then by date."""
    if not user_has_pairs(user):
        return []
    rows = MentorRequest.objects.filter(
        mentor_application__employee_id=user.employee_id
    ).select_related(*REQUEST_RELATIONS)
    rows = rows.order_by("-created_at", "-pk")
    return sorted(rows, key=lambda r: r.status != RequestStatus.PENDING)


def requests_from_me(*, user: Any) -> list[MentorRequest]:
    if not user_has_pairs(user):
        return []
    return list(
        MentorRequest.objects.filter(
            mentee_application__employee_id=user.employee_id
        ).select_related(*REQUEST_RELATIONS)
    )


def self_match_programs(*, user: Any) -> list[Program]:
    """The self-match programs in which the user, an approved mentee, may choose a mentor."""
    if not user_has_pairs(user):
        return []
    return list(
        Program.objects.filter(
            self_match=True,
            status=ProgramStatus.MATCHING,
            applications__employee_id=user.employee_id,
            applications__role=ParticipantRole.MENTEE,
            applications__status=ApplicationStatus.APPROVED,
        ).distinct()
    )


def with_pending_requests(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Return `applications` each with `pending_requests`: how many mentees' requests to it
    wait for an answer (a subquery, no query of its own)."""
    pending = (
        MentorRequest.objects.filter(
            mentor_application=OuterRef("pk"), status=RequestStatus.PENDING
        )
        .order_by()
        .values("mentor_application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return applications.annotate(pending_requests=Coalesce(Subquery(pending), 0))


def may_choose_a_mentor(application: Application) -> bool:
    """Return whether `application` (with its program) lets its mentee choose a mentor now, as
    `self_match_programs` lists the programs: approved, in a self-match program matching."""
    program = application.program
    return (
        application.role == ParticipantRole.MENTEE
        and application.status == ApplicationStatus.APPROVED
        and program.self_match
        and program.status == ProgramStatus.MATCHING
    )


def program_requests(*, program: Program) -> list[MentorRequest]:
    return list(
        MentorRequest.objects.filter(program=program).select_related(
            "mentee_application__employee", "mentor_application__employee"
        )
    )


# --- Pairs' members and room ---------------------------------------------------------------------


def pair_users(pair: Pair) -> tuple[User | None, User | None]:
    """The (mentor, mentee) users of a pair; None for a member without an active account."""
    users = {
        u.employee_id: u
        for u in User.objects.filter(
            is_active=True, employee_id__in=[pair.mentor_id, pair.mentee_id]
        )
    }
    return users.get(pair.mentor_id), users.get(pair.mentee_id)


def hr_recipients(program: Program) -> list[User]:
    """HR admins and the program's managers, active."""
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.HR_ADMIN) | Q(is_superuser=True) | Q(managed_programs=program))
        .distinct()
    )


def active_load(program: Program) -> Counter[int]:
    """Return mentor application id → number of active pairs in `program`."""
    return Counter(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE).values_list(
            "mentor_application_id", flat=True
        )
    )


def paired_mentees(program: Program) -> set[int]:
    """Return the application ids of the mentees who have an active pair in `program`."""
    return set(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE).values_list(
            "mentee_application_id", flat=True
        )
    )


def has_room(application: Application, program: Program, load=None, paired=None) -> bool:
    """True when `application` may take a new partner: a mentee without an active pair, a
    mentor below the program's capacity."""
    if application.role == ParticipantRole.MENTEE:
        paired = paired_mentees(program) if paired is None else paired
        return application.pk not in paired
    load = active_load(program) if load is None else load
    return load[application.pk] < program.mentor_capacity


def people_with_room(program: Program) -> list[Application]:
    """Return the approved people of `program` who may take a new partner, mentees first."""
    load, paired = active_load(program), paired_mentees(program)
    rows = (
        Application.objects.filter(program=program, status=ApplicationStatus.APPROVED)
        .select_related("employee", "employee__department")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    people = [a for a in rows if has_room(a, program, load, paired)]
    return sorted(people, key=lambda a: a.role != ParticipantRole.MENTEE)


# --- Runs ----------------------------------------------------------------------------------------


def latest_run(program: Program) -> MatchRun | None:
    return MatchRun.objects.filter(program=program).order_by("-started_at", "-id").first()


def stale_reasons(run: MatchRun, program: Program | None = None) -> list[str]:
    """Return why `run` no longer reflects its program (empty when it still does)."""
    program = program or Program.objects.get(pk=run.program_id)
    reasons = []
    newest = latest_run(program)
    if newest is not None and newest.pk != run.pk:
        reasons.append(_("A newer run exists: publish that one, or run the matching again."))
    if inputs.application_fingerprint(program) != run.parameters.get("applications"):
        reasons.append(_("Applications changed since this run (approved, withdrawn or edited)."))
    parameters = inputs.program_parameters(program)
    if any(run.parameters.get(key) != value for key, value in parameters.items()):
        reasons.append(_("The matching settings changed since this run."))
    excluded = set(
        PairRule.objects.filter(program=program, kind=RuleKind.EXCLUDE).values_list(
            "mentee_application_id", "mentor_application_id"
        )
    )
    pairs = run.proposals.values_list("mentee_application_id", "mentor_application_id")
    if excluded and any(pair in excluded for pair in pairs):
        reasons.append(_("One of its pairs was excluded since."))
    return reasons


# --- Mentees' requests ---------------------------------------------------------------------------


def accepted_load(program: Program) -> Counter[int]:
    """Mentor application id → accepted requests in `program`."""
    return Counter(
        MentorRequest.objects.filter(program=program, status=RequestStatus.ACCEPTED).values_list(
            "mentor_application_id", flat=True
        )
    )


def open_request(program: Program, mentee: Application) -> MentorRequest | None:
    """The mentee's pending or accepted request, if any."""
    return (
        MentorRequest.objects.filter(
            program=program,
            mentee_application=mentee,
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        )
        .select_related("mentor_application__employee")
        .first()
    )
