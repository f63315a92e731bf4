"""Badge pages. HR, program managers (their programs) and sponsors: the definitions and how
many hold each per program. HR: who holds a badge, a custom badge, awarding it with a
reason, revoking any award with a reason (the holder is told). Everyone logged in: a badge's
image. A holder's badges show on their recognition page, home page and profile
(templatetags/recognition_badges.py)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bascule.core import idempotency
from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_is_hr_admin, user_may_recognise, user_reads_walls
from bascule.programs.models import Program
from bascule.recognition.badges import selectors, services
from bascule.recognition.badges.art import badge_svg
from bascule.recognition.badges.forms import AwardForm, BadgeForm, RevokeForm

INDEX = "recognition:badges"


@require(user_may_recognise)
def index(request: HttpRequest) -> HttpResponse:
    services.install_builtins()
    badges = selectors.definitions()
    programs = list(selectors.counted_programs(request.user))
    table = selectors.counts(programs=programs)
    rows = [(badge, [table.get(badge.pk, {}).get(p.pk, 0) for p in programs]) for badge in badges]
    return render(
        request,
        "recognition/badges/index.html",
        {
            "badges": badges,
            "programs": programs,
            "rows": rows,
            "hr": user_is_hr_admin(request.user),
        },
    )


@require(user_is_hr_admin)
def holders(request: HttpRequest, badge: str) -> HttpResponse:
    badge = selectors.access_badge(slug=badge)
    name = badge.name_in(get_language())
    return render(
        request,
        "recognition/badges/holders.html",
        {
            "badge": badge,
            "name": name,
            "art": badge_svg(badge, name=name, size=96),
            "awards": selectors.holders(badge),
        },
    )


def _created(target: Any, **kwargs: Any) -> str:
    return reverse(INDEX)


@require(user_is_hr_admin)
@idempotency.form_view(url=_created)
def create(request: HttpRequest) -> HttpResponse:
    form = BadgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            badge = services.badge_create(
                actor=request.user,
                data=form.cleaned_data,
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The badge “%(name)s” is ready to award.")
                % {"name": badge.name_in(get_language())},
            )
            return redirect(reverse("recognition:badge_award") + f"?badge={badge.slug}")
    return render(request, "recognition/badges/create.html", {"form": form})


def _awarded(target: Any, **kwargs: Any) -> str:
    return reverse("recognition:badge_holders", kwargs={"badge": target.badge.slug})


@require(user_is_hr_admin)
@idempotency.form_view(url=_awarded)
def award(request: HttpRequest) -> HttpResponse:
    custom = [b for b in selectors.definitions(active_only=True) if not b.builtin]
    people = list(selectors.awardable_people())
    programs = list(Program.objects.order_by("-starts_on", "name"))
    form = AwardForm(
        request.POST or None,
        initial={"badge": request.GET.get("badge", "")},
        badges=custom,
        people=people,
        programs=programs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        badge = next(b for b in custom if b.slug == data["badge"])
        person = next(p for p in people if str(p.pk) == data["employee"])
        program = next((p for p in programs if str(p.pk) == data["program"]), None)
        try:
            done = services.badge_award(
                actor=request.user,
                badge=badge,
                employee=person,
                program=program,
                reason=data["reason"],
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s receives the badge and is told.") % {"name": person.full_name},
            )
            return redirect(_awarded(done))
    return render(
        request, "recognition/badges/award.html", {"form": form, "has_custom": bool(custom)}
    )


@require(user_is_hr_admin)
def revoke(request: HttpRequest, award_id: int) -> HttpResponse:
    award = selectors.access_award(award_id=award_id)
    back = reverse("recognition:badge_holders", kwargs={"badge": award.badge.slug})
    if award.is_revoked:
        messages.info(request, _("This badge is already revoked."))
        return redirect(back)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.badge_revoke(
                actor=request.user, award_id=award.pk, reason=form.cleaned_data["reason"]
            )
        except ConflictError as exc:
            messages.info(request, exc.message)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The badge is revoked; %(name)s is told.") % {"name": award.employee.full_name},
            )
            return redirect(back)
    return render(
        request,
        "recognition/badges/revoke.html",
        {
            "award": award,
            "name": award.badge.name_in(get_language()),
            "form": form,
            "back_url": back,
        },
    )


@require(user_reads_walls)
@require_GET
def image(request: HttpRequest, badge: str) -> HttpResponse:
    badge = selectors.access_badge(slug=badge)
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + badge_svg(
        badge, name=badge.name_in(get_language()), size=256
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{badge.slug}.svg"'
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
