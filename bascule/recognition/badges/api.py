"""The badges API, /api/recognition/badges.

Participants: my badges (revoked ones with HR's reason). HR, program managers (their
programs) and sponsors: the definitions and how many hold each per program, never who. HR:
awarding a custom badge with a reason, revoking an award with a reason, switching a badge
off or on.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.errors import ValidationFailed
from bascule.core.permissions import require, user_has_pairs, user_is_hr_admin, user_may_recognise
from bascule.programs.models import Program
from bascule.recognition.badges import selectors, services
from bascule.recognition.models import Badge, BadgeAward

router = Router()  # tagged "recognition" by the router it is added to


class BadgeOut(Schema):
    slug: str
    builtin: bool
    name: str = Field(description="In the reader's language")
    description: str
    criteria: str = Field(description="How it is earned, in words")
    active: bool
    image_url: str = Field(description="Its SVG image")


class AwardOut(Schema):
    id: int
    badge: str = Field(description="The badge's slug")
    name: str
    program_id: int | None
    awarded_at: dt.datetime
    automatic: bool = Field(description="Awarded from the events (not by HR)")
    reason: str
    revoked: bool
    revoked_reason: str = Field(description="Why HR revoked it (the holder and HR only)")


class CountOut(Schema):
    badge: str
    program_id: int
    count: int = Field(description="How many hold it in the program (revoked ones left out)")


class AwardIn(Schema):
    badge: str = Field(description="A custom badge's slug")
    employee_id: int
    program_id: int | None = None
    reason: str


class RevokeIn(Schema):
    reason: str


class SwitchIn(Schema):
    active: bool = Field(description="false: no new award (holders keep it); true: awarded again")


class SwitchOut(BadgeOut):
    holders: int = Field(description="How many people hold it (revoked ones left out)")


def _badge(badge: Badge) -> dict[str, Any]:
    language = get_language()
    return {
        "slug": badge.slug,
        "builtin": badge.builtin,
        "name": badge.name_in(language),
        "description": badge.description_in(language),
        "criteria": badge.criteria_in(language),
        "active": badge.active,
        "image_url": reverse("recognition:badge_image", kwargs={"badge": badge.slug}),
    }


def _award(award: BadgeAward) -> dict[str, Any]:
    return {
        "id": award.pk,
        "badge": award.badge.slug,
        "name": award.badge.name_in(get_language()),
        "program_id": award.program_id,
        "awarded_at": award.awarded_at,
        "automatic": award.awarded_by_id is None,
        "reason": award.reason,
        "revoked": award.is_revoked,
        "revoked_reason": award.revoked_reason,
    }


@router.get("/mine", response={200: list[AwardOut], **ERRORS}, summary="My badges")
@require(user_has_pairs)
def list_my_badges(request: HttpRequest):
    """The badges I hold, newest first, revoked ones too (with HR's reason)."""
    return [_award(a) for a in selectors.held_by(request.user.employee_id, revoked=True)]


@router.get("", response={200: list[BadgeOut], **ERRORS}, summary="Badge definitions")
@require(user_may_recognise)
def list_badges(request: HttpRequest):
    services.install_builtins()
    return [_badge(b) for b in selectors.badges().order_by("-builtin", "pk")]


@router.get("/counts", response={200: list[CountOut], **ERRORS}, summary="Badges per program")
@require(user_may_recognise)
def list_badge_counts(request: HttpRequest):
    """How many people hold each badge per program in my scope (never who)."""
    programs = list(selectors.counted_programs(request.user))
    slugs = dict(Badge.objects.values_list("pk", "slug"))
    return [
        {"badge": slugs[badge_id], "program_id": program_id, "count": n}
        for badge_id, cells in selectors.counts(programs=programs).items()
        for program_id, n in sorted(cells.items())
    ]


@router.post("/awards", response={201: AwardOut, **ERRORS}, summary="Award a custom badge")
@require(user_is_hr_admin)
@idempotency.api_create()
def award_badge(request: HttpRequest, payload: AwardIn):
    """HR awards a custom badge to a participant, with a reason; 409 when they hold it."""
    badge = Badge.objects.filter(slug=payload.badge, active=True).first()
    person = selectors.awardable_people().filter(pk=payload.employee_id).first()
    program = None
    errors: dict[str, list[str]] = {}
    if badge is None:
        errors["badge"] = [_("Choose an active custom badge.")]
    if person is None:
        errors["employee_id"] = [_("Choose someone taking part in a program.")]
    if payload.program_id is not None:
        program = Program.objects.filter(pk=payload.program_id).first()
        if program is None:
            errors["program_id"] = [_("Choose a program, or none.")]
    if errors:
        raise ValidationFailed(errors)
    award = services.badge_award(
        actor=request.user,
        badge=badge,
        employee=person,
        program=program,
        reason=payload.reason,
        submission=idempotency.submission(request),
    )
    return Status(201, _award(award))


@router.post(
    "/awards/{award_id}/revoke",
    response={200: AwardOut, **ERRORS},
    summary="Revoke a badge",
)
@require(user_is_hr_admin)
def revoke_badge(request: HttpRequest, award_id: int, payload: RevokeIn):
    """HR revokes an award with a reason the holder is told; 409 when already revoked."""
    award = selectors.access_award(award_id=award_id)
    services.badge_revoke(actor=request.user, award_id=award.pk, reason=payload.reason)
    return _award(selectors.access_award(award_id=award.pk))


@router.put(
    "/{slug}/active",
    response={200: SwitchOut, **ERRORS},
    summary="Switch a badge on or off",
)
@require(user_is_hr_admin)
def switch_badge(request: HttpRequest, slug: str, payload: SwitchIn):
    """HR switches a badge off (neither the rules nor HR award it any more; those who hold it
    keep it) or on again. Audited when it changes; the same value again changes nothing."""
    services.install_builtins()
    badge = services.badge_switch(actor=request.user, slug=slug, active=payload.active)
    return {**_badge(badge), "holders": selectors.holder_counts().get(badge.pk, 0)}
