"""The dashboards' filters: which programs, which people, which period.

One form for the pages and the API (`read_filters`). Who may see what:

- HR admins: every program; a program manager: the programs they manage (another program's
  id is a 404, as everywhere: its existence is not revealed); a sponsor: every program, as
  aggregates only (no figure names anyone, and no dashboard lists a person anyway);
- participants: 403 (`user_can_see_funnels`, the roles that read counts).

The people filters (department, level band, location) narrow every figure to the
participants who match, by their record today. A filtered population under MIN_CELL people
shows nothing at all (`Scope.too_few`), and each figure still applies the small-cell rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.forms import AccessibleFormMixin
from bascule.insights import learning
from bascule.insights import scope as measures
from bascule.people.models import Department, Employee
from bascule.programs.models import Program
from bascule.programs.selectors import programs_visible_to

LEVEL_BANDS = {1: (1, 2), 2: (3, 4), 3: (5, 6), 4: (7, 8)}
DEFAULT_MONTHS = 12
MAX_MONTHS = 36  # a period longer than this is refused: the figures go month by month


def programs_in_scope(user: Any) -> QuerySet[Program]:
    """The programs whose figures `user` may see: all for HR and sponsors, their own for a
    program manager."""
    return programs_visible_to(user=user).order_by("-starts_on", "name")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class InsightsFilterForm(AccessibleFormMixin, forms.Form):
    """Read from the query string (GET): every field optional."""

    program = forms.IntegerField(label=gettext_lazy("Program"), required=False, min_value=1)
    cohort = forms.TypedChoiceField(
        label=gettext_lazy("Cohort (year the program started)"), required=False, coerce=int,
        empty_value=None,
    )  # fmt: skip
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.none(), required=False
    )
    level_band = forms.TypedChoiceField(
        label=gettext_lazy("Career level"), required=False, coerce=int, empty_value=None
    )
    location = forms.ChoiceField(label=gettext_lazy("Location"), required=False)
    period_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, programs: list[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["program"].widget = forms.Select(
            choices=[("", _("All programs")), *((p.pk, p.name) for p in programs)],
            attrs=self.fields["program"].widget.attrs | {"class": "form-select"},
        )
        years = sorted({p.starts_on.year for p in programs}, reverse=True)
        self.fields["cohort"].choices = [*everything, *((y, str(y)) for y in years)]
        self.fields["department"].queryset = Department.objects.order_by("name")
        self.fields["department"].empty_label = _("All departments")
        self.fields["level_band"].choices = [
            *everything,
            *(
                (band, _("Levels %(low)s–%(high)s") % {"low": low, "high": high})
                for band, (low, high) in LEVEL_BANDS.items()
            ),
        ]
        locations = (
            Employee.objects.exclude(location="")
            .order_by("location")
            .values_list("location", flat=True)
            .distinct()
        )
        self.fields["location"].choices = [*everything, *((loc, loc) for loc in locations)]

    @property
    def extra_fields(self) -> list[forms.BoundField]:
        """The fields a page adds to the shared ones (the learning page's basis)."""
        return [self[name] for name in self.fields if name not in SHARED_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start = data.get("period_from")
        end = data.get("period_to") or timezone.localdate()
        if start and start > end:
            self.add_error("period_to", _("The end of the period must be after its start."))
        elif start and end and add_months(month_start(start), MAX_MONTHS) <= end:
            self.add_error(
                "period_to",
                _("Choose a period of at most %(months)s months.") % {"months": MAX_MONTHS},
            )
        return data


SHARED_FIELDS = tuple(InsightsFilterForm.base_fields)


class LearningFilterForm(InsightsFilterForm):
    """The learning page's filters: the shared ones and how "before" is read."""

    basis = forms.ChoiceField(
        label=gettext_lazy("Skills before"),
        required=False,
        choices=[
            (learning.RETROSPECTIVE, gettext_lazy("Looking back, in the end survey")),
            (learning.BASELINE, gettext_lazy("The baseline survey")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis"].widget.attrs["class"] = "form-select"

    @property
    def chosen_basis(self) -> str:
        data = getattr(self, "cleaned_data", None) or {}
        return data.get("basis") or learning.RETROSPECTIVE


@dataclass(frozen=True)
class Scope:
    """What the figures cover, once the filters are read."""

    programs: list[Program]
    start: dt.date  # the first day of the period's first month
    end: dt.date  # the period's last day
    department: Department | None = None
    level_band: int | None = None
    location: str = ""
    aggregates_only: bool = False
    period_chosen: bool = False  # the reader gave a start or an end (not the default 12 months)

    @property
    def program_ids(self) -> list[int]:
        return [p.pk for p in self.programs]

    @property
    def narrowed(self) -> bool:
        """Whether a people filter narrows the figures to some participants."""
        return bool(self.department or self.level_band or self.location)

    def people(self, path: str) -> Q:
        """The condition on the employee at `path` (e.g. "mentor", "employee") that the people
        filters ask for; an empty Q when there is none."""
        condition = Q()
        if self.department is not None:
            condition &= Q(**{f"{path}__department": self.department})
        if self.level_band is not None:
            low, high = LEVEL_BANDS[self.level_band]
            condition &= Q(**{f"{path}__seniority_level__gte": low})
            condition &= Q(**{f"{path}__seniority_level__lte": high})
        if self.location:
            condition &= Q(**{f"{path}__location": self.location})
        return condition

    def pair_people(self, path: str = "") -> Q:
        """A pair is in scope when its mentor or its mentee matches the people filters;
        `path` leads to the pair (e.g. "pair__" from a meeting)."""
        if not self.narrowed:
            return Q()
        return self.people(f"{path}mentor") | self.people(f"{path}mentee")

    def for_measures(self) -> measures.Scope:
        """The same filters as the measures' scope (learning, behaviour, results, bridging).
        A period the reader chose keeps the programs running at some time in it; the
        default period (the last 12 months) does not narrow the measures, which follow
        people for up to 24 months after a program. The caller passes `self.program_ids`
        as the programs allowed: an empty list then means none, not every program."""
        band = None
        if self.level_band is not None:
            low, high = LEVEL_BANDS[self.level_band]
            band = f"{low}-{high}"
        return measures.Scope(
            programs=tuple(self.program_ids),
            department_id=self.department.pk if self.department else None,
            level_band=band,
            location=self.location or None,
            date_from=self.start if self.period_chosen else None,
            date_to=self.end if self.period_chosen else None,
        )

    def months(self) -> list[dt.date]:
        """The first day of each month of the period."""
        months, day = [], month_start(self.start)
        while day <= self.end:
            months.append(day)
            day = add_months(day, 1)
        return months


@dataclass
class Filters:
    form: InsightsFilterForm
    scope: Scope | None  # None when the form has errors


def read_filters(
    *,
    user: Any,
    data: Any,
    today: dt.date | None = None,
    form_class: type[InsightsFilterForm] = InsightsFilterForm,
) -> Filters:
    """Validate `data` (a query string) for `user`: the filters and what they cover, or the
    form with its errors (scope None). A program outside the user's scope is a 404."""
    today = today or timezone.localdate()
    programs = list(programs_in_scope(user))
    form = form_class(data or None, programs=programs)
    if data and not form.is_valid():
        return Filters(form=form, scope=None)
    values = form.cleaned_data if data else {}
    chosen = programs
    if values.get("program"):
        chosen = [p for p in programs if p.pk == values["program"]]
        if not chosen:
            raise Http404
    if values.get("cohort"):
        chosen = [p for p in chosen if p.starts_on.year == values["cohort"]]
    end = values.get("period_to") or today
    start = values.get("period_from") or add_months(month_start(end), 1 - DEFAULT_MONTHS)
    scope = Scope(
        programs=chosen,
        start=month_start(start),
        end=end,
        department=values.get("department"),
        level_band=values.get("level_band"),
        location=values.get("location") or "",
        aggregates_only=bool(getattr(user, "is_sponsor", False)),
        period_chosen=bool(values.get("period_from") or values.get("period_to")),
    )
    return Filters(form=form, scope=scope)
