"""Badge pages. HR, program managers (their programs) and sponsors: the definitions and how
many hold each per program. HR: who holds a badge, a custom badge, awarding it with a
reason, revoking any award with a reason (the holder is told), switching a badge off or on.
Everyone logged in: a badge's image. A holder's badges show on their recognition page, home
page and profile (templatetags/recognition_badges.py)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
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


MANAGE = "recognition:badge_manage"


@require(user_is_hr_admin)
def manage(request: HttpRequest) -> HttpResponse:
    """HR: every badge (built-in and custom), how many hold it, and its switch."""
    services.install_builtins()
    badges = selectors.definitions()
    held = selectors.holder_counts()
    for badge in badges:
        badge.holders = held.get(badge.pk, 0)
    return render(request, "recognition/badges/manage.html", {"badges": badges})


def _keep_sentence(name: str, holders: int) -> str:
    if not holders:
        return _("Nobody holds “%(name)s” yet.") % {"name": name}
    return ngettext(
        "%(count)s person holds “%(name)s”: they keep it.",
        "%(count)s people hold “%(name)s”: they keep it.",
        holders,
    ) % {"count": holders, "name": name}


@require(user_is_hr_admin)
@require_POST
def switch(request: HttpRequest, badge: str) -> HttpResponse:
    """HR switches a badge off (no new award, by the rules or by hand; those who hold it keep
    it) or on again, after a confirmation saying how many hold it."""
    badge = selectors.access_badge(slug=badge)
    wanted = request.POST.get("active")
    if wanted not in ("yes", "no"):
        messages.error(request, _("Choose whether the badge is switched on or off."))
        return redirect(MANAGE)
    active = wanted == "yes"
    name = badge.name_in(get_language())
    if not confirmed(request):
        holders = selectors.holder_counts().get(badge.pk, 0)
        if active:
            happens = [
                _("“%(name)s” is awarded again from now on.") % {"name": name}
                + " "
                + (
                    _("The next run of the rules catches up those who earned it meanwhile.")
                    if badge.builtin
                    else _("HR may award it again.")
                ),
                _keep_sentence(name, holders),
            ]
        else:
            happens = [
                _("No new award: the rules and HR stop giving “%(name)s”.") % {"name": name},
                _keep_sentence(name, holders),
            ]
        return confirmation_page(
            request,
            Confirmation(
                title=_("Switch on the badge “%(name)s”?") % {"name": name}
                if active
                else _("Switch off the badge “%(name)s”?") % {"name": name},
                action=reverse("recognition:badge_switch", kwargs={"badge": badge.slug}),
                confirm_label=_("Switch it on") if active else _("Switch it off"),
                back_url=reverse(MANAGE),
                back_label=_("Back to the badges"),
                happens=happens,
                blocked=[]
                if badge.active != active
                else [
                    _("This badge is already switched on.")
                    if active
                    else _("This badge is already switched off.")
                ],
                hidden=[("active", wanted)],
                danger=not active,
            ),
        )
    services.badge_switch(actor=request.user, slug=badge.slug, active=active)
    messages.success(
        request,
        (_("“%(name)s” is switched on.") if active else _("“%(name)s” is switched off."))
        % {"name": name},
    )
    return redirect(MANAGE)


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
