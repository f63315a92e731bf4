"""Forms of the pair's space. Their messages come from the services (one wording per rule),
so the page and the API say the same thing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.journey import services
from bascule.journey.models import (
    Goal,
    GoalDirection,
    GoalStatus,
    MeetingChannel,
    MeetingFrequency,
)
from bascule.pairing.models import Pair
from bascule.skills.models import Skill

DATE_INVALID = _(
    "This date does not exist or is not written as a date: pick it in the calendar, or write "
    "it as year-month-day, for example 2027-03-15."
)


def date_field(label: str, *, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID, "required": _("Please give a target date.")},
        **kwargs,
    )


class KickoffForm(AccessibleFormMixin, forms.Form):
    charter_accepted = forms.BooleanField(
        label=_("I have read the program's charter and I accept it"), required=False
    )
    meeting_frequency = forms.ChoiceField(
        label=_("How often will you meet?"),
        choices=MeetingFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how often you will meet.")},
    )
    channel = forms.ChoiceField(
        label=_("How will you meet?"),
        choices=MeetingChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how you will meet.")},
    )
    confidentiality = forms.BooleanField(
        label=_("I will keep what we share confidential"),
        help_text=_("What is said between the two of you stays between the two of you."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, messages in services.kickoff_errors(cleaned).items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return cleaned


class GoalForm(AccessibleFormMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("Whose goal is it?"), choices=GoalDirection.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("The goal"),
        help_text=_("In a few words, for example “Run a video meeting on my own”."),
        max_length=services.TITLE_MAX,
        error_messages={"required": _("Please give the goal a short title.")},
    )
    success_criteria = forms.CharField(
        label=_("What success looks like"),
        help_text=_(
            "Something you can both check, for example “Three video meetings led by March”."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say how you will both know the goal is reached.")},
    )
    target_date = date_field(_("Target date"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        help_text=_("From 0 (not started) to 100 (reached)."),
        error_messages={
            "invalid": _("Progress is a whole number between 0 and 100."),
            "required": _("Progress is a whole number between 0 and 100."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills this goal works on"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, pair: Pair, goal: Goal | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pair = pair
        self.fields["direction"].choices = [
            (
                GoalDirection.LEARNING,
                _("%(name)s's learning goal (mentee)") % {"name": pair.mentee.first_name},
            ),
            (
                GoalDirection.GROWTH,
                _("%(name)s's growth goal (mentor)") % {"name": pair.mentor.first_name},
            ),
        ]
        linked = list(goal.skills.values_list("pk", flat=True)) if goal else []
        self.fields["skills"].queryset = Skill.objects.filter(
            pk__in=Skill.objects.usable().values("pk")
        ) | Skill.objects.filter(pk__in=linked)
        start, end = pair.program.starts_on, pair.program.ends_on
        self.fields["target_date"].widget.attrs.update(
            {"min": start.isoformat(), "max": end.isoformat()}
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        program = self.pair.program
        if "target_date" not in self.errors:
            message = services.target_date_error(program, cleaned.get("target_date"))
            if message:
                self.add_error("target_date", message)
        if "progress" not in self.errors:
            message = services.progress_error(cleaned.get("progress"))
            if message:
                self.add_error("progress", message)
        return cleaned

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in services.GOAL_FIELDS}

    def skill_ids(self) -> list[int]:
        return [skill.pk for skill in self.cleaned_data.get("skills") or []]


class MilestoneForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(label=_("Milestone"), required=False, max_length=services.TITLE_MAX)
    due_on = date_field(_("Due date"))
    done = forms.BooleanField(label=_("Done"), required=False)


class BaseMilestoneFormSet(forms.BaseFormSet):
    # The error summary names the row, not the field (bascule.core.forms.error_summary_items).
    row_label = _("Milestone %(n)s")

    def __init__(self, *args: Any, pair: Pair, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pair = pair
        self.target_date = None

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this milestone")

    def check(self, target_date: Any) -> bool:
        """Validate the rows against the program and the goal's target date."""
        valid = self.is_valid()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            data = form.cleaned_data
            if not data.get("title") and not data.get("due_on") and not data.get("done"):
                continue
            if not (data.get("title") or "").strip():
                form.add_error("title", _("Please give the milestone a title."))
                valid = False
            message = services.milestone_due_error(
                self.pair.program, target_date, data.get("due_on")
            )
            if message:
                form.add_error("due_on", message)
                valid = False
        return valid

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            data = form.cleaned_data
            if not (data.get("title") or "").strip():
                continue
            rows.append(
                {"title": data["title"], "due_on": data.get("due_on"), "done": data["done"]}
            )
        return rows


MilestoneFormSet = forms.formset_factory(
    MilestoneForm,
    formset=BaseMilestoneFormSet,
    extra=2,
    can_delete=True,
    max_num=services.MILESTONES_MAX,
    validate_max=True,
)


def goal_initial(goal: Goal) -> dict[str, Any]:
    return {
        "direction": goal.direction,
        "title": goal.title,
        "success_criteria": goal.success_criteria,
        "target_date": goal.target_date,
        "status": goal.status,
        "progress": goal.progress,
        "skills": list(goal.skills.all()),
        "version": goal.version,
    }


def milestones_initial(goal: Goal) -> list[dict[str, Any]]:
    return [
        {"title": m.title, "due_on": m.due_on, "done": m.done}
        for m in goal.milestones.order_by("position", "id")
    ]


class NoteForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label=_("New note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("The note is empty: write something first.")},
    )

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["body"].label = label

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "body" not in self.errors:
            for message in services.note_errors(cleaned.get("body")).get("body", []):
                self.add_error("body", message)
        return cleaned
