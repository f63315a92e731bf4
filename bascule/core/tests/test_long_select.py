"""LongSelect renders what Django's Select renders, without a template per option."""

from django import forms

from bascule.core.forms import AccessibleFormMixin, LongSelect


class PeopleForm(AccessibleFormMixin, forms.Form):
    person = forms.TypedChoiceField(
        label="Person", coerce=int, widget=LongSelect, help_text="Pick one"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose…"), (1, "Zoé <Admin>"), (2, "Léa & co")]


def test_options_are_escaped_and_the_value_is_selected():
    html = str(PeopleForm({"person": "2"})["person"])
    assert html.startswith("<select ") and 'name="person"' in html
    assert 'id="id_person"' in html and 'class="form-select"' in html and "required" in html
    assert 'aria-describedby="id_person-help"' in html
    assert '<option value="1">Zoé &lt;Admin&gt;</option>' in html
    assert '<option value="2" selected>Léa &amp; co</option>' in html
    assert '<option value="">Choose…</option>' in html


def test_an_unbound_form_selects_the_empty_choice_and_errors_are_linked():
    assert '<option value="" selected>Choose…</option>' in str(PeopleForm()["person"])
    form = PeopleForm({"person": "7"})
    assert not form.is_valid()
    html = str(form["person"])
    assert 'aria-invalid="true"' in html and "id_person-errors" in html
    assert "selected" not in html.replace('value="7"', "")
