import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from bascule.accounts.models import Role, User
from bascule.certificates.demo import PAST_PILOT_NAME
from bascule.core.models import AuditEntry, OutboxMessage
from bascule.core.small_groups import MIN_GROUP_SIZE
from bascule.demo.management.commands.seed_demo import LOGINS
from bascule.evaluations import selectors as evaluation_selectors
from bascule.journey.checkins import selectors as checkin_selectors
from bascule.journey.health import selectors as health
from bascule.journey.models import CheckIn, SharedNote
from bascule.meetings.models import Meeting
from bascule.pairing.models import MatchRun, Pair, PairRule, PairStatus
from bascule.people.models import Employee
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.programs.rules import eligibility_problems
from bascule.skills.models import Skill
from bascule.training.behaviours.selectors import behaviour_report, drill_state, shared_modules


def depth_of(employee_id: int, managers: dict[int, int | None]) -> int:
    depth = 1
    while managers[employee_id] is not None:
        employee_id = managers[employee_id]
        depth += 1
    return depth


def test_it_creates_a_realistic_company(db, capsys):
    call_command("seed_demo", seed=7)
    employees = Employee.objects.all()
    assert 280 <= employees.count() <= 340
    assert employees.values("department").distinct().count() == 8
    managers = dict(employees.values_list("id", "manager_id"))
    assert max(depth_of(pk, managers) for pk in managers) == 5
    levels = set(employees.values_list("seniority_level", flat=True))
    assert levels == set(range(1, 9))
    assert employees.filter(left_on__isnull=False).exists()
    assert employees.filter(languages__icontains="en").count() > 100

    roles = dict(User.objects.values_list("email", "role"))
    assert roles["hr-admin@bascule.example"] == Role.HR_ADMIN
    assert roles["program-manager@bascule.example"] == Role.PROGRAM_MANAGER
    assert roles["mentor@bascule.example"] == Role.PARTICIPANT
    assert roles["mentee@bascule.example"] == Role.PARTICIPANT
    assert roles["sponsor@bascule.example"] == Role.SPONSOR
    mentor = User.objects.get(email="mentor@bascule.example").employee
    mentee = User.objects.get(email="mentee@bascule.example").employee
    assert mentor.seniority_level < mentee.seniority_level

    out = capsys.readouterr().out
    assert "hr-admin@bascule.example" in out
    assert "bascule-demo" in out
    assert AuditEntry.objects.filter(action="demo.seeded").count() == 1


def test_it_is_deterministic_and_runs_twice_safely(db):
    call_command("seed_demo", seed=7)
    first = list(Employee.objects.order_by("employee_id").values_list("employee_id", "email"))
    call_command("seed_demo", seed=7)
    assert Employee.objects.count() == len(first)
    assert AuditEntry.objects.filter(action="demo.seeded").count() == 1

    Pair.objects.all().delete()
    Program.objects.all().delete()
    Employee.objects.all().delete()
    User.objects.all().delete()
    call_command("seed_demo", seed=7)
    again = list(Employee.objects.order_by("employee_id").values_list("employee_id", "email"))
    assert again == first


def test_it_creates_programs_ready_for_the_next_steps(db):
    call_command("seed_demo", seed=7)
    matching = Program.objects.get(status=ProgramStatus.MATCHING)
    enrolling = Program.objects.get(status=ProgramStatus.ENROLLING)
    assert enrolling.kind == "reciprocal"
    assert enrolling.open_enrollment

    approved = Application.objects.filter(program=matching, status=ApplicationStatus.APPROVED)
    assert 110 <= approved.count() <= 130
    mentors = approved.filter(role="mentor").select_related("employee")
    mentees = approved.filter(role="mentee").select_related("employee")
    assert mentors.count() >= mentees.count()  # capacity 1: every mentee can have a mentor
    # Everyone approved satisfies the program's reverse rule, and has a skills profile.
    assert all(eligibility_problems(matching, a.employee, "mentor") == [] for a in mentors)
    assert all(eligibility_problems(matching, a.employee, "mentee") == [] for a in mentees)
    assert not approved.filter(skills__isnull=True).exists()
    # Every outcome appears so that the funnel shows each stage.
    statuses = set(Application.objects.filter(program=matching).values_list("status", flat=True))
    assert ApplicationStatus.APPROVED in statuses and len(statuses) >= 3

    # The demo logins take part; the program manager runs the matching program and the pilot.
    mentor = User.objects.get(email="mentor@bascule.example")
    mentee = User.objects.get(email="mentee@bascule.example")
    assert approved.filter(employee=mentor.employee, role="mentor").exists()
    assert approved.filter(employee=mentee.employee, role="mentee").exists()
    manager = User.objects.get(email="program-manager@bascule.example")
    pilot = Program.objects.get(status=ProgramStatus.RUNNING)
    first_cohort = Program.objects.get(name=PAST_PILOT_NAME)  # its certificates
    assert set(manager.managed_programs.all()) == {matching, pilot, first_cohort}
    # Two moves for the matching program, one for the open one, three for the pilot
    # (the last one by its publication of its second run).
    assert AuditEntry.objects.filter(action="program.transition").count() == 6


def test_the_pilot_is_running_and_the_demo_logins_have_a_partner(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", seed=7)
    pilot = Program.objects.get(status=ProgramStatus.RUNNING)
    pairs = Pair.objects.filter(program=pilot, status=PairStatus.ACTIVE)
    assert pairs.count() >= 12
    assert all(p.published_at.date() == pilot.starts_on for p in pairs)
    mentor = User.objects.get(email="mentor@bascule.example")
    mentee = User.objects.get(email="mentee@bascule.example")
    assert pairs.filter(mentor=mentor.employee).exists()
    assert pairs.filter(mentee=mentee.employee).exists()
    # The addresses are fictional: nothing is sent when the data is committed.
    assert not callbacks and mail.outbox == []

    # The pairs look lived in, in three states; the demo logins' pairs have started.
    started = [p for p in pairs if p.kickoffs.count() == 2]
    half = [p for p in pairs if p.kickoffs.count() == 1]
    not_started = [p for p in pairs if p.kickoffs.count() == 0]
    assert started and half and not_started
    mentee_pair = pairs.get(mentee=mentee.employee)
    assert mentee_pair in started
    assert mentee_pair.goals.filter(direction="learning").exists()
    assert mentee_pair.goals.filter(direction="growth").exists()
    now = timezone.now()
    assert mentee_pair.meetings.filter(starts_at__gt=now).count() == 1
    assert mentee_pair.meetings.filter(starts_at__lt=now, outcome="held").count() == 2
    assert all(p.meetings.count() == 0 for p in not_started)

    # HR's health list shows every state; the demo logins' pairs are on track, with the
    # current period's check-in still to give.
    counts = health.state_counts(health.program_health(program=pilot))
    assert all(counts[state] > 0 for state in ("at_risk", "attention", "on_track", "paused"))
    assert health.pair_health(mentee_pair).state == "on_track"
    assert CheckIn.objects.filter(pair=mentee_pair).exists()
    assert not checkin_selectors.checkin_due(user=mentee, pair=mentee_pair).mine

    # Surveys: the baseline answered by enough members for its results to show; the
    # mid-point open, below MIN_GROUP_SIZE answers, and waiting on the demo mentee's home page.
    surveys = {s.kind: s for s in evaluation_selectors.program_surveys(program=pilot)}
    assert surveys["baseline"].responses.count() >= MIN_GROUP_SIZE
    assert evaluation_selectors.survey_results(survey=surveys["baseline"]).shown
    assert 0 < surveys["midpoint"].responses.count() < MIN_GROUP_SIZE
    assert not evaluation_selectors.survey_results(survey=surveys["midpoint"]).shown
    assert [s.survey.kind for s in evaluation_selectors.open_surveys_for(mentee)] == ["midpoint"]

    # Training in the pairs: HR sees what six members said of active listening; the demo
    # members' check-in asks about the module they both took; the mentor has ticked the drill.
    rows = {row.module.slug: row for row in behaviour_report(program=pilot)}
    listening = rows["active-listening"]
    assert listening.shown and listening.respondents == 6
    assert (listening.yes_percent, listening.partly_percent, listening.no_percent) == (50, 33, 17)
    assert not rows["reverse-mentoring"].shown
    assert [m.module.slug for m in shared_modules(pair=mentee_pair)] == ["reverse-mentoring"]
    drill = drill_state(pair=mentee_pair, user=mentee)
    assert drill.theirs is not None and drill.mine is None


def test_every_participant_of_the_pilot_can_log_in(db, client, capsys):
    call_command("seed_demo", seed=7)
    pilot = Program.objects.get(status=ProgramStatus.RUNNING)
    approved = Application.objects.filter(program=pilot, status=ApplicationStatus.APPROVED)
    members = User.objects.filter(employee__applications__in=approved)
    assert members.count() == approved.count() >= 30
    added = members.exclude(email__in=[email for _label, email in LOGINS])
    assert added.count() >= 30 and all(u.role == Role.PARTICIPANT for u in added)
    # Both members of each pair: what one does, the other is told.
    for pair in Pair.objects.filter(program=pilot):
        assert {pair.mentor.user.employee_id, pair.mentee.user.employee_id} == {
            pair.mentor_id,
            pair.mentee_id,
        }
    partner = Pair.objects.get(program=pilot, mentee__user__email="mentee@bascule.example").mentor
    assert client.login(email=partner.email, password="bascule-demo")
    assert client.get("/").status_code == 200
    # The printout says who they are.
    out = capsys.readouterr().out
    assert f"mentor {partner.email}" in out
    # What the demo wrote for the pairs is signed by its members.
    assert not Meeting.objects.filter(pair__program=pilot, organiser__isnull=True).exists()
    assert SharedNote.objects.filter(author__isnull=True).count() == 0


def test_the_pilot_was_matched_twice_before_publishing(db):
    call_command("seed_demo", seed=7)
    pilot = Program.objects.get(status=ProgramStatus.RUNNING)
    runs = MatchRun.objects.filter(program=pilot).order_by("started_at")
    assert runs.count() == 2
    assert runs.last().published_at is not None and runs.first().published_at is None
    assert PairRule.objects.filter(program=pilot).count() == 1


def test_it_announces_the_pilot_in_the_outbox_when_it_is_on(db, settings, capsys):
    settings.DEMO_OUTBOX = True
    settings.EMAIL_BACKEND = "bascule.core.outbox.OutboxEmailBackend"
    call_command("seed_demo", seed=7)
    pilot = Program.objects.get(status=ProgramStatus.RUNNING)
    messages = OutboxMessage.objects.all()
    assert messages.count() == 2 * Pair.objects.filter(program=pilot).count()
    assert {m.sent_at.date() for m in messages} == {pilot.starts_on}
    assert messages.filter(recipients__address="mentee@bascule.example").count() == 1
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/outbox/" in out
    assert mail.outbox == []


# Committed, as when run from the command line: PostgreSQL empties tables (TRUNCATE) only
# once the rows written in the same transaction are checked.
@pytest.mark.django_db(transaction=True)
def test_reset_starts_the_demo_again(capsys):
    call_command("seed_demo", seed=7)
    Program.objects.filter(status=ProgramStatus.ENROLLING).update(name="Renamed while trying")
    call_command("seed_demo", seed=7, reset=True)
    assert not Program.objects.filter(name="Renamed while trying").exists()
    assert Program.objects.count() == 5  # three, and the two closed cohorts
    assert Skill.objects.filter(retired_at__isnull=True).count() == 83  # the built-in ones
    assert AuditEntry.objects.filter(action="demo.seeded").count() == 1
    assert "Deleting the demo data" in capsys.readouterr().out


def test_reset_refuses_a_database_with_anything_but_demo_data(db, company):
    call_command("seed_demo", seed=7)
    programs = Program.objects.count()
    with pytest.raises(CommandError, match="Not resetting") as refused:
        call_command("seed_demo", seed=7, reset=True)
    # It names what it found and deletes nothing.
    assert "alice.hr@example.com" in str(refused.value)
    assert "E001 Claire Dumont" in str(refused.value)
    assert Program.objects.count() == programs
    assert User.objects.filter(email="alice.hr@example.com").exists()
