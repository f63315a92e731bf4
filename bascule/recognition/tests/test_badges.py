"""Badges: each rule on a small setup, awarding (idempotent, told once per person), the
command, HR's custom badges and revocations, the pages and the API per role, the image."""

import datetime as dt
from io import StringIO

import pytest
from defusedxml import ElementTree as ET
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bascule.core.audit import AuditEntry
from bascule.core.errors import ValidationFailed
from bascule.journey.models import CheckIn, Goal, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import PairEndCause, PairStatus
from bascule.programs.models import Application, ApplicationStatus, ProgramStatus
from bascule.recognition.badges import rules, services
from bascule.recognition.badges.art import badge_svg
from bascule.recognition.models import Badge, BadgeAward
from bascule.recognition.tests.helpers import mails_to, make_pair, make_program, setup
from bascule.testing import make_employee, submission_key
from bascule.training.models import Progress, Requirement
from bascule.training.tests.factories import make_module
from bascule.workshops.models import Attendance, Registration, RegistrationStatus, Workshop

pytestmark = pytest.mark.django_db


def held(pair, n: int) -> None:
    for i in range(n):
        Meeting.objects.create(
            pair=pair,
            starts_at=timezone.now() - dt.timedelta(days=7 * (i + 1)),
            duration_minutes=60,
            outcome=MeetingOutcome.HELD,
        )


def kickoff(pair, member) -> None:
    KickoffConfirmation.objects.create(
        pair=pair,
        member=member,
        charter_accepted=True,
        meeting_frequency="monthly",
        channel="video",
        confidentiality=True,
        confirmed_at=timezone.now(),
    )


def goal(pair, status) -> Goal:
    return Goal.objects.create(
        pair=pair,
        direction="learning",
        title="Pivot tables",
        success_criteria="One report",
        target_date=dt.date(2027, 5, 1),
        status=status,
    )


def members(pair) -> set:
    return {(pair.mentor_id, pair.program_id, pair.pk), (pair.mentee_id, pair.program_id, pair.pk)}


# --- Rules ---------------------------------------------------------------------------------------


def test_charter_signed_needs_both_members(company):
    _program, pair, _skill = setup(company)
    kickoff(pair, pair.mentor)
    assert rules.charter_signed() == set()
    kickoff(pair, pair.mentee)
    assert rules.charter_signed() == members(pair)


def test_meetings_count_only_when_held(company):
    _program, pair, _skill = setup(company)
    Meeting.objects.create(
        pair=pair, starts_at=timezone.now(), duration_minutes=60, outcome=MeetingOutcome.NO_SHOW
    )
    assert rules.first_meeting() == set()
    held(pair, 4)
    assert rules.first_meeting() == members(pair)
    assert rules.five_meetings() == set()
    held(pair, 1)
    assert rules.five_meetings() == members(pair)


def test_goals_one_reached_then_all(company):
    _program, pair, _skill = setup(company)
    goal(pair, GoalStatus.IN_PROGRESS)
    assert rules.goal_reached() == set()
    goal(pair, GoalStatus.ACHIEVED)
    assert rules.goal_reached() == members(pair)
    assert rules.all_goals_reached() == set()
    Goal.objects.filter(status=GoalStatus.IN_PROGRESS).update(status=GoalStatus.DROPPED)
    assert rules.all_goals_reached() == set()  # one goal kept: not "all goals"
    goal(pair, GoalStatus.ACHIEVED)
    assert rules.all_goals_reached() == members(pair)


def test_training_completed_only_where_the_program_asks(company):
    program, pair, _skill = setup(company)
    module = make_module("listening")
    assert rules.training_completed() == set()  # no requirement: left out
    Requirement.objects.create(program=program, module=module, role="mentee")
    assert rules.training_completed() == set()
    Progress.objects.create(
        employee=company.bernard, module=module, version=module.published, completed_at=None
    )
    assert rules.training_completed() == set()
    Progress.objects.filter(employee=company.bernard).update(completed_at=timezone.now())
    assert rules.training_completed() == {(company.bernard.pk, program.pk, None)}


def test_workshop_attended_when_present(company):
    program, _pair, _skill = setup(company)
    workshop = Workshop.objects.create(
        title="Feedback",
        starts_at=timezone.now(),
        duration_minutes=60,
        capacity=10,
        created_by=company.alice,
    )
    workshop.programs.add(program)
    registration = Registration.objects.create(
        workshop=workshop,
        employee=company.lea,
        status=RegistrationStatus.REGISTERED,
        queued_at=timezone.now(),
        attendance=Attendance.ABSENT,
    )
    assert rules.workshop_attended() == set()
    registration.attendance = Attendance.PRESENT
    registration.save(update_fields=["attendance"])
    assert rules.workshop_attended() == {(company.lea.pk, program.pk, None)}


def test_checkins_kept_up_from_three_periods_and_80_percent(company):
    program, pair, _skill = setup(company)
    program.checkin_every_weeks = 1
    program.save(update_fields=["checkin_every_weeks"])
    pair.published_at = timezone.now() - dt.timedelta(weeks=5, days=1)  # 5 periods over
    pair.save(update_fields=["published_at"])
    for period in (1, 2, 3, 4):
        CheckIn.objects.create(pair=pair, member=pair.mentee, period=period, pulse=4)
    for period in (1, 2, 3):
        CheckIn.objects.create(pair=pair, member=pair.mentor, period=period, pulse=4)
    # 4 of 5 = 80 %: the mentee; 3 of 5: not the mentor.
    assert rules.checkins_kept_up() == {(pair.mentee_id, program.pk, pair.pk)}
    pair.published_at = timezone.now() - dt.timedelta(weeks=2, days=1)  # 2 periods over only
    pair.save(update_fields=["published_at"])
    assert rules.checkins_kept_up() == set()


def test_program_completed_unless_the_pair_ended_early(company):
    program, pair, _skill = setup(company)
    other = make_pair(
        program, make_employee("E901", "Anna", "Early"), make_employee("E902", "Yves", "Early")
    )
    Pair = type(pair)
    Pair.objects.filter(pk=other.pk).update(
        status=PairStatus.ENDED,
        ended_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
        end_cause=PairEndCause.WITHDRAWAL,
    )
    assert rules.mentor_of_program() == set()
    program.status = ProgramStatus.CLOSED
    program.save(update_fields=["status"])
    assert rules.mentor_of_program() == {(pair.mentor_id, program.pk, pair.pk)}
    assert rules.mentee_of_program() == {(pair.mentee_id, program.pk, pair.pk)}


def test_came_back_for_a_second_program(company):
    first, _pair, _skill = setup(company)
    assert rules.came_back() == set()
    second = make_program("Second season")
    second.starts_on, second.ends_on = dt.date(2028, 1, 10), dt.date(2028, 6, 30)
    second.save(update_fields=["starts_on", "ends_on"])
    Application.objects.create(
        program=second,
        employee=company.lea,
        role="mentor",
        status=ApplicationStatus.APPROVED,
        languages=["fr"],
    )
    assert rules.came_back() == {(company.lea.pk, second.pk, None)}
    assert rules.came_back(first.pk) == set()


# --- Awarding ------------------------------------------------------------------------------------


def test_award_due_is_idempotent_and_tells_each_person_once(
    company, django_capture_on_commit_callbacks
):
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    program, pair, _skill = setup(company)
    kickoff(pair, pair.mentor)
    kickoff(pair, pair.mentee)
    held(pair, 1)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.award_due()
    assert counts["charter-signed"] == 2 and counts["first-meeting"] == 2
    assert counts["five-meetings"] == 0
    (french,) = mails_to(company.lea_user)  # two badges, one message
    assert "2 badges" in french.subject and "Charte signée" in french.body
    assert "Première rencontre" in french.body
    (english,) = mails_to(company.bernard_user)
    assert "Charter signed" in english.body
    with django_capture_on_commit_callbacks(execute=True):
        again = services.award_due(program)
    assert sum(again.values()) == 0
    assert BadgeAward.objects.count() == 4
    assert len(mails_to(company.lea_user)) == 1


def test_badges_come_right_after_the_events(company, django_capture_on_commit_callbacks):
    _program, pair, _skill = setup(company)
    with django_capture_on_commit_callbacks(execute=True):
        held(pair, 1)
    assert set(BadgeAward.objects.values_list("badge__slug", "employee_id").order_by()) == {
        ("first-meeting", pair.mentor_id),
        ("first-meeting", pair.mentee_id),
    }
    with django_capture_on_commit_callbacks(execute=True):
        kickoff(pair, pair.mentor)
        kickoff(pair, pair.mentee)
        goal(pair, GoalStatus.ACHIEVED)
    slugs = set(BadgeAward.objects.values_list("badge__slug", flat=True))
    assert {"charter-signed", "goal-reached"} <= slugs


def test_a_revoked_badge_is_not_given_back(company):
    _program, pair, _skill = setup(company)
    held(pair, 1)
    services.award_due()
    award = BadgeAward.objects.get(employee=company.lea)
    services.badge_revoke(actor=company.alice, award_id=award.pk, reason="Not held")
    assert services.award_due()["first-meeting"] == 0
    assert BadgeAward.objects.filter(employee=company.lea).count() == 1


def test_the_command_dry_run_then_real_then_again(company):
    program, pair, _skill = setup(company)
    held(pair, 5)
    out = StringIO()
    call_command("award_badges", "--dry-run", stdout=out)
    assert "five-meetings: 2" in out.getvalue() and "Total would award: 4" in out.getvalue()
    assert not BadgeAward.objects.exists()
    out = StringIO()
    call_command("award_badges", "--program", str(program.pk), stdout=out)
    assert "first-meeting: 2" in out.getvalue() and "Total awarded: 4" in out.getvalue()
    out = StringIO()
    call_command("award_badges", stdout=out)
    assert "Total awarded: 0" in out.getvalue()
    assert BadgeAward.objects.count() == 4


# --- HR ------------------------------------------------------------------------------------------


def test_hr_creates_awards_and_revokes_a_custom_badge(
    client, company, django_capture_on_commit_callbacks
):
    company.bernard_user.language = "fr"
    company.bernard_user.save(update_fields=["language"])
    program, _pair, _skill = setup(company)
    client.force_login(company.alice)
    page = client.get(reverse("recognition:badge_create"))
    created = client.post(
        reverse("recognition:badge_create"),
        {
            "name_fr": "Ambassadeur",
            "name_en": "Ambassador",
            "shape": "star",
            "colour": "teal",
            "submission_key": submission_key(page),
        },
    )
    assert created.status_code == 302
    badge = Badge.objects.get(builtin=False)
    url = reverse("recognition:badge_award")
    page = client.get(url)
    data = {
        "badge": badge.slug,
        "employee": str(company.bernard.pk),
        "program": str(program.pk),
        "reason": "Presented the program to his team",
        "submission_key": submission_key(page),
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    award = BadgeAward.objects.get()
    assert award.awarded_by == company.alice
    (told,) = mails_to(company.bernard_user)
    assert "Ambassadeur" in told.body and "Vous avez obtenu un badge" in told.subject
    assert AuditEntry.objects.filter(action="recognition.badge_awarded").count() == 1
    holders = client.get(reverse("recognition:badge_holders", kwargs={"badge": badge.slug}))
    assert "Bernard" in holders.content.decode()
    revoke_url = reverse("recognition:badge_revoke", kwargs={"award_id": award.pk})
    confirm = client.get(revoke_url)
    assert "One person is concerned" in confirm.content.decode()
    empty = client.post(revoke_url, {"reason": ""})
    assert empty.status_code == 200 and "error-summary" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(revoke_url, {"reason": "Given by mistake"})
    assert done.status_code == 302
    award.refresh_from_db()
    assert award.is_revoked and award.revoked_reason == "Given by mistake"
    revoked = mails_to(company.bernard_user)[-1]
    assert "retiré" in revoked.subject and "Given by mistake" in revoked.body
    assert AuditEntry.objects.filter(action="recognition.badge_revoked").count() == 1
    client.force_login(company.bernard_user)
    mine = client.get(reverse("recognition:mine")).content.decode()
    assert "Given by mistake" in mine


def test_a_built_in_badge_is_not_awarded_by_hand(company):
    setup(company)
    services.install_builtins()
    badge = Badge.objects.get(slug="first-meeting")
    with pytest.raises(services.ValidationFailed):
        services.badge_award(
            actor=company.alice, badge=badge, employee=company.lea, program=None, reason="x"
        )


def test_counts_per_program_never_names_to_sponsors(client, company):
    program, pair, _skill = setup(company)
    held(pair, 1)
    services.award_due()
    client.force_login(company.sophie)
    page = client.get(reverse("recognition:badges")).content.decode()
    assert program.name in page and "Léa" not in page and "Who holds" not in page
    api = client.get(reverse("api:list_badge_counts")).json()
    assert {"badge": "first-meeting", "program_id": program.pk, "count": 2} in api
    client.force_login(company.alice)
    page = client.get(reverse("recognition:badges")).content.decode()
    assert "Who holds" in page


def test_a_holder_sees_their_badges_on_home_profile_and_api(client, company):
    _program, pair, _skill = setup(company)
    held(pair, 1)
    services.award_due()
    client.force_login(company.lea_user)
    assert "First meeting" in client.get(reverse("home:home")).content.decode()
    profile = reverse("people:employee_detail", kwargs={"employee_id": company.lea.pk})
    assert "First meeting" in client.get(profile).content.decode()
    assert "First meeting" in client.get(reverse("recognition:mine")).content.decode()
    (mine,) = client.get(reverse("api:list_my_badges")).json()
    assert mine["badge"] == "first-meeting" and mine["automatic"] is True


def test_api_award_and_revoke(client, company):
    program, _pair, _skill = setup(company)
    badge = services.badge_create(
        actor=company.alice, data={"name_fr": "Pilier", "name_en": "Pillar"}
    )
    client.force_login(company.alice)
    payload = {
        "badge": badge.slug,
        "employee_id": company.lea.pk,
        "program_id": program.pk,
        "reason": "Always there",
    }
    created = client.post(reverse("api:award_badge"), payload, content_type="application/json")
    assert created.status_code == 201
    twice = client.post(reverse("api:award_badge"), payload, content_type="application/json")
    assert twice.status_code == 409
    award_id = created.json()["id"]
    url = reverse("api:revoke_badge", kwargs={"award_id": award_id})
    assert client.post(url, {"reason": ""}, content_type="application/json").status_code == 422
    done = client.post(url, {"reason": "Oops"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["revoked_reason"] == "Oops"
    again = client.post(url, {"reason": "Oops"}, content_type="application/json")
    assert again.status_code == 409


# --- Image ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["circle", "shield", "hexagon", "star"])
def test_the_image_is_well_formed_svg_with_a_title(shape):
    badge = Badge(slug="x", name_en="Goal <reached>", name_fr="Objectif", shape=shape, glyph="★")
    root = ET.fromstring(str(badge_svg(badge, name="Goal <reached> & more")))
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg" and root.get("role") == "img"
    assert root.find(f"{svg}title").text == "Goal <reached> & more"


def test_the_image_route_in_french(client, company):
    services.install_builtins()
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    client.force_login(company.lea_user)
    response = client.get(
        reverse("recognition:badge_image", kwargs={"badge": "goal-reached"}),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.find("{http://www.w3.org/2000/svg}title").text in (
        "Objectif atteint",
        "Goal reached",
    )


def test_the_export_holds_badges_and_revocation_reasons_and_erasure_empties_them(company):
    from bascule.privacy.base import Audience, Person
    from bascule.recognition import privacy

    _program, pair, _skill = setup(company)
    held(pair, 1)
    services.award_due()
    award = BadgeAward.objects.get(employee=company.lea)
    services.badge_revoke(actor=company.alice, award_id=award.pk, reason="Entered by mistake")
    lea = Person.of(user=company.lea_user)
    *_kudos, badges = privacy.export(lea, audience=Audience.SELF)
    assert "Entered by mistake" in str(badges.records) and "First meeting" in str(badges.records)
    assert privacy.erasure_plan(lea).erase
    assert privacy.anonymise(lea, actor=company.alice, now=timezone.now())["badge_reasons"] == 1
    award.refresh_from_db()
    assert award.revoked_reason == "" and award.is_revoked


# --- The training badge after a completion: the learner's programs only ---------------------------


def test_a_completion_looks_only_at_the_learners_programs(
    company, django_capture_on_commit_callbacks, django_assert_max_num_queries, monkeypatch
):
    program, _pair, _skill = setup(company)
    other = make_program("Another cohort")
    module = make_module("listening")
    Requirement.objects.create(program=program, module=module, role="mentee")
    Requirement.objects.create(program=other, module=module, role="mentee")
    # Someone of the other program completed it with the badges paused: not awarded yet.
    stranger = make_employee("E9641", "Sam", "Stranger")
    Application.objects.create(
        program=other,
        employee=stranger,
        role="mentee",
        status=ApplicationStatus.APPROVED,
        languages=["fr"],
    )
    Progress.objects.create(
        employee=stranger, module=module, version=module.published, completed_at=None
    )
    Progress.objects.filter(employee=stranger).update(completed_at=timezone.now())
    looked_at = []
    narrowed = rules.RULES["training-completed"]
    monkeypatch.setitem(
        rules.RULES,
        "training-completed",
        lambda program_id=None, **kw: (
            looked_at.append(kw.get("programs")) or narrowed(program_id, **kw)
        ),
    )
    services.install_builtins()
    with django_capture_on_commit_callbacks(execute=True):
        Progress.objects.create(
            employee=company.bernard,
            module=module,
            version=module.published,
            completed_at=timezone.now(),
        )
    assert looked_at == [[program.pk]]
    # The learner's programs in one query; the rule in a few, whatever the number of people.
    with django_assert_max_num_queries(1):
        assert services.learner_programs([company.bernard.pk]) == [program.pk]
    with django_assert_max_num_queries(5):
        services.due(slugs=["training-completed"], programs=[program.pk])
    assert set(BadgeAward.objects.values_list("employee_id", "program_id")) == {
        (company.bernard.pk, program.pk)
    }
    # The command still catches up every program.
    call_command("award_badges", stdout=StringIO())
    assert BadgeAward.objects.filter(employee=stranger, program=other).exists()


def test_a_completion_outside_any_program_reads_no_rule(
    company, django_capture_on_commit_callbacks, monkeypatch
):
    module = make_module("listening")
    monkeypatch.setitem(rules.RULES, "training-completed", lambda *a, **kw: pytest.fail("read"))
    loner = make_employee("E9642", "Lou", "Loner")
    with django_capture_on_commit_callbacks(execute=True):
        Progress.objects.create(
            employee=loner,
            module=module,
            version=module.published,
            completed_at=timezone.now(),
        )
    assert not BadgeAward.objects.exists()


def test_an_inactive_badge_is_never_awarded(company, django_capture_on_commit_callbacks):
    program, pair, _skill = setup(company)
    services.install_builtins()
    Badge.objects.filter(slug="first-meeting").update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        held(pair, 1)
    assert not BadgeAward.objects.filter(badge__slug="first-meeting").exists()
    out = StringIO()
    call_command("award_badges", stdout=out)
    assert "first-meeting" not in out.getvalue()
    assert not BadgeAward.objects.filter(badge__slug="first-meeting").exists()
    Badge.objects.filter(slug="first-meeting").update(active=True)
    call_command("award_badges", "--program", str(program.pk), stdout=StringIO())
    assert BadgeAward.objects.filter(badge__slug="first-meeting").count() == 2


# --- HR switches a badge off or on ---------------------------------------------------------------


def test_hr_switches_a_badge_off_after_a_confirmation_then_on(client, company):
    program, pair, _skill = setup(company)
    held(pair, 1)
    services.award_due()  # Léa and Bernard hold "first meeting"
    client.force_login(company.alice)
    page = client.get(reverse("recognition:badge_manage")).content.decode()
    assert "Charter signed" in page and "Switch off “First meeting”" in page
    url = reverse("recognition:badge_switch", kwargs={"badge": "first-meeting"})
    ask = client.post(url, {"active": "no"})
    text = ask.content.decode()
    assert ask.status_code == 200
    assert "2 people hold “First meeting”: they keep it." in text
    assert "No new award" in text
    assert Badge.objects.get(slug="first-meeting").active
    done = client.post(url, {"active": "no", "confirm": "yes"})
    assert done.status_code == 302
    assert not Badge.objects.get(slug="first-meeting").active
    assert BadgeAward.objects.filter(badge__slug="first-meeting").count() == 2  # kept
    entry = AuditEntry.objects.get(action="recognition.badge_switched_off")
    assert entry.actor == company.alice
    page = client.get(reverse("recognition:badge_manage")).content.decode()
    assert "Switch on “First meeting”" in page and "Switched off" in page
    # Already off: the confirmation says so and has no button; confirming changes nothing.
    again = client.post(url, {"active": "no"}).content.decode()
    assert "This badge is already switched off." in again
    client.post(url, {"active": "no", "confirm": "yes"})
    assert AuditEntry.objects.filter(action="recognition.badge_switched_off").count() == 1
    # Switched off, a new pair's first meeting earns nothing.
    other = make_pair(make_program("Second"), company.bernard, make_employee("E9643", "Ann", "O"))
    held(other, 1)
    assert "first-meeting" not in services.award_due()
    assert not BadgeAward.objects.filter(pair=other).exists()
    client.post(url, {"active": "yes", "confirm": "yes"})
    assert AuditEntry.objects.filter(action="recognition.badge_switched_on").count() == 1
    assert services.award_due()["first-meeting"] == 2
    # Bad value: a message, nothing changes.
    bad = client.post(url, {"active": "maybe"}, follow=True)
    assert "Choose whether the badge is switched on or off." in bad.content.decode()


def test_a_switched_off_custom_badge_is_not_awarded_by_hand(company):
    program, _pair, _skill = setup(company)
    badge = Badge.objects.create(slug="custom-x", name_fr="X", name_en="X", active=False)
    with pytest.raises(ValidationFailed) as refused:
        services.badge_award(
            actor=company.alice, badge=badge, employee=company.lea, program=program, reason="Yes"
        )
    assert "switched off" in str(refused.value.errors["badge"])
    assert not BadgeAward.objects.exists()


def test_api_switch_a_badge(client, company):
    _program, pair, _skill = setup(company)
    held(pair, 1)
    services.award_due()
    url = "/api/recognition/badges/first-meeting/active"
    client.force_login(company.paul)
    assert client.put(url, {"active": False}, content_type="application/json").status_code == 403
    client.force_login(company.alice)
    off = client.put(url, {"active": False}, content_type="application/json")
    assert off.status_code == 200
    assert off.json()["active"] is False and off.json()["holders"] == 2
    assert not Badge.objects.get(slug="first-meeting").active
    again = client.put(url, {"active": False}, content_type="application/json")
    assert again.status_code == 200
    assert AuditEntry.objects.filter(action="recognition.badge_switched_off").count() == 1
    on = client.put(url, {"active": True}, content_type="application/json")
    assert on.json()["active"] is True
    missing = client.put(
        "/api/recognition/badges/no-such/active", {"active": True}, content_type="application/json"
    )
    assert missing.status_code == 404
    bad = client.put(url, {"active": "perhaps"}, content_type="application/json")
    assert bad.status_code == 422
