from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin


class EmailAuthenticationForm(AccessibleFormMixin, AuthenticationForm):
    """Log in with an e-mail address (case-insensitive) and a password."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
