"""Forms of HR's badge pages: a custom badge, awarding one, revoking an award."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.recognition.badges.services import DESCRIPTION_MAX, NAME_MAX
from bascule.recognition.models import REASON_MAX, BadgeColour, BadgeShape


class BadgeForm(AccessibleFormMixin, forms.Form):
    name_fr = forms.CharField(label=_("Name in French"), max_length=NAME_MAX)
    name_en = forms.CharField(label=_("Name in English"), max_length=NAME_MAX)
    description_fr = forms.CharField(
        label=_("Description in French"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    shape = forms.ChoiceField(
        label=_("Shape"), choices=BadgeShape.choices, initial=BadgeShape.CIRCLE
    )
    colour = forms.ChoiceField(
        label=_("Colour"), choices=BadgeColour.choices, initial=BadgeColour.BLUE
    )


class AwardForm(AccessibleFormMixin, forms.Form):
    badge = forms.ChoiceField(label=_("Badge"))
    employee = forms.ChoiceField(label=_("Person"))
    program = forms.ChoiceField(label=_("Program"), required=False)
    reason = forms.CharField(
        label=_("Why they receive it"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads it, with the badge."),
    )

    def __init__(self, *args, badges=(), people=(), programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge"].choices = [("", "—")] + [(b.slug, b.name) for b in badges]
        self.fields["employee"].choices = [("", "—")] + [(str(p.pk), p.full_name) for p in people]
        self.fields["program"].choices = [("", _("No program in particular"))] + [
            (str(p.pk), p.name) for p in programs
        ]


class RevokeForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why it is revoked"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person is told, with this reason."),
    )
