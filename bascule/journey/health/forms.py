"""HR's forms on the pair-health pages: nudge and pause."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.journey.health.services import MAX_MESSAGE_LENGTH, Recipients
from bascule.pairing.lifecycle import MAX_REASON_LENGTH


class NudgeForm(AccessibleFormMixin, forms.Form):
    recipients = forms.ChoiceField(
        label=_("Send to"),
        choices=[
            (Recipients.BOTH, _("Both members")),
            (Recipients.MENTOR, _("The mentor only")),
            (Recipients.MENTEE, _("The mentee only")),
        ],
        initial=Recipients.BOTH,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Prepared from what the members can see for themselves; change it as you wish. "
            "It is sent as written, with a link to their pair's page."
        ),
    )


class PauseForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the pair is paused"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept for HR. The members are told that their mentoring is paused, not the reason."
        ),
    )
