"""Writes of badges: the built-in definitions, awarding what the events prove (`award_due`,
idempotent, safe under concurrency), HR's custom badges and revocations.

"Never twice": a BadgeAward is unique per badge, person and program (two partial unique
constraints, one for awards with a program, one without). Each new award is inserted in its
own savepoint and a conflict means another run inserted it first: it is then not counted nor
told twice. A revoked award stays, so it is never given back automatically.
"""

from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, ValidationFailed
from bascule.core.notify import notify
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, Program
from bascule.recognition.badges import rules
from bascule.recognition.badges.builtins import BUILTINS, SLUGS
from bascule.recognition.models import REASON_MAX, Badge, BadgeAward, BadgeColour, BadgeShape

NAME_MAX = 80
DESCRIPTION_MAX = 300


def install_builtins() -> None:
    """Create the built-in badges missing (one query when they are all there)."""
    present = set(Badge.objects.filter(slug__in=SLUGS).values_list("slug", flat=True))
    missing = [b for b in BUILTINS if b.slug not in present]
    if missing:
        Badge.objects.bulk_create(
            [
                Badge(
                    slug=b.slug,
                    builtin=True,
                    name_fr=b.name_fr,
                    name_en=b.name_en,
                    description_fr=b.description_fr,
                    description_en=b.description_en,
                    criteria_fr=b.criteria_fr,
                    criteria_en=b.criteria_en,
                    shape=b.shape,
                    colour=b.colour,
                    glyph=b.glyph,
                )
                for b in missing
            ],
            ignore_conflicts=True,
        )


def due(
    program_id: int | None = None,
    slugs: list[str] | None = None,
    *,
    programs: list[int] | None = None,
) -> dict[str, list]:
    """For each active built-in badge (or those of `slugs`), the (employee, program, pair) the
    rules qualify and who holds no award of it yet (revoked ones count as held). `programs`
    narrows to those programs, for the rules that can (`rules.NARROWED`)."""
    install_builtins()
    if programs is not None and not set(slugs or SLUGS) <= rules.NARROWED:
        raise ValueError("Only the rules of rules.NARROWED narrow to a list of programs.")
    badges = Badge.objects.filter(builtin=True, active=True, slug__in=slugs or SLUGS)
    missing: dict[str, list] = {}
    for badge in badges.order_by("pk"):
        if programs is None:
            qualified = rules.RULES[badge.slug](program_id)
        else:
            qualified = rules.RULES[badge.slug](program_id, programs=programs)
        held = BadgeAward.objects.filter(badge=badge)
        if program_id is not None:
            held = held.filter(program_id=program_id)
        if programs is not None:
            held = held.filter(program_id__in=programs)
        have = set(held.values_list("employee_id", "program_id"))
        missing[badge.slug] = sorted(
            (
                (badge, employee, program, pair)
                for employee, program, pair in qualified
                if (employee, program) not in have
            ),
            key=lambda row: (row[1], row[2] or 0),
        )
    return missing


def award_due(
    program: Any = None,
    *,
    dry_run: bool = False,
    slugs: list[str] | None = None,
    programs: list[int] | None = None,
    tell: bool = True,
) -> dict[str, int]:
    """Award every built-in badge the events prove and nobody holds yet (for one program,
    or all): the counts of new awards per badge. Run twice, or at the same time in two
    processes: nothing is awarded twice. The holders of new badges are told, one message per
    person whatever the number of badges."""
    program_id = getattr(program, "pk", program)
    counts: dict[str, int] = {}
    created: list[int] = []
    with transaction.atomic():
        for slug, rows in due(program_id, slugs, programs=programs).items():
            if dry_run:
                counts[slug] = len(rows)
                continue
            counts[slug] = 0
            for badge, employee, program_of, pair in rows:
                try:
                    with transaction.atomic():
                        award = BadgeAward.objects.create(
                            badge=badge, employee_id=employee, program_id=program_of, pair_id=pair
                        )
                except IntegrityError:
                    continue  # another run awarded it first
                counts[slug] += 1
                created.append(award.pk)
        if created and tell:
            notify("badge_awarded", award_ids=created)
    return counts


def award_for_pair(pair_id: int, slugs: list[str]) -> None:
    """After an event of a pair (a meeting held, a kickoff confirmed, a goal reached): the
    badges it may prove, for the pair's program."""
    program_id = Pair.objects.filter(pk=pair_id).values_list("program_id", flat=True).first()
    if program_id is not None:
        award_due(program_id, slugs=slugs)


def learner_programs(employee_ids: list[int]) -> list[int]:
    """The programs `employee_ids` take part in: an approved application, or a pair."""
    approved = Application.objects.filter(
        employee_id__in=employee_ids, status=ApplicationStatus.APPROVED
    ).values("program_id")
    paired = Pair.objects.filter(
        Q(mentor_id__in=employee_ids) | Q(mentee_id__in=employee_ids)
    ).values("program_id")
    return sorted(
        Program.objects.filter(Q(pk__in=approved) | Q(pk__in=paired)).values_list("pk", flat=True)
    )


def award_for_learners(employee_ids: list[int]) -> dict[str, int]:
    """After modules completed: the training badge, in the programs the learners take part
    in only (none: nothing is read further)."""
    programs = learner_programs(employee_ids)
    if not programs:
        return {}
    return award_due(slugs=["training-completed"], programs=programs)


# --- HR ----------------------------------------------------------------------------------------


def _text(value: Any, *, field: str, limit: int, required: str | None, errors: dict) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        if required:
            errors[field] = [required]
    elif "\x00" in text:
        errors[field] = [_("This holds a character that cannot be saved.")]
    elif len(text) > limit:
        errors[field] = [_("Too long (%(max)s characters at most).") % {"max": limit}]
    return text


@transaction.atomic
def badge_create(*, actor: Any, data: dict[str, Any], submission=None) -> Badge:
    """HR defines a custom badge, named and described in both languages."""
    errors: dict[str, list[str]] = {}
    values = {
        "name_fr": _text(
            data.get("name_fr"),
            field="name_fr",
            limit=NAME_MAX,
            required=_("Give its name in French."),
            errors=errors,
        ),
        "name_en": _text(
            data.get("name_en"),
            field="name_en",
            limit=NAME_MAX,
            required=_("Give its name in English."),
            errors=errors,
        ),
        "description_fr": _text(
            data.get("description_fr"),
            field="description_fr",
            limit=DESCRIPTION_MAX,
            required=None,
            errors=errors,
        ),
        "description_en": _text(
            data.get("description_en"),
            field="description_en",
            limit=DESCRIPTION_MAX,
            required=None,
            errors=errors,
        ),
    }
    shape = data.get("shape") or BadgeShape.CIRCLE
    colour = data.get("colour") or BadgeColour.BLUE
    if shape not in BadgeShape.values:
        errors["shape"] = [_("Choose a shape.")]
    if colour not in BadgeColour.values:
        errors["colour"] = [_("Choose a colour.")]
    if errors:
        raise ValidationFailed(errors)
    claim = idempotency.claim(actor=actor, scope="recognition.badge", submission=submission)
    initials = "".join(word[:1] for word in values["name_en"].split()[:2]).upper()
    base = "custom-" + (
        "-".join(
            "".join(c for c in word.lower() if c.isalnum()) for word in values["name_en"].split()
        ).strip("-")[:40]
        or "badge"
    )
    slug, n = base, 1
    while Badge.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    badge = Badge.objects.create(
        slug=slug, builtin=False, shape=shape, colour=colour, glyph=initials[:3], **values
    )
    audit_record(actor=actor, action="recognition.badge_created", target=badge)
    claim.done(badge)
    return badge


@transaction.atomic
def badge_award(
    *, actor: Any, badge: Badge, employee: Any, program: Any, reason: Any, submission=None
) -> BadgeAward:
    """HR awards a custom badge to a participant (of `program`, or with no program) with a
    reason the holder reads. 409 when they hold it already."""
    errors: dict[str, list[str]] = {}
    text = _text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("Say why: the person reads it."),
        errors=errors,
    )
    if badge.builtin:
        errors["badge"] = [_("Built-in badges are awarded from what people do.")]
    elif not badge.active:
        errors["badge"] = [_("This badge is switched off: it is no longer awarded.")]
    if errors:
        raise ValidationFailed(errors)
    claim = idempotency.claim(actor=actor, scope="recognition.badge_award", submission=submission)
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(
                badge=badge,
                employee=employee,
                program=program,
                awarded_by=actor,
                reason=text,
            )
    except IntegrityError:
        raise ConflictError(
            _("%(name)s already holds this badge.") % {"name": employee.full_name},
            code="already_awarded",
        ) from None
    audit_record(
        actor=actor,
        action="recognition.badge_awarded",
        target=award,
        changes={"badge": badge.slug, "program": getattr(program, "pk", None)},
    )
    notify("badge_awarded", award_ids=[award.pk])
    claim.done(award)
    return award


@transaction.atomic
def badge_switch(*, actor: Any, slug: str, active: bool) -> Badge:
    """HR switches a badge on or off. Off: neither the rules nor HR award it any more, and
    those who hold it keep it. Switching it to what it is already changes nothing and is not
    audited."""
    badge = Badge.objects.select_for_update().filter(slug=slug).first()
    if badge is None:
        raise Http404
    if badge.active != active:
        badge.active = active
        badge.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor,
            action="recognition.badge_switched_on" if active else "recognition.badge_switched_off",
            target=badge,
        )
    return badge


@transaction.atomic
def badge_revoke(*, actor: Any, award_id: int, reason: Any) -> BadgeAward:
    """HR revokes an award with a reason the holder is told; it is not given back
    automatically. 409 when already revoked."""
    errors: dict[str, list[str]] = {}
    text = _text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("Say why it is revoked: the person is told."),
        errors=errors,
    )
    if errors:
        raise ValidationFailed(errors)
    award = BadgeAward.objects.select_for_update().get(pk=award_id)
    if award.is_revoked:
        raise ConflictError(_("This badge is already revoked."), code="revoked")
    award.revoked_at = timezone.now()
    award.revoked_by = actor
    award.revoked_reason = text
    award.save(update_fields=["revoked_at", "revoked_by", "revoked_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="recognition.badge_revoked",
        target=award,
        changes={"badge": award.badge.slug},
    )
    notify("badge_revoked", award_id=award.pk)
    return award


def new_by_person(award_ids: list[int]) -> dict[int, list[BadgeAward]]:
    """The awards of `award_ids` still held, grouped by holder (for the e-mail)."""
    grouped: dict[int, list[BadgeAward]] = defaultdict(list)
    for award in (
        BadgeAward.objects.filter(pk__in=award_ids, revoked_at__isnull=True)
        .select_related("badge", "program")
        .order_by("pk")
    ):
        grouped[award.employee_id].append(award)
    return grouped
