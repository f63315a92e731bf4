"""Forms of the HR file import: the upload and the column mapping. They validate, never write."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.forms import AccessibleFormMixin
from bascule.people import importing


class ImportUploadForm(AccessibleFormMixin, forms.Form):
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
    full_export = forms.BooleanField(
        label=gettext_lazy("This file lists everyone currently employed"),
        help_text=gettext_lazy(
            "Leave this ticked for a full export: anyone in Bascule who is not in the file "
            "will be marked as having left today. Their record is kept, never deleted. "
            "Untick it if the file only lists some employees: the others are left as they are."
        ),
        required=False,
        initial=True,
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(max_mb)s MB.") % {"max_mb": limit // (1024 * 1024)}
            )
        return upload


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
