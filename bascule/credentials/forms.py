from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.credentials.models import ENDORSEMENT_MAX
from bascule.credentials.verify import MAX_INPUT

TEXT_MAX = 20000


class VerifyCredentialForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("The credential file"),
        help_text=_("The certificate PDF, or the credential file (.jwt or .json)."),
        required=False,
    )
    text = forms.CharField(
        label=_("Or paste the credential"),
        help_text=_("The signed credential: a long text in three parts separated by dots."),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        required=False,
        max_length=TEXT_MAX,
    )
    email = forms.EmailField(
        label=_("The holder's e-mail address"),
        help_text=_("To check that the credential was issued to this person."),
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        if upload is not None and upload.size > MAX_INPUT:
            self.add_error("file", _("This file is too large (5 MB at most)."))
        elif upload is None and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose a file or paste a credential."))
        return data

    def payload(self) -> bytes:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.read(MAX_INPUT + 1)
        return (self.cleaned_data.get("text") or "").replace("\x00", "").encode("utf-8", "replace")


class EndorseForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your endorsement"),
        help_text=_(
            "One or two sentences about what your partner brought you, in their credential. "
            "500 characters at most."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ENDORSEMENT_MAX,
    )
