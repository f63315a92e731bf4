from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN, Employee
from bascule.people.selectors import (
    DirectoryFilters,
    EmployeeStatus,
    departments_visible_to,
    managers_visible_to,
)


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        if obj.job_title:
            return f"{obj.full_name} ({obj.job_title})"
        return obj.full_name


class DirectoryFilterFields(forms.Form):
    """The directory's search and filters; the choices offered depend on the user's scope."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, e-mail, employee ID or job title"),
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=_("All departments")
    )
    seniority_level = forms.TypedChoiceField(
        label=_("Seniority level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels"))]
        + [(level, str(level)) for level in range(SENIORITY_LEVEL_MIN, SENIORITY_LEVEL_MAX + 1)],
    )
    manager = ManagerChoiceField(
        label=_("Reports to"), queryset=None, required=False, empty_label=_("Anyone")
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=EmployeeStatus.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_visible_to(user=user)
        self.fields["manager"].queryset = managers_visible_to(user=user)

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_status(self) -> str:
        return self.cleaned_data["status"] or EmployeeStatus.ACTIVE

    def filters(self) -> DirectoryFilters:
        """Return the filters that validated; an invalid one is left out, not applied."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        department = data.get("department")
        manager = data.get("manager")
        return DirectoryFilters(
            q=data.get("q") or "",
            department_id=department.pk if department else None,
            seniority_level=data.get("seniority_level"),
            manager_id=manager.pk if manager else None,
            status=data.get("status") or EmployeeStatus.ACTIVE,
        )


class DirectoryFilterForm(AccessibleFormMixin, DirectoryFilterFields):
    """DirectoryFilterFields with accessible markup.

    The mixin validates a bound form as soon as it is built, so it comes first in the MRO:
    the user's choices are in place before it runs.
    """
