from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bascule.accounts import forms, selectors, services
from bascule.accounts.models import RevokedReason
from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed


@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponse:
    """Return the "My account" page: language, time zone, generation band, password."""
    user = request.user
    employee = user.employee
    initial = {
        "language": user.language,
        "time_zone": user.time_zone,
        "generation_band": employee.generation_band if employee else "",
    }
    form = forms.PreferencesForm(
        request.POST if request.method == "POST" else None, user=user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.user_update_preferences(
            actor=user,
            user=user,
            language=language,
            time_zone=form.cleaned_data["time_zone"],
            generation_band=form.cleaned_data.get("generation_band"),
        )
        # The confirmation is stored as text now: write it in the language just chosen.
        translation.activate(language)
        messages.success(request, _("Your settings have been saved."))
        response = redirect("accounts:me")
        # The language cookie wins over the profile (see UserPreferencesMiddleware): set it
        # too, so the change shows at once even after using the header's language switch.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    return render(request, "accounts/me.html", {"form": form})


# Tokens that stopped working without their owner revoking them: the page explains why.
STOPPED_REASONS = {RevokedReason.PASSWORD_CHANGED, RevokedReason.DEACTIVATED}

# The session key holding a just-created token's value until the page shows it, once.
SHOW_ONCE_SESSION_KEY = "accounts:new_api_token"


def _tokens_url(token: object) -> str:
    return reverse("accounts:tokens")


@require_http_methods(["GET", "POST"])
@idempotency.form_view(url=_tokens_url)
def tokens(request: HttpRequest) -> HttpResponse:
    """Return the API tokens page; after a creation, show the new token's value this once."""
    form = forms.ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, value = services.api_token_create(
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            submission=idempotency.submission(request),
        )
        # Redirect so that reloading the page cannot create a second token; the value waits
        # in the session for the next page view only, and is never put in a message.
        request.session[SHOW_ONCE_SESSION_KEY] = {"id": token.pk, "value": value}
        return redirect("accounts:tokens")
    new = request.session.pop(SHOW_ONCE_SESSION_KEY, None)
    user_tokens = list(selectors.api_tokens_of(user=request.user))
    new_token = next((t for t in user_tokens if new and t.pk == new["id"]), None)
    context = {
        "form": form,
        "tokens": user_tokens,
        "stopped": [t for t in user_tokens if t.revoked_reason in STOPPED_REASONS],
        "new_token": new_token,
        "new_value": new["value"] if new_token else None,
    }
    response = render(request, "accounts/tokens.html", context)
    if new:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens, then return to the tokens page."""
    token = selectors.access_api_token(user=request.user, token_id=token_id)
    if token.revoked_at is None and not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Revoke the token “%(name)s”?") % {"name": token.name},
                action=request.path,
                confirm_label=_("Yes, revoke the token"),
                back_url=reverse("accounts:tokens"),
                back_label=_("Back to my API tokens"),
                happens=[
                    _(
                        "Every script or program that uses this token is refused from now on "
                        "(it starts with %(prefix)s)."
                    )
                    % {"prefix": token.prefix}
                ],
                afterwards=[
                    _("This cannot be undone: to give them access again, create a new token.")
                ],
            ),
        )
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("accounts:tokens")


class LoginView(auth_views.LoginView):
    """Log in by e-mail; a login refused by the throttle answers 429 with the wait."""

    template_name = "accounts/login.html"
    authentication_form = forms.EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the e-mailed link (the form records the request's address)."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class LogoutView(auth_views.LogoutView):
    """Log out (POST only), then say so on the login page."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):
        had_tokens = selectors.api_tokens_of(user=self.request.user).filter(revoked_at=None)
        had_tokens = had_tokens.exists()
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        if had_tokens:
            messages.info(
                self.request,
                _(
                    "Your API tokens stopped working with your old password. Create new ones "
                    "for your scripts on the API tokens page."
                ),
            )
        return response
