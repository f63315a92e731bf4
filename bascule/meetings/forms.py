"""Forms of the meeting pages. The rules live in services.schedule_errors, shared with the
API; a form shows them next to its fields and keeps what was typed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.core.time_zones import TimeZoneField, country_zones
from bascule.meetings import services
from bascule.meetings.models import MAX_MINUTES, MIN_MINUTES, MeetingOutcome
from bascule.pairing.models import Pair


class MeetingForm(AccessibleFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In the time zone below, 24-hour clock."),
    )
    time_zone = TimeZoneField(label=_("Time zone"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), help_text=_("Between 10 and 240 minutes.")
    )
    # One of the two is required (services.schedule_errors): the template groups them under
    # a legend saying so, rather than marking each one "optional".
    location = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("A room or an address."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of the video call, starting with https://."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, pair: Pair, user: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pair = pair
        # First the zone in the form, the viewer's, then those of the program's country.
        self.fields["time_zone"].suggest(
            [
                self.data.get("time_zone") if self.is_bound else self.initial.get("time_zone"),
                getattr(user, "time_zone", ""),
                *country_zones(pair.program.country),
            ]
        )
        self.fields["duration_minutes"].widget.attrs.update(
            {"min": MIN_MINUTES, "max": MAX_MINUTES, "step": 5}
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        _starts_at, errors = services.schedule_errors(self.values(), pair=self.pair)
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned

    def values(self) -> services.MeetingValues:
        data = self.cleaned_data
        return services.MeetingValues(
            date=data["date"],
            time=data["time"],
            time_zone=data["time_zone"],
            duration_minutes=data["duration_minutes"],
            location=data.get("location") or "",
            video_url=data.get("video_url") or "",
            agenda=data.get("agenda") or "",
        )


class CancelForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to your partner"),
        required=False,
        max_length=services.LOG_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with the cancellation."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class OutcomeForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened?"), choices=MeetingOutcome.choices, widget=forms.RadioSelect
    )
    log = forms.CharField(
        label=_("Short log"),
        required=False,
        max_length=services.LOG_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you talked about, what comes next. Only the two of you see it."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
