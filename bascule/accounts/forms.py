import logging
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from bascule.accounts import services
from bascule.accounts.models import Language, User
from bascule.core import emails
from bascule.core.forms import AccessibleFormMixin
from bascule.core.time_zones import TimeZoneField, country_zones
from bascule.people.models import GenerationBand

logger = logging.getLogger(__name__)

INVALID_LOGIN = _(
    "This e-mail address and password do not match an account. "
    "Check both and try again, or reset your password."
)


class EmailAuthenticationForm(AccessibleFormMixin, auth_forms.AuthenticationForm):
    """Log in with an e-mail address (case-insensitive) and a password.

    A wrong address, a wrong password and an inactive account all get the same message, so
    the form does not tell who has an account.
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class PasswordResetForm(AccessibleFormMixin, auth_forms.PasswordResetForm):
    """Ask for a reset link; the e-mail goes out in the recipient's own language."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        try:
            emails.send_password_reset(
                to=context["user"], uid=context["uid"], token=context["token"]
            )
        except Exception:
            # Failing loudly only for existing accounts would tell who has one; log instead,
            # as Django's own form does.
            logger.exception(
                "Failed to send the password reset e-mail to user %s", context["user"].pk
            )


class _SavesThroughServiceMixin:
    """Django's password views call `form.save()`: route it through the audited service."""

    user: User
    cleaned_data: dict

    def save(self, commit: bool = True) -> User:
        return services.user_set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )


class SetPasswordForm(_SavesThroughServiceMixin, AccessibleFormMixin, auth_forms.SetPasswordForm):
    """Choose a new password from a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True


class PasswordChangeForm(
    _SavesThroughServiceMixin, AccessibleFormMixin, auth_forms.PasswordChangeForm
):
    """Change one's password, entering the current one first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")


class PreferencesForm(AccessibleFormMixin, forms.Form):
    """The user's own settings. The generation band exists only for users with an employee."""

    language = forms.ChoiceField(
        label=_("Language"),
        # Each language in its own name, readable by someone who does not know the other.
        choices=[
            (code, capfirst(get_language_info(code)["name_local"])) for code in Language.values
        ],
        widget=forms.RadioSelect,
        help_text=_("The language of the pages and of the e-mails Bascule sends you."),
    )
    time_zone = TimeZoneField(
        label=_("Time zone"),
        help_text=_("Dates and times of meetings are shown in this time zone."),
    )
    generation_band = forms.ChoiceField(
        label=_("Generation"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "You do not have to answer. If you do, your answer is only ever counted in "
            "anonymous statistics about groups of people. It is never used to choose who "
            "you are paired with. You can change or remove it at any time."
        ),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # The user's zone first (kept even when the HR file gave an old name of it), then
        # those of the organisation's country.
        self.fields["time_zone"].suggest([user.time_zone, *country_zones(settings.DEFAULT_COUNTRY)])
        if user.employee_id is None:
            del self.fields["generation_band"]
        else:
            self.fields["generation_band"].choices = [
                ("", _("Not specified")),
                *GenerationBand.choices,
            ]

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"]
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise forms.ValidationError(_("Choose a time zone from the list.")) from exc
        return name


class ApiTokenForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("A name to recognise it later, for example the script that uses it."),
    )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()
