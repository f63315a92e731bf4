"""Reads of badges: a person's badges, the definitions, the counts per program.

Who sees what: a holder sees their badges (revoked ones with the reason); HR sees the
holders of each badge; HR, program managers (their programs) and sponsors (every program)
see how many people hold each badge per program, never who.
"""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from bascule.pairing.models import Pair
from bascule.people.models import Employee
from bascule.programs.models import Application, ApplicationStatus, Program
from bascule.recognition.badges.art import badge_svg
from bascule.recognition.models import Badge, BadgeAward
from bascule.recognition.selectors import recognisable_programs


def held_by(employee_id: int | None, *, revoked: bool = False) -> list[BadgeAward]:
    """The badges `employee_id` holds (with the revoked ones when `revoked`), newest first,
    each with its image in the reader's language (`art`)."""
    if employee_id is None:
        return []
    awards = BadgeAward.objects.filter(employee_id=employee_id).select_related("badge", "program")
    if not revoked:
        awards = awards.filter(revoked_at__isnull=True)
    return with_art(list(awards.order_by("-awarded_at", "-pk")))


def with_art(awards: list[BadgeAward]) -> list[BadgeAward]:
    language = get_language()
    for award in awards:
        award.name = award.badge.name_in(language)
        award.description = award.badge.description_in(language)
        award.art = badge_svg(award.badge, name=award.name, ident=str(award.pk))
    return awards


def badges() -> QuerySet[Badge]:
    return Badge.objects.all()


def definitions(*, active_only: bool = False) -> list[Badge]:
    language = get_language()
    rows = Badge.objects.order_by("-builtin", "pk")
    if active_only:
        rows = rows.filter(active=True)
    out = list(rows)
    for badge in out:
        badge.name = badge.name_in(language)
        badge.description = badge.description_in(language)
        badge.criteria = badge.criteria_in(language)
        badge.art = badge_svg(badge, name=badge.name)
    return out


def access_badge(*, slug: str) -> Badge:
    badge = Badge.objects.filter(slug=slug).first()
    if badge is None:
        raise Http404
    return badge


def counted_programs(user: Any) -> QuerySet[Program]:
    """The programs whose counts `user` reads: HR and sponsors every one, a program manager
    those they manage."""
    return recognisable_programs(user).order_by("-starts_on", "name")


def counts(*, programs: list[Program]) -> dict[int, dict[int | None, int]]:
    """{badge id: {program id: how many hold it}}, revoked awards left out."""
    table: dict[int, dict[int | None, int]] = defaultdict(dict)
    for badge_id, program_id, n in (
        BadgeAward.objects.filter(revoked_at__isnull=True, program__in=programs)
        .values_list("badge_id", "program_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        table[badge_id][program_id] = n
    return table


def holder_counts() -> dict[int, int]:
    """{badge id: how many people hold it}, in every program or none, revoked awards left
    out (HR: the switch's page says how many keep it)."""
    return dict(
        BadgeAward.objects.filter(revoked_at__isnull=True)
        .values_list("badge_id")
        .annotate(n=Count("employee_id", distinct=True))
        .order_by()
    )


def holders(badge: Badge) -> list[BadgeAward]:
    """HR: who holds `badge` (revoked ones too), newest first."""
    return with_art(
        list(
            BadgeAward.objects.filter(badge=badge)
            .select_related("badge", "program", "employee", "awarded_by", "revoked_by")
            .order_by("-awarded_at", "-pk")
        )
    )


def access_award(*, award_id: int) -> BadgeAward:
    award = (
        BadgeAward.objects.select_related("badge", "employee", "program")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise Http404
    return award


def awardable_people() -> QuerySet[Employee]:
    """Those HR may award a badge to: anyone taking part in a program, not erased."""
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED).values("employee_id")
    return Employee.objects.filter(
        Q(pk__in=approved)
        | Q(pk__in=Pair.objects.values("mentor_id"))
        | Q(pk__in=Pair.objects.values("mentee_id")),
        erased_at__isnull=True,
    ).order_by("last_name", "first_name", "pk")
