"""The retention rule of the privacy notice, applied by `manage.py apply_retention`: 12 months
after a program closed, what its people wrote goes; the rows, scores and dates stay. Run with
the clock frozen at chosen moments (the `closed` scene of conftest.py closed on 2027-07-01)."""

import datetime as dt
import io

from django.core.management import call_command
from django.test import Client

from bascule.core.models import AuditEntry
from bascule.evaluations.models import Answer, Response
from bascule.journey.models import CheckIn, Goal, Milestone, PrivateNote, SharedNote
from bascule.meetings.models import Meeting
from bascule.pairing.models import Pair
from bascule.people.models import EmployeeImport
from bascule.privacy import services
from bascule.privacy.tests.conftest import NOT_YET, PAST
from bascule.programs.models import Application, ApplicationSkill


def written() -> dict[str, list]:
    """Return everything people wrote that the rule deletes, to compare before and after."""
    return {
        "applications": list(
            Application.objects.order_by("pk").values_list("hopes", "skills_to_share_text")
        ),
        "application_skills": list(ApplicationSkill.objects.order_by("pk").values_list("pk")),
        "goals": list(Goal.objects.order_by("pk").values_list("title", "success_criteria")),
        "milestones": list(Milestone.objects.order_by("pk").values_list("title")),
        "shared": list(SharedNote.objects.order_by("pk").values_list("body")),
        "private": list(PrivateNote.objects.order_by("pk").values_list("body")),
        "checkins": list(CheckIn.objects.order_by("pk").values_list("blocking", "message_to_hr")),
        "meetings": list(Meeting.objects.order_by("pk").values_list("agenda", "location")),
        "answers": list(Answer.objects.order_by("pk").values_list("text")),
        "pairs": list(Pair.objects.order_by("pk").values_list("end_reason", "pause_reason")),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("changes")),
        "imports": [bytes(c) for c in EmployeeImport.objects.values_list("content", flat=True)],
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_prints_what_it_would_delete_and_changes_nothing(closed, frozen):
    frozen.move_to(PAST)
    before = written()
    output = run("--dry-run")
    assert written() == before
    assert not AuditEntry.objects.filter(action="privacy.retention").exists()
    assert "Programs closed on or before July 1, 2027:" in output
    assert "Reverse mentoring 2027 (closed on July 1, 2027)" in output
    lines = [line.strip() for line in output.splitlines()]
    counts = {
        label: int(count)
        for count, _, label in (line.partition("  ") for line in lines)
        if count.isdigit()
    }
    # Léa's and Bernard's pair: two goals, one milestone, two notes of each kind, two
    # check-ins with comments, one meeting, two written survey answers.
    assert counts["goals: wording deleted"] == 2
    assert counts["milestones: wording deleted"] == 1
    assert counts["shared notes deleted"] == 2
    assert counts["private notes deleted"] == 2
    assert counts["check-ins: comments deleted"] == 2
    assert counts["meetings: place, agenda and notes deleted"] == 1
    assert counts["survey answers: free text deleted"] == 2
    assert counts["pairs: reasons for ending or pausing deleted"] == 1
    assert counts["HR import files emptied"] == 1
    assert counts["applications: answers deleted"] == 7
    assert counts["audit log entries anonymised"] >= 1
    assert lines[-1].startswith("Dry run: ") and lines[-1].endswith("nothing was changed.")


def test_it_deletes_what_people_wrote_and_keeps_the_figures(closed, frozen):
    program = closed.running.program
    respondents = Response.objects.filter(survey__program=program).count()
    values = list(Answer.objects.exclude(value=None).order_by("pk").values_list("value"))
    frozen.move_to(PAST)
    output = run()
    assert "Done: " in output

    assert not Application.objects.exclude(hopes="", skills_to_share_text="", interests=[]).exists()
    assert not ApplicationSkill.objects.filter(application__program=program).exists()
    assert set(Goal.objects.values_list("title", "success_criteria")) == {("—", "—")}
    assert set(Goal.objects.values_list("progress", flat=True)) == {0, 20}
    assert not SharedNote.objects.exists() and not PrivateNote.objects.exists()
    assert set(CheckIn.objects.values_list("blocking", "message_to_hr")) == {("", "")}
    assert sorted(CheckIn.objects.values_list("pulse", flat=True)) == [2, 4]
    assert set(Meeting.objects.values_list("agenda", "location")) == {("", "")}
    assert set(Answer.objects.values_list("text", flat=True)) == {""}
    # The rows, the scores and the people stay: the results still count everyone.
    assert Response.objects.filter(survey__program=program).count() == respondents
    assert list(Answer.objects.exclude(value=None).order_by("pk").values_list("value")) == values
    assert Pair.objects.filter(program=program).count() == 2
    assert Application.objects.filter(program=program).count() == 7
    # The reasons recorded in the audit log about the program's people go too.
    assert "HR-END-REASON" not in str(list(AuditEntry.objects.values_list("changes")))
    assert EmployeeImport.objects.get().content in (b"", memoryview(b""))
    entry = AuditEntry.objects.get(action="privacy.retention", object_type="programs.program")
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.changes["counts"]["private_notes"] == 2


def test_a_second_run_does_nothing(closed, frozen):
    frozen.move_to(PAST)
    run()
    before = written()
    entries = AuditEntry.objects.count()
    output = run()
    assert output.strip().endswith("Nothing left to delete.")
    assert "nothing left to delete" in output
    assert written() == before
    assert AuditEntry.objects.count() == entries
    assert "Dry run: 0 rows would change" in run("--dry-run")


def test_nothing_goes_before_twelve_months_have_passed(closed, frozen):
    frozen.move_to(NOT_YET)
    before = written()
    output = run()
    assert "Programs closed on or before June 30, 2027:" in output
    assert "none." in output
    # The HR file, imported a year ago, was emptied after 30 days; nothing else changed.
    after = written()
    assert after["imports"] == [b""]
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert {**after, "imports": [], "audit": []} == {**before, "imports": [], "audit": []}
    assert not AuditEntry.objects.filter(
        action="privacy.retention", object_type="programs.program"
    ).exists()


def test_a_running_program_is_never_touched(scene, frozen):
    frozen.move_to(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    before = written()
    report = services.retention_apply()
    assert report.programs == []
    assert written() == before


def test_the_pages_still_read_after_the_rule_applied(closed, frozen):
    frozen.move_to(PAST)
    run()
    client = Client()
    client.force_login(closed.lea)
    response = client.get(f"/pairs/{closed.pair.pk}/")
    assert response.status_code == 200
    assert "LEA-SHARED" not in response.content.decode()
    client.force_login(closed.company.alice)
    assert client.get(f"/programs/{closed.running.program.pk}/").status_code == 200
