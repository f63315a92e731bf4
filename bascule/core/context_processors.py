from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from bascule.core import outbox


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the main navigation entries the current user may use, the current one marked."""
    user = getattr(request, "user", None)
    entries: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated:
        entries.append((_("Home"), reverse("home:home")))
        entries.append((_("Programs"), reverse("programs:program_list")))
        if user.employee_id is not None and not user.is_sponsor:
            entries.append((_("Training"), reverse("training:my_training")))
        if user.can_manage_people:
            entries.append((_("People"), reverse("people:directory")))
        if user.is_hr_admin or user.is_program_manager:
            entries.append((_("Workshops"), reverse("workshops:manage")))
        elif user.employee_id and not user.is_sponsor:
            entries.append((_("Workshops"), reverse("workshops:list")))
        if user.employee_id is not None and not user.is_sponsor:
            entries.append((_("Recognition"), reverse("recognition:mine")))
            entries.append((_("Certificates"), reverse("certificates:mine")))
        else:
            entries.append((_("Recognition"), reverse("recognition:company_wall")))
        if user.is_hr_admin or user.is_program_manager or user.is_sponsor:
            entries.append((_("Insights"), reverse("insights:dashboard")))
        if user.is_hr_admin:
            entries.append((_("Import"), reverse("people:import_upload")))
            entries.append((_("Skills"), reverse("skills:skill_list")))
            entries.append((_("Audit log"), reverse("core:audit_log")))
        if outbox.enabled():
            entries.append((_("Sent e-mails"), reverse("outbox:list")))
    # The longest URL that prefixes the current path is the current entry. Pages reached
    # from a program (its matching workbench, the health of its pairs) belong to "Programs".
    path = request.path
    matching_root = reverse("pairing:workbench", args=[0]).removesuffix("programs/0/")
    health_root = reverse("journey:health_pair", args=[0]).removesuffix("0/")
    if path.startswith((matching_root, health_root)):
        path = reverse("programs:program_list")
    # The home page ("/") prefixes every path: it is current only on itself.
    home = reverse("home:home")
    matching = [
        url for _label, url in entries if path == url or (url != home and path.startswith(url))
    ]
    current = max(matching, key=len) if matching else None
    items = [{"label": label, "url": url, "current": url == current} for label, url in entries]
    return {"nav_items": items}
