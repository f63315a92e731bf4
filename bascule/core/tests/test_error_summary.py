"""The one error summary (templates/components/error_summary.html): first in <main> after a
failed submission, a titled box whose items link to the fields in error, on every form page;
in an htmx swap it comes out of band into the same place."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from bascule.core.errors import DomainError, ValidationFailed
from bascule.core.forms import AccessibleFormMixin, add_errors, error_summary_items
from bascule.pairing.testing import make_running_program

pytestmark = pytest.mark.django_db


class Example(forms.Form):
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(
        label="Colour", choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="Days", choices=[("mon", "Monday")], widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Something is wrong with the whole form.")


def test_it_links_each_field_error_to_its_input_and_lists_the_others_as_text():
    form = Example(data={"version": "x"})
    items = error_summary_items(form)
    assert items[0] == {
        "href": "",
        "label": "",
        "message": "Something is wrong with the whole form.",
    }
    by_href = {item["href"]: item for item in items[1:]}
    assert by_href["#id_name"]["label"] == "Name"
    assert "#id_colour_0" in by_href  # a group of radios: its first one
    assert "#id_days_0" in by_href
    hidden = [item for item in items if "whole number" in item["message"]]
    assert hidden == [{"href": "", "label": "", "message": "Enter a whole number."}]


def test_an_unbound_form_and_an_empty_message_give_nothing():
    assert error_summary_items(Example(), "", None) == []
    assert error_summary_items("A conflict.") == [
        {"href": "", "label": "", "message": "A conflict."}
    ]


class Upload(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label="Name", required=False)
    file = forms.CharField(label="File", required=False)


def test_add_errors_puts_each_refusal_where_it_belongs():
    form = Upload(data={})
    form.is_valid()
    add_errors(form, ValidationFailed({"name": ["Too long."], "colour": ["Unknown."]}))
    add_errors(form, DomainError("Unreadable."), field="file")
    named = DomainError("Taken.")
    named.field = "name"
    add_errors(form, named)
    add_errors(form, DomainError("Closed."))
    assert form.errors == {
        "name": ["Too long.", "Taken."],
        "__all__": ["Unknown.", "Closed."],
        "file": ["Unreadable."],
    }
    # Linked to its field like a validation error.
    assert 'aria-invalid="true"' in str(form["file"])
    assert "id_file-errors" in str(form["file"])


def test_a_formset_may_name_its_rows():
    class Row(forms.Form):
        title = forms.CharField(label="Title")

    class Rows(forms.BaseFormSet):
        row_label = "Row %(n)s"

    rows = forms.formset_factory(Row, formset=Rows, extra=0, min_num=2)(
        data={"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-1-title": "x"}
    )
    rows.is_valid()
    assert error_summary_items(rows) == [
        {"href": "#id_form-0-title", "label": "Row 1", "message": "This field is required."}
    ]


def main_content(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_after_a_failed_submission_it_comes_first_in_main(client, company):
    client.force_login(company.lea_user)
    response = client.post("/accounts/me/", {"language": "en", "time_zone": "Mars/Base"})
    main = main_content(response.content.decode())
    assert main.count('id="error-summary"') == 1
    before = main.split('id="error-summary"', 1)[0]
    assert "<h1" not in before and "<form" not in before and "alert" not in before
    assert 'tabindex="-1"' in main and 'role="alert"' in main
    assert "There is a problem" in main
    assert '<a href="#id_time_zone">Time zone — Select a valid choice.' in main


def test_it_is_absent_without_errors(client, company):
    client.force_login(company.lea_user)
    assert 'id="error-summary"' not in client.get("/accounts/me/").content.decode()


def test_pages_with_several_forms_summarise_the_one_sent(client, company):
    running = make_running_program(company)
    client.force_login(company.lea_user)
    url = f"/pairs/{running.pair.pk}/notes/private/"
    main = main_content(client.post(url, {"private-body": " "}).content.decode())
    assert main.count('id="error-summary"') == 1
    assert 'href="#id_private-body"' in main


def test_an_htmx_filter_swaps_it_out_of_band_into_the_top_of_main(client, company):
    client.force_login(company.alice)
    response = client.get(
        "/audit/",
        {"date_from": "2027-02-31"},
        headers={"HX-Request": "true", "HX-Target": "audit-results"},
    )
    html = response.content.decode()
    assert 'hx-swap-oob="innerHTML:#error-summary-slot"' in html
    assert 'id="error-summary"' in html and "These filters were not applied:" in html
    # The full page puts it in the slot at the top of <main>.
    main = main_content(client.get("/audit/", {"date_from": "2027-02-31"}).content.decode())
    assert main.count('id="error-summary"') == 1
    assert "<h1" not in main.split('id="error-summary"', 1)[0]


def test_no_template_writes_its_own_summary():
    templates = Path(settings.BASE_DIR) / "templates"
    writers = sorted(
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r'id="(error-summary|form-errors)"', path.read_text())
    )
    assert writers == ["components/error_summary.html"]
    assert "js/error-summary.js" in (templates / "base.html").read_text()
