"""Forms of certificates: HR's settings (criteria per role, wording, signatory, logo),
revoking, the holder's verification preference, and the public code form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.certificates.models import MAX_MEETINGS
from bascule.certificates.services import LOGO_MAX_BYTES, NAME_MAX, REASON_MAX, TEXT_MAX
from bascule.core.forms import AccessibleFormMixin

ROLE_LEGENDS = {
    "mentor": _("Mentors receive a certificate when…"),
    "mentee": _("Mentees receive a certificate when…"),
}


def _charter() -> forms.Field:
    return forms.BooleanField(label=_("they confirmed the charter"), required=False)


def _meetings() -> forms.Field:
    return forms.IntegerField(
        label=_("they held at least this many meetings"), min_value=0, max_value=MAX_MEETINGS
    )


def _evaluation() -> forms.Field:
    return forms.BooleanField(label=_("they answered the end evaluation"), required=False)


def _training() -> forms.Field:
    return forms.BooleanField(
        label=_("they completed the training the program requires"), required=False
    )


def _not_early() -> forms.Field:
    return forms.BooleanField(label=_("their pair did not end early"), required=False)


class SettingsForm(AccessibleFormMixin, forms.Form):
    mentor_charter_confirmed = _charter()
    mentor_min_meetings = _meetings()
    mentor_end_evaluation = _evaluation()
    mentor_training_done = _training()
    mentor_not_ended_early = _not_early()
    mentee_charter_confirmed = _charter()
    mentee_min_meetings = _meetings()
    mentee_end_evaluation = _evaluation()
    mentee_training_done = _training()
    mentee_not_ended_early = _not_early()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    issue_at_close = forms.BooleanField(
        label=_("Issue the certificates when the program closes"), required=False
    )
    wording_fr = forms.CharField(
        label=_("Wording in French"),
        help_text=_(
            "A sentence printed under the program's name, e.g. what the program was about."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
    )
    wording_en = forms.CharField(
        label=_("Wording in English"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
    )
    signatory_name = forms.CharField(
        label=_("Signatory's name"), required=False, max_length=NAME_MAX
    )
    signatory_title = forms.CharField(
        label=_("Signatory's title"), required=False, max_length=NAME_MAX
    )
    company_name = forms.CharField(label=_("Company name"), required=False, max_length=NAME_MAX)
    logo = forms.FileField(
        label=_("Company logo"),
        help_text=_("A PNG or JPEG image, up to 1 MB and 2000 × 2000 pixels."),
        required=False,
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def role_fields(self, role: str) -> list:
        names = (
            "charter_confirmed",
            "min_meetings",
            "end_evaluation",
            "training_done",
            "not_ended_early",
        )
        return [self[f"{role}_{name}"] for name in names]

    def roles(self) -> list[tuple[str, object, list]]:
        return [(role, ROLE_LEGENDS[role], self.role_fields(role)) for role in ("mentor", "mentee")]

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload and upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is too large: 1 MB at most."))
        return upload


class RevokeForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the certificate revoked?"),
        help_text=_("The holder receives this reason by e-mail."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
    )


class VerifyForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("The code printed on the certificate, e.g. ABCDE-FGHIJ-KLMNO-PQRST."),
        max_length=64,
    )
