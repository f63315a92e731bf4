import logging
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from bascule.accounts import services, throttle
from bascule.accounts.models import Language, User
from bascule.core.forms import AccessibleFormMixin
from bascule.core.notify import notify
from bascule.core.time_zones import TimeZoneField, country_zones
from bascule.people.models import GenerationBand

logger = logging.getLogger(__name__)

INVALID_LOGIN = _(
    "This e-mail address and password do not match an account. "
    "Check both and try again, or reset your password."
)


def throttled_message(wait_seconds: int) -> str:
    """Return the message of a refused login, with the wait in whole minutes."""
    minutes = max(1, -(-wait_seconds // 60))
    return ngettext(
        "Too many unsuccessful attempts to log in to this account from your connection. "
        "For your security, wait %(minutes)d minute before trying again, "
        "or reset your password.",
        "Too many unsuccessful attempts to log in to this account from your connection. "
        "For your security, wait %(minutes)d minutes before trying again, "
        "or reset your password.",
        minutes,
    ) % {"minutes": minutes}


class ThrottledLoginMixin:
    """A login form that says how long to wait when the throttle refused the attempt."""

    request: HttpRequest | None

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            attempt = getattr(self.request, "login_throttle", None)
            if attempt is not None and attempt.refused:
                raise ValidationError(
                    throttled_message(attempt.wait_seconds), code="throttled"
                ) from None
            raise

    @property
    def throttled(self) -> bool:
        return any(error.code == "throttled" for error in self.errors.as_data().get("__all__", []))


class EmailAuthenticationForm(
    ThrottledLoginMixin, AccessibleFormMixin, auth_forms.AuthenticationForm
):
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
        request = getattr(self, "request", None)
        services.user_password_reset_request_record(
            user=context["user"],
            address=throttle.client_address(request) if request is not None else "",
        )
        try:
            # Queued like every e-mail; the job makes the link's token when it sends it.
            notify("password_reset", user_id=context["user"].pk)
        except Exception:
            # Failing loudly only for existing accounts would tell who has one; log instead,
            # as Django's own form does.
            logger.exception(
                "Failed to send the password reset e-mail to user %s", context["user"].pk
            )

    def save(self, *args, request: HttpRequest | None = None, **kwargs):
        # Django passes the request to save() only: keep it for the audit log's address.
        self.request = request
        return super().save(*args, request=request, **kwargs)


class _SavesThroughServiceMixin:
    """Django's password views call `form.save()`: route it through the audited service."""

    user: User
    cleaned_data: dict

    def save(self, commit: bool = True) -> User:
        return services.user_set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )


class SetPasswordForm(AccessibleFormMixin, auth_forms.SetPasswordForm):
    """Choose a new password from a reset link."""

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["new_password1"].widget.attrs["autofocus"] = True

    def save(self, commit: bool = True) -> User:
        address = throttle.client_address(self.request) if self.request is not None else ""
        user = services.user_reset_password(
            user=self.user, password=self.cleaned_data["new_password1"], address=address
        )
        # Whoever proved they own the mailbox may log in at once from here.
        throttle.forget_account(email=user.email, address=address)
        return user


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
