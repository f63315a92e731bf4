from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet
from django.forms.utils import flatatt
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class AccessibleFormMixin:
    """Give every widget the CSS class and ARIA links its label, help and errors need."""

    # Errors are linked in full_clean, not here: validating in __init__ would run before a
    # subclass has set its querysets and choices.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-help"

    def full_clean(self):
        super().full_clean()
        # Errors are known only after validation: link them to their fields now.
        self._link_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        # A refusal copied after validation (add_errors) is linked like the others.
        self._link_errors()

    def _link_errors(self):
        for name in self._errors or ():
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                error_id = f"{self[name].id_for_label}-errors"
                described = widget.attrs.get("aria-describedby", "")
                if error_id not in described:
                    widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


_SELECTED = mark_safe(" selected")


class LongSelect(forms.Select):
    """A select of thousands of options (the people of a large program), rendered in one
    pass instead of one template per option: the same HTML, a hundred times faster."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        rows = (
            ("" if key is None else key, _SELECTED if str(key) in chosen else "", label)
            for key, label in self.choices
        )
        options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
        return format_html("<select{}>{}</select>", flatatt(final), options)


# Widgets drawn as a group of inputs (radios, checkboxes) have no input with the field's own
# id: the summary links to the first one, `<auto_id>_0`, as their fieldsets do.
def _anchor(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, forms.HiddenInput):
        return ""
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0" if bound.auto_id else ""
    return bound.id_for_label or ""


def error_summary_items(*sources: Any) -> list[dict[str, str]]:
    """Return the errors of `sources`, in page order, as {"href", "label", "message"} items.

    A source is a form, a formset, a message (str), or items already prepared (a list of
    dicts with those keys, for errors that are not a form field's). Errors of a form's
    visible fields link to their input; the others (the form's own, a hidden field's, a
    message) are plain text.
    """
    items: list[dict[str, str]] = []
    for source in sources:
        if not source:
            continue
        if isinstance(source, str | Promise):
            items.append({"href": "", "label": "", "message": str(source)})
        elif isinstance(source, BaseFormSet):
            if not source.is_bound:
                continue
            # A formset may name its rows (`row_label`, e.g. "Milestone %(n)s"): the items of
            # a row then say which row they are about rather than which field.
            row_label = getattr(source, "row_label", None)
            for number, row in enumerate(source.forms, start=1):
                row_items = error_summary_items(row)
                if row_label:
                    label = row_label % {"n": number}
                    row_items = [{**i, "label": label if i["href"] else ""} for i in row_items]
                items.extend(row_items)
            items.extend(
                {"href": "", "label": "", "message": str(m)} for m in source.non_form_errors()
            )
        elif isinstance(source, forms.BaseForm):
            if not source.is_bound:
                continue
            items.extend(
                {"href": "", "label": "", "message": str(m)} for m in source.non_field_errors()
            )
            for name in source.fields:
                bound = source[name]
                for message in bound.errors:
                    anchor = _anchor(bound)
                    items.append(
                        {
                            "href": f"#{anchor}" if anchor else "",
                            "label": str(bound.label) if anchor else "",
                            "message": str(message),
                        }
                    )
        else:
            items.extend(
                {
                    "href": item.get("href", ""),
                    "label": str(item.get("label", "")),
                    "message": str(item["message"]),
                }
                for item in source
            )
    return items


def add_errors(
    form: forms.BaseForm,
    exc: Exception,
    *,
    field: str | None = None,
    field_for: Callable[[str], str] | None = None,
) -> None:
    """Copy a refusal onto `form`, the one way pages show a service's error.

    A ValidationFailed's messages go onto their fields (`field_for` turns a service's field
    name into the form's, e.g. weight_<name>); any other refusal (a DomainError, or an error
    with a translated `message`) onto the field it names (`exc.field`), else onto `field`
    (e.g. the upload it is about), else onto the form itself. A field the form lacks becomes
    a form-wide error.
    """
    errors = getattr(exc, "errors", None) or {
        getattr(exc, "field", None) or field: [exc.message]  # type: ignore[attr-defined]
    }
    for name, messages in errors.items():
        target = field_for(name) if field_for and name else name
        for message in messages:
            form.add_error(target if target in form.fields else None, message)
