"""Retention and promotion of a program's participants against matched colleagues who never
took part (docs/impact.md). Reads only.

Who is compared with whom: each participant (separately as mentor and as mentee), from their
program's start, with up to `peers_per_participant` colleagues drawn at random, without
replacement, from those who were in the same department, career-level band and tenure band
(and, optionally, location) on that day and never took part in any program. Both groups are
followed from the same day until they leave (the event) or the analysis date (censored); a
promotion is the first rise of the seniority level after the start.

Five queries whatever the number of employees and of start dates: the pairs, who ever took
part (applications, pairs), the employees, and their history of department, level, location
and job title (the level rises and the moves among it). Everyone's stratum at a start date
is computed at once with numpy (`_Company`), and only the strata the participants need
become pools of peers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from bascule.insights import stats
from bascule.pairing.models import Pair
from bascule.people.models import Employee, EmployeeChange, HistoryField
from bascule.programs.models import Application, ApplicationStatus, ParticipantRole, Program

MONTH_DAYS = 365.25 / 12
MILESTONES = (6, 12, 24)  # months after the start
HEADLINE_MONTHS = 12
PEERS_PER_PARTICIPANT = 3
SIGNIFICANCE = 0.05
ROLES = (ParticipantRole.MENTOR.value, ParticipantRole.MENTEE.value)

# Career-level bands (levels 1–2, 3–4, 5–6, 7–8) and tenure bands in years (<2, 2–5, 5–10, ≥10).
TENURE_BOUNDS = (2, 5, 10)

# Why a participant has no matched peers.
NO_PEER = "no_peer"
UNKNOWN_DEPARTMENT = "unknown_department"
UNKNOWN_LEVEL = "unknown_level"
UNKNOWN_HIRE_DATE = "unknown_hire_date"
UNKNOWN_LOCATION = "unknown_location"
INCONSISTENT_DATES = "inconsistent_dates"  # hired after their program's start, or left before
NOT_STARTED = "not_started"  # their program starts after the analysis date
MATCHED = "matched"


def level_band(level: int) -> int:
    """1 for levels 1–2, 2 for 3–4, 3 for 5–6, 4 for 7–8."""
    return (level + 1) // 2


def tenure_band(hire_date: dt.date, start: dt.date) -> int:
    """0 under 2 years at `start`, 1 for 2–5, 2 for 5–10, 3 for 10 years or more."""
    years = (start - hire_date).days / 365.25
    return sum(1 for bound in TENURE_BOUNDS if years >= bound)


# --- What is read --------------------------------------------------------------------------


@dataclass(frozen=True)
class _People:
    """Every employee as columns, in the order read (`index`: pk -> position)."""

    pk: list[int]
    hire_date: list[dt.date | None]
    level: list[int | None]
    department: list[str | None]  # cleaned (_clean)
    location: list[str | None]
    left_on: list[dt.date | None]
    erased: list[bool]
    index: dict[int, int]


def _clean(value: str | None) -> str | None:
    value = (value or "").strip().casefold()
    return value or None


def _level(value: str | int | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _cleaned(values: tuple) -> list[str | None]:
    """`_clean` of each value, computed once per distinct value (a few departments and
    locations for thousands of people)."""
    clean = {value: _clean(value) for value in set(values)}
    return [clean[value] for value in values]


def _load_people() -> _People:
    rows = list(
        Employee.objects.values_list(
            "pk",
            "hire_date",
            "seniority_level",
            "department__name",
            "location",
            "left_on",
            "erased_at",
        )  # fmt: skip
    )
    # Column by column (list comprehensions: much faster than zip(*rows) on 100,000 rows).
    pks, hires, levels, departments, locations, lefts, erased = (
        [row[i] for row in rows] for i in range(7)
    )
    return _People(
        pk=pks,
        hire_date=hires,
        level=levels,
        department=_cleaned(departments),
        location=_cleaned(locations),
        left_on=lefts,
        erased=[value is not None for value in erased],
        index={pk: i for i, pk in enumerate(pks)},
    )


def _promotions(rows: list, until: dt.date) -> dict[int, list[dt.date]]:
    """Each employee's days of a level rise (old < new) up to `until`, from the level
    history `rows` (employee, day, old, new), ordered by employee then day."""
    levels: dict[str, int | None] = {}  # each distinct value parsed once
    days: dict[int, list[dt.date]] = defaultdict(list)
    for pk, day, old, new in rows:
        if day > until:
            continue
        if old not in levels:
            levels[old] = _level(old)
        if new not in levels:
            levels[new] = _level(new)
        before, after = levels[old], levels[new]
        if before is not None and after is not None and after > before:
            days[pk].append(day)
    return days


# --- Results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    """A proportion `months` after the start, among those who started at least `months`
    before the analysis date (the others could not have been followed that long, whatever
    happened to them: counting their early events but not their stays would bias the share
    down) and, among them, followed that long or who had the event before (someone who left
    before a promotion is left out of the promotion share: we do not know). For retention,
    the share still in the company; for promotion, the share promoted. None when fewer than
    MIN_CELL people are known at that time."""

    months: int
    proportion: stats.Proportion | None


@dataclass(frozen=True)
class Group:
    """One group's follow-up. When it has fewer than MIN_CELL people, everything is hidden:
    `n`, `curve` and the milestones are None."""

    key: str  # "mentors", "mentor_peers", "mentees", "mentee_peers"
    n: int | None
    curve: stats.SurvivalCurve | None
    milestones: tuple[Milestone, ...]

    @property
    def shown(self) -> bool:
        return self.n is not None

    def milestone(self, months: int) -> stats.Proportion | None:
        for milestone in self.milestones:
            if milestone.months == months:
                return milestone.proportion
        return None


@dataclass(frozen=True)
class Comparison:
    """Participants of one role against their matched peers, for one outcome ("retention":
    leaving is the event; "promotion": the first level rise is)."""

    outcome: str
    role: str
    participants: Group
    peers: Group
    test: stats.LogRank | None

    def sentences(self) -> list[str]:
        """The result in plain words, in the active language."""
        return _describe(self)


@dataclass(frozen=True)
class Matching:
    """How one role's participants were matched. `breakdown` is the small-cell rule applied
    to {"matched": n, reason: n, ...} (its total: the participants); `peers` the number of
    peers drawn; `peers_without_hire_date` the colleagues left out of every stratum because
    their hire date is unknown."""

    role: str
    breakdown: stats.Suppressed
    peers: int
    peers_without_hire_date: int


@dataclass(frozen=True, eq=False)
class Followed:
    """The people followed for one role, as arrays in the same order: their pk, the day
    they were followed from and until (ordinals: their leaving or the analysis date), and
    whether they are a participant (else a matched peer)."""

    pk: np.ndarray
    start: np.ndarray
    end: np.ndarray
    participant: np.ndarray


@dataclass(frozen=True)
class RetentionReport:
    programs: tuple[int, ...]
    analysis_date: dt.date
    match_location: bool
    peers_per_participant: int
    seed: int
    matching: dict[str, Matching]
    retention: dict[str, Comparison]
    promotion: dict[str, Comparison]
    # participant pk -> their peers' pks, per role (for checks; never shown as such).
    matches: dict[str, dict[int, tuple[int, ...]]] = field(repr=False, default_factory=dict)
    # Those followed (participants matched and their peers), per role. Arrays: left out of
    # the comparison of two reports (numpy's == gives an array, not a truth value).
    followed: dict[str, Followed] = field(repr=False, compare=False, default_factory=dict)
    # Everyone's moves up to the analysis date (`Workforce.moves`).
    moves: np.ndarray = field(
        repr=False, compare=False, default_factory=lambda: np.array([], dtype=np.int64)
    )


# --- Computing -----------------------------------------------------------------------------


@dataclass
class _Follow:
    durations: list[float] = field(default_factory=list)
    observed: list[bool] = field(default_factory=list)
    # How long each person could have been followed: from their start to the analysis date.
    horizons: list[float] = field(default_factory=list)


def _group(key: str, follow: _Follow, *, retention: bool) -> Group:
    n = len(follow.durations)
    if not stats.enough(n):
        return Group(key=key, n=None, curve=None, milestones=())
    durations = np.asarray(follow.durations, dtype=float)
    observed = np.asarray(follow.observed, dtype=bool)
    horizons = np.asarray(follow.horizons, dtype=float)
    milestones = []
    for months in MILESTONES:
        # Known: started long enough ago, and the event by then or followed that long.
        eligible = horizons >= months
        happened = eligible & observed & (durations <= months)
        events = int(happened.sum())
        known = events + int((eligible & ~happened & (durations >= months)).sum())
        proportion = None
        if stats.enough(known):
            proportion = stats.wilson(known - events if retention else events, known)
        milestones.append(Milestone(months=months, proportion=proportion))
    curve = stats.kaplan_meier(follow.durations, follow.observed)
    return Group(key=key, n=n, curve=curve, milestones=tuple(milestones))


def _comparison(outcome: str, role: str, participants: _Follow, peers: _Follow) -> Comparison:
    retention = outcome == "retention"
    ours = _group(f"{role}s", participants, retention=retention)
    theirs = _group(f"{role}_peers", peers, retention=retention)
    test = None
    if ours.shown and theirs.shown:
        test = stats.logrank(
            participants.durations, participants.observed, peers.durations, peers.observed
        )
    return Comparison(outcome=outcome, role=role, participants=ours, peers=theirs, test=test)


STRATA_FIELDS = (HistoryField.DEPARTMENT, HistoryField.SENIORITY_LEVEL, HistoryField.LOCATION)
# Days are ordinals below 2**22 (dt.date.max): an employee and a day make one sortable key.
DAY_KEYS = 1 << 22


class _Company:
    """The employees as numpy arrays, in the order of `people`, with the history of their
    department, level and location, so that everyone's stratum at a start date is computed
    at once (docs/impact.md: the value on a day is the latest change on or before it, else
    the "before" of the first change after it, else today's value)."""

    def __init__(self, people: _People) -> None:
        self.people = people
        self.index = people.index
        self.departments: dict[str, int] = {}
        self.locations: dict[str, int] = {}
        never = dt.date.max.toordinal()
        self.pk = np.array(people.pk, dtype=np.int64)
        self.has_hire = np.array([day is not None for day in people.hire_date], dtype=bool)
        self.hire = np.array([day.toordinal() if day else 0 for day in people.hire_date])
        self.left = np.array([day.toordinal() if day else never for day in people.left_on])
        self.erased = np.array(people.erased, dtype=bool)
        bands = {level: _band(level) for level in set(people.level)}
        self.current = {
            HistoryField.DEPARTMENT: self._codes(self.departments, people.department),
            HistoryField.SENIORITY_LEVEL: np.array(
                [bands[level] for level in people.level], dtype=np.int64
            ),
            HistoryField.LOCATION: self._codes(self.locations, people.location),
        }
        # The strata's fields, and the job titles for the moves (`moves`).
        names = (*STRATA_FIELDS, HistoryField.JOB_TITLE)
        rows_by_name: dict[str, list] = {name: [] for name in names}
        for row in (
            EmployeeChange.objects.filter(field__in=list(names))
            .order_by("field", "employee_id", "effective_on", "id")
            .values_list("field", "employee_id", "effective_on", "old_value", "new_value")
        ):
            rows_by_name[row[0]].append(row[1:])
        self.changes = {name: self._read(name, rows_by_name[name]) for name in STRATA_FIELDS}
        # (employee, day, old, new) of each field's changes, by employee then day.
        self.rows = rows_by_name

    @staticmethod
    def _code(table: dict[str, int], value: str | None) -> int:
        return -1 if value is None else table.setdefault(value, len(table))

    @classmethod
    def _codes(cls, table: dict[str, int], values: list[str | None]) -> np.ndarray:
        """Each of `values`' code in `table` (a new value gets the next code), each distinct
        value looked up once."""
        codes = {value: cls._code(table, value) for value in dict.fromkeys(values)}
        return np.array([codes[value] for value in values], dtype=np.int64)

    def moves(self, until: dt.date) -> np.ndarray:
        """The changes of department or job title up to `until` (a real change: from a
        known value to another), as sorted keys `employee * DAY_KEYS + day` (ordinal)."""
        keys = []
        for name in (HistoryField.DEPARTMENT, HistoryField.JOB_TITLE):
            for pk, day, old, new in self.rows[name]:
                if day > until:
                    continue
                before = _clean(old)
                if before and before != _clean(new):
                    keys.append(pk * DAY_KEYS + day.toordinal())
        return np.sort(np.array(keys, dtype=np.int64))

    def _value(self, name: str, raw: str) -> int:
        if name == HistoryField.SENIORITY_LEVEL:
            return _band(raw)
        table = self.departments if name == HistoryField.DEPARTMENT else self.locations
        return self._code(table, _clean(raw))

    def _read(self, name: str, rows: list) -> dict[str, np.ndarray]:
        """The changes of `name` as arrays, `rows` ordered by employee then date."""
        rows = [row for row in rows if row[0] in self.index]
        who = [self.index[row[0]] for row in rows]
        days = [row[1].toordinal() for row in rows]
        # Each distinct value coded once. A history file's first known value has no
        # "before" (""): today's value stands in (-2).
        code = {
            raw: self._value(name, raw)
            for raw in dict.fromkeys(value for row in rows for value in (row[2], row[3]))
        }
        olds = [-2 if row[2] == "" else code[row[2]] for row in rows]
        news = [code[row[3]] for row in rows]
        who_array = np.array(who, dtype=np.int64)
        return {
            "who": who_array,
            "day": np.array(days, dtype=np.int64),
            "old": np.array(olds, dtype=np.int64),
            "new": np.array(news, dtype=np.int64),
            "first": np.r_[True, who_array[1:] != who_array[:-1]] if who else np.array([], bool),
            "same_next": np.r_[who_array[1:] == who_array[:-1], False]
            if who
            else np.array([], bool),
        }

    def on(self, name: str, day: int) -> np.ndarray:
        """Everyone's code of `name` on `day` (an ordinal)."""
        values = self.current[name].copy()
        c = self.changes[name]
        if not len(c["who"]):
            return values
        before = c["day"] <= day
        next_before = np.r_[before[1:], False]
        latest = before & ~(c["same_next"] & next_before)
        values[c["who"][latest]] = c["new"][latest]
        later = c["first"] & ~before & (c["old"] != -2)
        values[c["who"][later]] = c["old"][later]
        return values

    def strata(self, start: dt.date, match_location: bool) -> tuple[np.ndarray, np.ndarray]:
        """Everyone's stratum code on `start` (-1 when unknown) and why it is unknown."""
        day = start.toordinal()
        department = self.on(HistoryField.DEPARTMENT, day)
        band = self.on(HistoryField.SENIORITY_LEVEL, day)
        location = self.on(HistoryField.LOCATION, day) if match_location else None
        years = (day - self.hire) / 365.25
        tenure = sum((years >= bound).astype(np.int64) for bound in TENURE_BOUNDS)
        place = location + 1 if location is not None else 0
        codes = ((department * 8 + band) * 8 + tenure) * (1 << 20) + place
        reasons = np.full(len(codes), "", dtype=object)
        if location is not None:
            reasons[location < 0] = UNKNOWN_LOCATION
        reasons[~self.has_hire] = UNKNOWN_HIRE_DATE
        reasons[band < 0] = UNKNOWN_LEVEL
        reasons[department < 0] = UNKNOWN_DEPARTMENT
        codes[reasons != ""] = -1
        return codes, reasons


def _band(level: str | int | None) -> int:
    value = _level(level)
    return level_band(value) if value is not None and 1 <= value <= 8 else -1


def _groups(codes: np.ndarray, members: np.ndarray):
    """(code, members' array) for each run of equal codes (sorted)."""
    if not len(codes):
        return
    edges = np.nonzero(np.diff(codes))[0] + 1
    for run_codes, run in zip(np.split(codes, edges), np.split(members, edges), strict=True):
        yield int(run_codes[0]), run


@dataclass
class Workforce:
    """What every comparison on one analysis date reads of the whole company, whatever the
    programs compared: the employees with their history, who took part in a program started
    by then (never a peer), and everyone's level rises up to then. Loaded once by
    `load_workforce`; several comparisons of the same day share it (nothing in it is
    changed by a comparison)."""

    today: dt.date
    people: _People
    company: _Company
    took_part: frozenset[int]
    promotions: dict[int, list[dt.date]]
    # Everyone's changes of department or job title up to then (`_Company.moves`).
    moves: np.ndarray = field(repr=False, compare=False)
    _strata: dict[tuple[dt.date, bool], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False
    )

    def strata(self, start: dt.date, match_location: bool) -> tuple[np.ndarray, np.ndarray]:
        """`_Company.strata`, computed once per start and matching."""
        key = (start, match_location)
        if key not in self._strata:
            self._strata[key] = self.company.strata(start, match_location)
        return self._strata[key]


def load_workforce(today: dt.date) -> Workforce:
    """The company as `compare_retention` reads it on `today`: four queries (approvals,
    pairs, employees, their history of department, level, location and job title: the
    level rises and the moves come from it)."""
    took_part = set(
        Application.objects.filter(
            status=ApplicationStatus.APPROVED, program__starts_on__lte=today
        ).values_list("employee_id", flat=True)
    )
    for mentor, mentee in Pair.objects.filter(program__starts_on__lte=today).values_list(
        "mentor_id", "mentee_id"
    ):
        took_part.update((mentor, mentee))
    people = _load_people()
    company = _Company(people)
    return Workforce(
        today=today,
        people=people,
        company=company,
        took_part=frozenset(took_part),
        promotions=_promotions(company.rows[HistoryField.SENIORITY_LEVEL], today),
        moves=company.moves(today),
    )


def compare_retention(
    programs: Iterable[Program],
    *,
    analysis_date: dt.date | None = None,
    match_location: bool = False,
    peers_per_participant: int = PEERS_PER_PARTICIPANT,
    seed: int = 0,
    participants: Iterable[int] | None = None,
    workforce: Workforce | None = None,
) -> RetentionReport:
    """Compare the retention and promotion of `programs`' participants (mentors and mentees
    separately) with matched peers, as of `analysis_date` (today by default). The same
    arguments give the same draw. `participants`, when given, narrows the participants to
    these employees (a filter on a department, a level band…); the others still never serve
    as peers. `workforce` (`load_workforce` of the same analysis date) spares reading the
    company again when several comparisons are made at once (the executive report: its scope,
    then each program). Raise ValueError unless `peers_per_participant` >= 1."""
    if peers_per_participant < 1:
        raise ValueError("peers_per_participant must be at least 1")
    today = analysis_date or timezone.localdate()
    program_ids = sorted({program.pk for program in programs})

    only = None if participants is None else set(participants)
    starts: dict[str, dict[int, dt.date]] = {role: {} for role in ROLES}
    members: set[int] = set()
    for mentor, mentee, starts_on in Pair.objects.filter(program_id__in=program_ids).values_list(
        "mentor_id", "mentee_id", "program__starts_on"
    ):
        members.update((mentor, mentee))
        for role, pk in ((ROLES[0], mentor), (ROLES[1], mentee)):
            if only is not None and pk not in only:
                continue
            if pk not in starts[role] or starts_on < starts[role][pk]:
                starts[role][pk] = starts_on

    workforce = workforce or load_workforce(today)
    if workforce.today != today:
        raise ValueError("the workforce was loaded for another analysis date")
    took_part = workforce.took_part | members
    people, company, promotions = workforce.people, workforce.company, workforce.promotions
    start_days = sorted(
        {day for role_starts in starts.values() for day in role_starts.values() if day <= today}
    )

    # Everyone's stratum at each start; the possible peers of the strata participants need,
    # as positions in `people`, in its order (so the same data gives the same draw).
    strata: dict[dt.date, tuple[np.ndarray, np.ndarray]] = {}
    pools: dict[tuple[dt.date, int], np.ndarray] = {}
    starting: dict[dt.date, list[int]] = defaultdict(list)
    for role_starts in starts.values():
        for pk, when in role_starts.items():
            starting[when].append(company.index[pk])
    without_hire_date: dict[dt.date, set[int]] = {}
    outsiders = ~np.isin(company.pk, np.fromiter(took_part, dtype=np.int64)) & ~company.erased
    for start in start_days:
        codes, reasons = strata[start] = workforce.strata(start, match_location)
        day = start.toordinal()
        employed = outsiders & (company.left >= day)
        without_hire_date[start] = set(company.pk[employed & ~company.has_hire].tolist())
        wanted = set(np.unique(codes[starting[start]]).tolist()) - {-1}
        chosen = np.nonzero(
            employed & company.has_hire & (company.hire <= day) & np.isin(codes, list(wanted))
        )[0]
        order = chosen[np.argsort(codes[chosen], kind="stable")]
        for code, positions in _groups(codes[order], order):
            pools[(start, code)] = positions

    def followed(positions: list[int], days: list[int]) -> tuple[_Follow, _Follow]:
        """The retention and promotion follow-ups of the people at `positions` in `people`,
        each from their day in `days` (ordinals), in that order: until they leave or today;
        until their first level rise after the start, or that end."""
        where = np.asarray(positions, dtype=np.int64)
        start = np.asarray(days, dtype=np.int64)
        left_day = company.left[where]
        left = left_day <= today.toordinal()
        end = np.where(left, left_day, today.toordinal())
        horizons = ((today.toordinal() - start) / MONTH_DAYS).tolist()
        retention = _Follow(((end - start) / MONTH_DAYS).tolist(), left.tolist(), horizons)
        promoted_on = end.copy()
        promoted = np.zeros(len(where), dtype=bool)
        ends = end.tolist()
        for i, pk in enumerate(company.pk[where].tolist()):
            rises = promotions.get(pk)
            if not rises:
                continue
            first = next(
                (rise for rise in rises if days[i] < rise.toordinal() <= ends[i]),
                None,
            )
            if first is not None:
                promoted_on[i] = first.toordinal()
                promoted[i] = True
        promotion = _Follow(
            ((promoted_on - start) / MONTH_DAYS).tolist(), promoted.tolist(), horizons
        )
        return retention, promotion

    matching: dict[str, Matching] = {}
    retention: dict[str, Comparison] = {}
    promotion: dict[str, Comparison] = {}
    matches: dict[str, dict[int, tuple[int, ...]]] = {}
    followed_by_role: dict[str, Followed] = {}
    for index, role in enumerate(ROLES):
        rng = np.random.default_rng([seed, index])
        taken = np.zeros(len(company.pk), dtype=bool)  # the peers drawn, by position
        outcome: Counter[str] = Counter()
        role_matches: dict[int, tuple[int, ...]] = {}
        # Positions in `people` and start days (ordinals) of the participants and the peers
        # followed, in the order drawn.
        ours_at: list[int] = []
        ours_from: list[int] = []
        peers_at: list[int] = []
        peers_from: list[int] = []
        role_starts = starts[role]
        # Who can be matched, by start and stratum: (pk, position in `people`), in pk order.
        waiting: dict[tuple[dt.date, int], list[tuple[int, int]]] = defaultdict(list)
        for pk, start in sorted(role_starts.items(), key=lambda item: (item[1], item[0])):
            position = company.index[pk]
            hire_date, left_on = people.hire_date[position], people.left_on[position]
            if start > today:
                outcome[NOT_STARTED] += 1
                continue
            if (hire_date is not None and hire_date > start) or (
                left_on is not None and left_on < start
            ):
                outcome[INCONSISTENT_DATES] += 1
                continue
            codes, reasons = strata[start]
            code = int(codes[position])
            if code < 0:
                outcome[reasons[position]] += 1
                continue
            waiting[(start, code)].append((pk, position))
        # The draw, stratum by stratum (start by start: a colleague may belong to the pools
        # of several starts, and is drawn once at most). Drawing each participant's peers in
        # turn, without replacement, from what is left of the pool is the same as shuffling
        # the pool once and dealing it out in turn: what is done, with numpy.
        for (start, code), waiters in sorted(waiting.items()):
            pool = pools.get((start, code))
            pool = pool[~taken[pool]] if pool is not None else np.array([], dtype=np.int64)
            dealt = pool[rng.permutation(len(pool))][: peers_per_participant * len(waiters)]
            taken[dealt] = True
            dealt_pks = company.pk[dealt].tolist()
            dealt_at = dealt.tolist()
            day = start.toordinal()
            for i, (pk, position) in enumerate(waiters):
                low = i * peers_per_participant
                if low >= len(dealt_at):
                    outcome[NO_PEER] += len(waiters) - i
                    break
                high = low + peers_per_participant
                drawn = tuple(dealt_pks[low:high])
                role_matches[pk] = drawn
                outcome[MATCHED] += 1
                ours_at.append(position)
                ours_from.append(day)
                peers_at.extend(dealt_at[low:high])
                peers_from.extend([day] * len(drawn))
        breakdown = {MATCHED: outcome.pop(MATCHED, 0), **dict(sorted(outcome.items()))}
        matching[role] = Matching(
            role=role,
            breakdown=stats.suppress(breakdown),
            peers=int(taken.sum()),
            peers_without_hire_date=len(
                set().union(*(without_hire_date.get(day, set()) for day in role_starts.values()))
            ),
        )
        ours_retention, ours_promotion = followed(ours_at, ours_from)
        peers_retention, peers_promotion = followed(peers_at, peers_from)
        retention[role] = _comparison("retention", role, ours_retention, peers_retention)
        promotion[role] = _comparison("promotion", role, ours_promotion, peers_promotion)
        matches[role] = role_matches
        at = np.asarray(ours_at + peers_at, dtype=np.int64)
        followed_by_role[role] = Followed(
            pk=company.pk[at],
            start=np.asarray(ours_from + peers_from, dtype=np.int64),
            end=np.minimum(company.left[at], today.toordinal()),
            participant=np.arange(len(at)) < len(ours_at),
        )
    return RetentionReport(
        programs=tuple(program_ids),
        analysis_date=today,
        match_location=match_location,
        peers_per_participant=peers_per_participant,
        seed=seed,
        matching=matching,
        retention=retention,
        promotion=promotion,
        matches=matches,
        followed=followed_by_role,
        moves=workforce.moves,
    )


# --- In words ------------------------------------------------------------------------------


def _percent(value: float) -> str:
    return f"{round(value * 100)}\u00a0%"


def _p_value(p: float) -> str:
    """Three decimals, as the log-rank line beside the sentence gives it (0.015, not 0.01)."""
    if p < 0.001:
        return "p < " + number_format(0.001, 3)
    return "p = " + number_format(p, 3)


def _headline(comparison: Comparison, months: int, ours, theirs) -> str:
    values = {
        "percent": _percent(ours.estimate),
        "low": _percent(ours.low),
        "high": _percent(ours.high),
        "months": months,
        "peer_percent": _percent(theirs.estimate),
        # The colleagues whose situation at that time is known: the proportion's base.
        "peers": theirs.n,
        "peer_low": _percent(theirs.low),
        "peer_high": _percent(theirs.high),
    }
    key = (comparison.outcome, comparison.role)
    if key == ("retention", ParticipantRole.MENTOR):
        text = _(
            "%(percent)s of mentors were still in the company %(months)s months after the "
            "start (95 %% interval: %(low)s–%(high)s), against %(peer_percent)s of "
            "%(peers)s comparable colleagues (95 %% interval: %(peer_low)s–%(peer_high)s)."
        )
    elif key == ("retention", ParticipantRole.MENTEE):
        text = _(
            "%(percent)s of mentees were still in the company %(months)s months after the "
            "start (95 %% interval: %(low)s–%(high)s), against %(peer_percent)s of "
            "%(peers)s comparable colleagues (95 %% interval: %(peer_low)s–%(peer_high)s)."
        )
    elif key == ("promotion", ParticipantRole.MENTOR):
        text = _(
            "%(percent)s of mentors had been promoted %(months)s months after the start "
            "(95 %% interval: %(low)s–%(high)s), against %(peer_percent)s of %(peers)s "
            "comparable colleagues (95 %% interval: %(peer_low)s–%(peer_high)s)."
        )
    else:
        text = _(
            "%(percent)s of mentees had been promoted %(months)s months after the start "
            "(95 %% interval: %(low)s–%(high)s), against %(peer_percent)s of %(peers)s "
            "comparable colleagues (95 %% interval: %(peer_low)s–%(peer_high)s)."
        )
    return text % values


def _describe(comparison: Comparison) -> list[str]:
    if not (comparison.participants.shown and comparison.peers.shown):
        return [
            _(
                "Too few people to show this result: each group needs at least %(min)s "
                "people, so that nobody can be recognised."
            )
            % {"min": stats.MIN_CELL}
        ]
    months = next(
        (
            m
            for m in (HEADLINE_MONTHS, *sorted(MILESTONES, reverse=True))
            if comparison.participants.milestone(m) and comparison.peers.milestone(m)
        ),
        None,
    )
    sentences = []
    if months is None:
        sentences.append(
            _("Too few people have been followed for %(months)s months yet to give a proportion.")
            % {"months": min(MILESTONES)}
        )
    else:
        ours = comparison.participants.milestone(months)
        theirs = comparison.peers.milestone(months)
        sentences.append(_headline(comparison, months, ours, theirs))
        sentences.append(
            _(
                "A 95 %% interval is the range of values compatible with the data: the "
                "fewer the people, the wider it is."
            )
            % {}
        )
    test = comparison.test
    if test is None:
        if comparison.outcome == "retention":
            sentences.append(_("The two groups cannot be compared yet: nobody has left."))
        else:
            sentences.append(_("The two groups cannot be compared yet: nobody has been promoted."))
    elif test.p_value < SIGNIFICANCE:
        sentences.append(
            _(
                "The difference is unlikely to be chance (%(p)s); this is an association, "
                "not proof that the program caused it."
            )
            % {"p": _p_value(test.p_value)}
        )
    else:
        sentences.append(
            _(
                "The difference could well be chance (%(p)s); and even a clear difference "
                "would be an association, not proof that the program caused it."
            )
            % {"p": _p_value(test.p_value)}
        )
    return sentences
