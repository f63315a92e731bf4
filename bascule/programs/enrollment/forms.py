"""Forms of enrollment: invitations, the application, withdrawal, review. They validate, never
write; the services do."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.forms import AccessibleFormMixin
from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN, Department, Employee
from bascule.people.views import language_name
from bascule.programs.availability import slot_choices
from bascule.programs.enrollment import selectors
from bascule.programs.enrollment.services import ApplicationData, SkillChoice, parse_interests
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    Invitation,
    MeetingFormat,
    ParticipantRole,
    Program,
)
from bascule.programs.rules import eligibility_problems

LEVEL_CHOICES = [
    (level, str(level)) for level in range(SENIORITY_LEVEL_MIN, SENIORITY_LEVEL_MAX + 1)
]
SKILL_FIELD = re.compile(r"^(share|develop)_(\d+)$")
MAX_INVITEE_FILE_BYTES = 2 * 1024 * 1024


class InvitationForm(AccessibleFormMixin, forms.Form):
    """Who to invite: everyone in some departments and a level range, or a list in a file."""

    departments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave all unticked for every department."),
    )
    level_min = forms.TypedChoiceField(
        label=gettext_lazy("From seniority level"),
        choices=[("", gettext_lazy("Any"))] + LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    level_max = forms.TypedChoiceField(
        label=gettext_lazy("Up to seniority level"),
        choices=[("", gettext_lazy("Any"))] + LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("Or a list of people"),
        required=False,
        help_text=gettext_lazy(
            "A CSV or Excel (.xlsx) file with one e-mail address or employee ID per line. "
            "When you give a file, the departments and levels above are not used."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    suggested_role = forms.ChoiceField(
        label=gettext_lazy("Role you have in mind for them"),
        choices=[("", gettext_lazy("Either role"))] + list(ParticipantRole.choices),
        required=False,
        help_text=gettext_lazy("They may still apply for the other role if they are eligible."),
    )
    resend = forms.BooleanField(
        label=gettext_lazy("Send the e-mail again to people already invited"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_INVITEE_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("level_min"), cleaned.get("level_max")
        if low is not None and high is not None and high < low:
            self.add_error("level_max", _("The highest level must not be below the lowest."))
        if (
            not cleaned.get("file")
            and not cleaned.get("departments")
            and low is None
            and high is None
            and not self.errors
        ):
            raise forms.ValidationError(
                _("Choose departments, a range of levels, or a file of people to invite.")
            )
        return cleaned


class SkillLevels(forms.Widget):
    """The `<direction>_<id>` selects of one skill list, read as one value: the skills chosen,
    including those retired since the page was shown (the service refuses them). The page
    draws the selects itself (skill_sections); the summary links to their section."""

    def __init__(self, direction: str, name: str):
        super().__init__(attrs={"id": f"section-{name}"})
        self.direction = direction

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[SkillChoice]:
        choices = []
        for key in data:
            match = SKILL_FIELD.match(key)
            if not match or match.group(1) != self.direction:
                continue
            value = data.get(key) or ""
            if not value:
                continue
            try:
                level = int(value)
            except ValueError:
                level = 0
            choices.append(SkillChoice(skill_id=int(match.group(2)), level=level))
        return sorted(choices, key=lambda c: c.skill_id)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class SkillLevelsField(forms.Field):
    """One skill list of the application: each skill chosen with a level from 1 to 4."""

    def __init__(self, direction: str, name: str, **kwargs: Any):
        super().__init__(required=False, widget=SkillLevels(direction, name), **kwargs)

    def to_python(self, value: Any) -> list[SkillChoice]:
        return list(value or [])

    def validate(self, value: list[SkillChoice]) -> None:
        if any(not 1 <= choice.level <= 4 for choice in value):
            raise forms.ValidationError(_("A skill level goes from 1 to 4."))


class ApplicationFields(forms.Form):
    """The application form. Skills are read from `share_<id>` / `develop_<id>` selects,
    one per usable skill of the taxonomy, whose value is a level from 1 to 4 (or empty)."""

    role = forms.ChoiceField(label=gettext_lazy("I apply as"), widget=forms.RadioSelect, choices=())
    skills_to_share = SkillLevelsField(
        "share", "skills_to_share", label=gettext_lazy("Skills I can share")
    )
    skills_to_develop = SkillLevelsField(
        "develop", "skills_to_develop", label=gettext_lazy("Skills I want to develop")
    )
    skills_to_share_text = forms.CharField(
        label=gettext_lazy("Other skills I can share"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Anything not in the lists above, in your own words."),
    )
    skills_to_develop_text = forms.CharField(
        label=gettext_lazy("Other skills I want to develop"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Anything not in the lists above, in your own words."),
    )
    interests = forms.CharField(
        label=gettext_lazy("My interests"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Separated by commas, for example: cycling, photography, jazz"),
    )
    hopes = forms.CharField(
        label=gettext_lazy("What I hope to get from the program"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    availability = forms.MultipleChoiceField(
        label=gettext_lazy("When I am available"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    preferred_format = forms.ChoiceField(
        label=gettext_lazy("How I prefer to meet"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", gettext_lazy("No preference"))] + list(MeetingFormat.choices),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages I can speak in the meetings"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    charter_accepted = forms.BooleanField(
        label=gettext_lazy("I have read the program's charter and I accept it"),
        required=False,
    )
    privacy_notice_accepted = forms.BooleanField(
        label=gettext_lazy("I have read how my information is used"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        program: Program,
        employee: Employee,
        application: Application | None = None,
        **kwargs: Any,
    ):
        self.program = program
        self.employee = employee
        self.application = application
        if application is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {**application_initial(application), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = self.role_choices()
        self.fields["availability"].choices = slot_choices()
        codes = list(dict.fromkeys([*(program.languages or []), "fr", "en"]))
        codes += [c for c in employee.languages or [] if c not in codes]
        self.fields["languages"].choices = [(code, language_name(code)) for code in codes]
        if not self.is_bound and application is None:
            self.initial.setdefault(
                "languages", [c for c in employee.languages or [] if c in codes]
            )
            suggested = Invitation.objects.filter(program=program, employee=employee).values_list(
                "suggested_role", flat=True
            )
            if suggested and suggested[0]:
                self.initial.setdefault("role", suggested[0])

    def role_choices(self) -> list[tuple[str, str]]:
        """Each role with whether the applicant is eligible, so they know before filling in."""
        choices = []
        for value, label in ParticipantRole.choices:
            problems = eligibility_problems(self.program, self.employee, value)
            if problems:
                text = _("%(role)s — not open to you: %(reason)s") % {
                    "role": label,
                    "reason": " ".join(problems),
                }
            else:
                text = _("%(role)s — you are eligible") % {"role": label}
            choices.append((value, text))
        return choices

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        problems = eligibility_problems(self.program, self.employee, role)
        if problems:
            raise forms.ValidationError(" ".join(problems))
        return role

    def clean_charter_accepted(self) -> bool:
        if not self.cleaned_data.get("charter_accepted"):
            raise forms.ValidationError(_("Please confirm that you accept the program's charter."))
        return True

    def clean_privacy_notice_accepted(self) -> bool:
        if not self.cleaned_data.get("privacy_notice_accepted"):
            raise forms.ValidationError(
                _("Please confirm that you have read how your information is used.")
            )
        return True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["interests"] = parse_interests(cleaned.get("interests") or "")
        return cleaned

    def to_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            role=data["role"],
            skills_to_share=data["skills_to_share"],
            skills_to_develop=data["skills_to_develop"],
            skills_to_share_text=data.get("skills_to_share_text") or "",
            skills_to_develop_text=data.get("skills_to_develop_text") or "",
            interests=data.get("interests") or [],
            hopes=data.get("hopes") or "",
            availability=data.get("availability") or [],
            preferred_format=data.get("preferred_format") or "",
            languages=data.get("languages") or [],
            charter_accepted=bool(data.get("charter_accepted")),
            privacy_notice_accepted=bool(data.get("privacy_notice_accepted")),
        )

    def skill_sections(self) -> list[dict[str, Any]]:
        """Return both skill lists, grouped by category, with the levels to show selected."""
        chosen = {"share": {}, "develop": {}}
        if self.is_bound:
            for direction in chosen:
                field = self[f"skills_to_{direction}"]
                chosen[direction] = {c.skill_id: c.level for c in field.value()}
        elif self.application is not None:
            for direction, pairs in selectors.application_skills(self.application).items():
                chosen[direction] = dict(pairs)
        groups = selectors.skill_groups()
        sections = []
        for direction, name, title, help_text in (
            (
                "share",
                "skills_to_share",
                _("Skills I can share"),
                _("Choose a level for each skill you can teach others. Leave the rest empty."),
            ),
            (
                "develop",
                "skills_to_develop",
                _("Skills I want to develop"),
                _("Choose your current level for each skill you want to learn."),
            ),
        ):
            categories = []
            for category, skills in groups:
                rows = [
                    {"skill": skill, "level": chosen[direction].get(skill.pk)} for skill in skills
                ]
                categories.append(
                    {
                        "name": category.name if category else _("Other skills"),
                        "rows": rows,
                        "selected": sum(1 for row in rows if row["level"]),
                    }
                )
            sections.append(
                {
                    "direction": direction,
                    "name": name,
                    "title": title,
                    "help": help_text,
                    "categories": categories,
                    "errors": self[name].errors,
                    "text_field": self[f"{name}_text"],
                }
            )
        return sections


class ApplicationForm(AccessibleFormMixin, ApplicationFields):
    """ApplicationFields with accessible markup."""


def application_initial(application: Application) -> dict[str, Any]:
    return {
        "role": application.role,
        "skills_to_share_text": application.skills_to_share_text,
        "skills_to_develop_text": application.skills_to_develop_text,
        "interests": ", ".join(application.interests or []),
        "hopes": application.hopes,
        "availability": list(application.availability or []),
        "preferred_format": application.preferred_format,
        "languages": list(application.languages or []),
        "charter_accepted": application.charter_accepted_at is not None,
        "privacy_notice_accepted": application.privacy_notice_accepted_at is not None,
        "version": application.version,
    }


class WithdrawForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you withdraw?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("A sentence is enough. The program's managers will read it."),
        error_messages={"required": gettext_lazy("Please tell us briefly why you withdraw.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


DECISION_CHOICES = [
    (ApplicationStatus.APPROVED.value, gettext_lazy("Approve")),
    (ApplicationStatus.WAITLISTED.value, gettext_lazy("Waitlist")),
    (ApplicationStatus.DECLINED.value, gettext_lazy("Decline")),
]


class DecisionForm(AccessibleFormMixin, forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=DECISION_CHOICES)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required to decline: the applicant receives it by e-mail."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("decision") == ApplicationStatus.DECLINED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error(
                "reason", _("Give a reason when you decline: the applicant will read it.")
            )
        return cleaned


class BulkDecisionForm(DecisionForm):
    """One decision for several applications of a program, in two steps.

    The first post shows who will be told what (the confirmation page); the second carries
    `confirm` and `expected`, the applications the person saw would change, so nobody is
    e-mailed who was not on that page. "Select all" works without JavaScript: the page lists
    its own applications in `page_applications`, and `select_page` stands for all of them.
    """

    applications = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Applications"), coerce=int, choices=(), required=False
    )
    select_page = forms.BooleanField(required=False)
    page_applications = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), required=False, widget=forms.MultipleHiddenInput
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    expected = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(pk, str(pk)) for pk in program.applications.values_list("pk", flat=True)]
        for name in ("applications", "page_applications", "expected"):
            self.fields[name].choices = choices
        # One line in the decision bar; it grows as the reason is typed.
        self.fields["reason"].widget.attrs["rows"] = 1

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        selection = set(cleaned.get("applications") or [])
        if cleaned.get("select_page"):
            selection |= set(cleaned.get("page_applications") or [])
        if not selection and "applications" not in self.errors:
            self.add_error("applications", _("Select at least one application."))
        cleaned["selection"] = sorted(selection)
        return cleaned


class InvitationConfirmForm(forms.Form):
    """The people a confirmation step named, posted again from the confirmation page: their
    ids (one field, so that thousands of people stay within Django's limit on fields), the
    role in mind and whether to e-mail those already invited."""

    employees = forms.CharField()
    suggested_role = forms.ChoiceField(
        choices=[("", "")] + list(ParticipantRole.choices), required=False
    )
    resend = forms.BooleanField(required=False)

    def clean_employees(self) -> list[int]:
        try:
            ids = [int(value) for value in self.cleaned_data["employees"].split(",") if value]
        except ValueError as exc:
            raise forms.ValidationError(
                _("The list of people to invite was damaged: choose them again.")
            ) from exc
        return ids


class ReviewFilterForm(AccessibleFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses"))] + list(ApplicationStatus.choices),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        required=False,
        choices=[("", gettext_lazy("Both roles"))] + list(ParticipantRole.choices),
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=gettext_lazy("All departments"),
    )

    def filters(self) -> selectors.ReviewFilters:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        department = data.get("department")
        return selectors.ReviewFilters(
            status=data.get("status") or "",
            role=data.get("role") or "",
            department_id=department.pk if department else None,
        )
