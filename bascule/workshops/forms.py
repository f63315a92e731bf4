"""Forms of the workshop pages. The rules live in the services (one wording per rule): the
forms turn what was typed into values, and a refusal is shown next to its field, keeping
what was typed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bascule.core.forms import AccessibleFormMixin
from bascule.core.time_zones import TimeZoneField
from bascule.meetings.timing import LocalTimeError, get_zone, to_utc
from bascule.people.models import Employee
from bascule.training.models import Module
from bascule.training.selectors import published_modules
from bascule.workshops.models import (
    MAX_CAPACITY,
    MAX_MINUTES,
    MIN_MINUTES,
    Attendance,
    Workshop,
    WorkshopAudience,
)
from bascule.workshops.selectors import (
    find_people,
    managed_programs,
    module_title,
    program_members,
    programs_to_pick,
)
from bascule.workshops.services import COMMENT_MAX, PEOPLE_MAX


class WorkshopForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text or Markdown: **bold**, lists, links."),
    )
    audience = forms.ChoiceField(
        label=_("For whom"), choices=WorkshopAudience.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In the time zone below, 24-hour clock."),
    )
    time_zone = TimeZoneField(label=_("Time zone"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        help_text=_("Between %(min)s and %(max)s minutes.")
        % {"min": MIN_MINUTES, "max": MAX_MINUTES},
    )
    place = forms.CharField(
        label=_("Place"), required=False, max_length=200, help_text=_("A room or an address.")
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of the video call, starting with https://."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("When every seat is taken, people join the waiting list."),
    )
    facilitator = forms.CharField(
        label=_("Facilitator's employee ID"),
        required=False,
        max_length=64,
        help_text=_("The facilitator may take attendance."),
    )
    programs = forms.ModelMultipleChoiceField(
        label=_("Programs"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only their members may register. None: every program."),
    )
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules it counts for"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Attending completes these modules for each person marked present."),
    )

    def __init__(self, *args: Any, user: Any, workshop: Workshop | None = None, **kwargs: Any):
        if workshop is not None and "initial" not in kwargs and not args:
            local = workshop.local_start
            kwargs["initial"] = {
                "title": workshop.title,
                "description": workshop.description,
                "audience": workshop.audience,
                "date": local.date(),
                "time": local.time(),
                "time_zone": workshop.time_zone,
                "duration_minutes": workshop.duration_minutes,
                "place": workshop.place,
                "video_url": workshop.video_url,
                "capacity": workshop.capacity,
                "facilitator": workshop.facilitator.employee_id if workshop.facilitator else "",
                "programs": list(workshop.programs.all()),
                "modules": list(workshop.modules.all()),
            }
        kwargs.setdefault(
            "initial",
            {"audience": WorkshopAudience.BOTH, "duration_minutes": 90, "capacity": 12},
        )
        super().__init__(*args, **kwargs)
        self.fields["programs"].queryset = managed_programs(user).order_by("name")
        self.fields["modules"].queryset = published_modules()
        self.fields["modules"].label_from_instance = _module_title
        self.fields["time_zone"].suggest(
            [
                self.data.get("time_zone") if self.is_bound else self.initial.get("time_zone"),
                getattr(user, "time_zone", ""),
            ]
        )
        self.fields["duration_minutes"].widget.attrs.update({"step": 5})

    def clean_facilitator(self) -> Employee | None:
        value = (self.cleaned_data.get("facilitator") or "").strip()
        if not value:
            return None
        employee = Employee.objects.filter(employee_id=value).first()
        if employee is None:
            raise forms.ValidationError(_("No employee has this ID."))
        return employee

    def clean(self):
        cleaned = super().clean()
        day, time, name = cleaned.get("date"), cleaned.get("time"), cleaned.get("time_zone")
        zone = get_zone(name) if name else None
        if day and time and zone:
            try:
                cleaned["starts_at"] = to_utc(day, time, zone)
            except LocalTimeError as exc:
                self.add_error(
                    "time",
                    _("This time does not exist on that day in this time zone (the clocks change).")
                    if exc.code == "nonexistent"
                    else _(
                        "This time happens twice on that day (the clocks go back): choose another."
                    ),
                )
        return cleaned

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description") or "",
            "audience": data["audience"],
            "starts_at": data["starts_at"],
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "place": data.get("place") or "",
            "video_url": data.get("video_url") or "",
            "capacity": data["capacity"],
            "facilitator": data.get("facilitator"),
            "programs": list(data.get("programs") or []),
            "modules": list(data.get("modules") or []),
        }


def _module_title(module: Module) -> str:
    return module_title(module)


class RegisterPeopleForm(AccessibleFormMixin, forms.Form):
    """Whom to register: the members of a program with a role, or a pasted list of employee
    IDs and e-mail addresses. Entries that name nobody are refused, all listed, and what was
    typed is kept."""

    FROM_PROGRAM = "program"
    FROM_LIST = "list"

    source = forms.ChoiceField(
        label=_("Whom to register"),
        choices=[
            (FROM_PROGRAM, _("The members of a program")),
            (FROM_LIST, _("A list of people")),
        ],
        widget=forms.HiddenInput,
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False, empty_label=_("Choose a program")
    )
    role = forms.ChoiceField(
        label=_("Who in the program"),
        choices=[
            ("both", _("Mentors and mentees")),
            ("mentor", _("Mentors")),
            ("mentee", _("Mentees")),
        ],
        widget=forms.RadioSelect,
        initial="both",
        required=False,
    )
    only_new = forms.BooleanField(
        label=_("Only those not registered yet"), required=False, initial=True
    )
    only_not_completed = forms.BooleanField(
        label=_("Only those who have not completed the workshop's modules"), required=False
    )
    people = forms.CharField(
        label=_("Employee IDs or e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line (commas work too). Seats go in this order, then the waiting list."
        ),
    )

    def __init__(self, *args: Any, user: Any, workshop: Workshop, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["program"].queryset = programs_to_pick(user, workshop)
        self.has_modules = bool(workshop.modules.all())
        if not self.has_modules:
            del self.fields["only_not_completed"]

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == self.FROM_PROGRAM:
            if not cleaned.get("program"):
                self.add_error("program", _("Choose the program whose members to register."))
            if not cleaned.get("role"):
                self.add_error("role", _("Choose mentors, mentees or both."))
        elif source == self.FROM_LIST:
            text = cleaned.get("people") or ""
            entries = [e.strip() for e in text.replace(",", "\n").replace(";", "\n").splitlines()]
            entries = [e for e in entries if e]
            if not entries:
                self.add_error("people", _("Give at least one employee ID or e-mail address."))
            elif len(entries) > PEOPLE_MAX:
                self.add_error(
                    "people", _("At most %(max)s people at a time.") % {"max": PEOPLE_MAX}
                )
            else:
                found, unknown = find_people(entries)
                if unknown:
                    self.add_error(
                        "people",
                        ngettext(
                            "No employee has this ID or e-mail address: %(entries)s. Correct "
                            "it or remove it; nothing has been registered.",
                            "No employee has these IDs or e-mail addresses: %(entries)s. "
                            "Correct them or remove them; nothing has been registered.",
                            len(unknown),
                        )
                        % {"entries": ", ".join(unknown)},
                    )
                cleaned["employees"] = found
        return cleaned

    def employees(self) -> list[Employee]:
        """The people chosen, in order (once the form is valid)."""
        data = self.cleaned_data
        if data["source"] == self.FROM_LIST:
            return data["employees"]
        return program_members(
            workshop=self.workshop,
            program=data["program"],
            role=data["role"],
            only_new=data.get("only_new", False),
            only_not_completed=data.get("only_not_completed", False),
        )


class FeedbackForm(AccessibleFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this workshop for you?"),
        choices=[
            (5, _("5 — very useful")),
            (4, _("4")),
            (3, _("3")),
            (2, _("2")),
            (1, _("1 — not useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facilitators and HR read comments only once five people have answered."),
    )


ATTENDANCE_CHOICES = Attendance.choices
