from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bascule.accounts.forms import ThrottledLoginMixin
from bascule.accounts.models import User
from bascule.core.admin import AuditedModelAdmin
from bascule.core.audit import audit_record


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form, saying how long to wait when the throttle refused it."""


admin.site.login_form = ThrottledAdminAuthenticationForm


class UserChangeForm(auth_forms.UserChangeForm):
    """The admin's user form, without the password field (not even its masked hash)."""

    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields.pop("password", None)


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    """Users log in with their e-mail address; there is no username.

    Accounts are not deleted: their personal data is erased instead (bascule/privacy), which
    keeps what they did readable and the figures right.
    """

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password_status")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language", "time_zone")}),
        (_("Role"), {"fields": ("role", "employee", "managed_departments")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Personal data"), {"fields": ("personal_data",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("password_status", "last_login", "date_joined", "personal_data")
    list_display = ("email", "first_name", "last_name", "role", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    raw_id_fields = ("employee",)
    filter_horizontal = ("managed_departments", "groups", "user_permissions")

    @admin.display(description=_("password"))
    def password_status(self, obj: User) -> str:
        if obj.pk is None:
            return "—"
        state = _("Set") if obj.has_usable_password() else _("No usable password")
        return format_html('{} · <a href="../password/">{}</a>', state, _("Change the password"))

    @admin.display(description=_("personal data"))
    def personal_data(self, obj: User) -> str:
        if obj.pk is None:
            return "—"
        if obj.erased_at is not None:
            return gettext("Erased")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("privacy:account_data", args=[obj.pk]),
            gettext("See"),
            reverse("privacy:account_erase", args=[obj.pk]),
            gettext("Erase"),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        """Deleting an account would leave its person's name and data everywhere else: the
        erasure page says what goes and what stays, and asks for a typed confirmation."""
        try:
            user_id = int(object_id)
        except ValueError:
            raise Http404 from None
        messages.info(
            request,
            gettext(
                "Accounts are not deleted: their personal data is erased instead. This page "
                "says what is erased and what is kept."
            ),
        )
        return redirect("privacy:account_erase", user_id=user_id)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        # The password form saves outside save_model: record it here, without any value.
        if request.resolver_match and request.resolver_match.url_name.endswith("password_change"):
            audit_record(actor=request.user, action="admin.password_change", target=obj)
        return super().log_change(request, obj, message)
