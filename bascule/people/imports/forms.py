"""Forms of the HR file import: upload and options, mapping, confirmation. They never write."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.core.forms import AccessibleFormMixin
from bascule.people.imports import reading as importing

SCOPE_UPDATE, SCOPE_FULL = "update", "full"
BLANK_KEEP, BLANK_CLEAR = "keep", "clear"


class ImportOptionsForm(AccessibleFormMixin, forms.Form):
    """How a file is applied: whether it lists everyone employed, what a blank cell does.

    The safe choice is the default for both: nobody is marked as having left, nothing stored
    is erased by a blank cell.
    """

    scope = forms.ChoiceField(
        label=gettext_lazy("What does the file list?"),
        choices=[
            (
                SCOPE_UPDATE,
                gettext_lazy("Some employees: add or update them, leave everyone else as they are"),
            ),
            (
                SCOPE_FULL,
                gettext_lazy(
                    "Everyone currently employed: also mark anyone missing from the file "
                    "as having left"
                ),
            ),
        ],
        initial=SCOPE_UPDATE,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Choose “everyone” only for a complete export of your HR system. Records are "
            "never deleted, and you will see who would be marked as having left before "
            "anything is saved."
        ),
    )
    blank_cells = forms.ChoiceField(
        label=gettext_lazy("Empty cells"),
        choices=[
            (BLANK_KEEP, gettext_lazy("Keep what Bascule already has")),
            (BLANK_CLEAR, gettext_lazy("Erase what Bascule has for that information")),
        ],
        initial=BLANK_KEEP,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "For example, an empty hire date in the file keeps the hire date already in "
            "Bascule, unless you choose to erase it."
        ),
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any):
        if data is not None and not all(name in data for name in ("scope", "blank_cells")):
            # A choice left out of the request (a script, an old page) is the safe one.
            data = data.copy()
            data.setdefault("scope", SCOPE_UPDATE)
            data.setdefault("blank_cells", BLANK_KEEP)
        super().__init__(data, *args, **kwargs)

    @classmethod
    def initial_for(cls, *, full_export: bool, clear_blank_cells: bool) -> dict[str, str]:
        """Return the form's initial values for an import's current options."""
        return {
            "scope": SCOPE_FULL if full_export else SCOPE_UPDATE,
            "blank_cells": BLANK_CLEAR if clear_blank_cells else BLANK_KEEP,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["full_export"] = cleaned.get("scope") == SCOPE_FULL
        cleaned["clear_blank_cells"] = cleaned.get("blank_cells") == BLANK_CLEAR
        return cleaned


class ImportUploadForm(ImportOptionsForm):
    field_order = ["file", "scope", "blank_cells"]

    file = forms.FileField(
        label=gettext_lazy("Employee file"),
        help_text=gettext_lazy(
            "The export of your HR system, as CSV (separated by semicolons, commas or tabs) "
            "or Excel (.xlsx). The first line holds the column names, in French or English. "
            "Required columns: employee ID, first name, last name and e-mail. "
            "Dates as 2024-03-31 or 31/03/2024."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(max_mb)s MB.") % {"max_mb": limit // (1024 * 1024)}
            )
        return upload


class ImportCommitForm(AccessibleFormMixin, forms.Form):
    """The commit: above the set share of leavers, HR types how many will be marked as
    having left, so that a wrong file cannot be imported by a mere click."""

    confirm_leavers = forms.IntegerField(
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, leaving: int, required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.leaving = leaving
        field = self.fields["confirm_leavers"]
        field.required = required
        field.label = ngettext(
            "To confirm, type the number of employees who will be marked as having left "
            "(%(count)s)",
            "To confirm, type the number of employees who will be marked as having left "
            "(%(count)s)",
            leaving,
        ) % {"count": number_format(leaving, force_grouping=True)}
        field.error_messages["required"] = _(
            "Type the number of employees who will be marked as having left to confirm."
        )
        if not required:
            del self.fields["confirm_leavers"]

    def full_clean(self) -> None:
        super().full_clean()
        if "confirm_leavers" in self.errors:
            # The page comes back (or htmx swaps the form in) with the cursor in the box.
            self.fields["confirm_leavers"].widget.attrs["autofocus"] = True

    def clean_confirm_leavers(self) -> int:
        value = self.cleaned_data["confirm_leavers"]
        if value != self.leaving:
            raise forms.ValidationError(
                ngettext(
                    "This import marks %(count)s employee as having left, not %(value)s. "
                    "Type %(count)s to confirm, or change the file.",
                    "This import marks %(count)s employees as having left, not %(value)s. "
                    "Type %(count)s to confirm, or change the file.",
                    self.leaving,
                )
                % {"count": number_format(self.leaving, force_grouping=True), "value": value}
            )
        return value


class ImportMappingForm(AccessibleFormMixin, forms.Form):
    """One select per header that was not recognised: a field of an employee, or ignore."""

    def __init__(self, *args: Any, headers: list[str], mapping: dict[str, str], **kwargs: Any):
        self.headers = headers
        # The fields already provided by the columns that were recognised.
        self.recognised = {
            header: name for header, name in mapping.items() if name and header not in headers
        }
        super().__init__(*args, **kwargs)
        choices = [(importing.IGNORE, _("Ignore this column"))] + [
            (name, importing.field_label(name)) for name in importing.FIELDS
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=mapping.get(header, importing.IGNORE),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for index, header in enumerate(self.headers):
            name = cleaned.get(f"column_{index}") or importing.IGNORE
            if name:
                others = [h for h, n in {**self.recognised, **chosen}.items() if n == name]
                if others:
                    self.add_error(
                        f"column_{index}",
                        _("The column “%(header)s” already provides %(field)s.")
                        % {"header": others[0], "field": importing.field_label(name)},
                    )
            chosen[header] = name
        cleaned["mapping"] = chosen
        return cleaned

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.headers))]
