"""Goals both ways: either member proposes and changes any goal; dates, progress and
concurrent edits are checked with clear messages that keep what was typed."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from bascule.core.models import AuditEntry
from bascule.journey import services
from bascule.journey.models import Goal, GoalDirection, GoalStatus
from bascule.skills.models import Skill

pytestmark = pytest.mark.django_db


def new_url(pair):
    return reverse("journey:goal_create", kwargs={"pair_id": pair.pk})


def edit_url(goal):
    return reverse("journey:goal_edit", kwargs={"pair_id": goal.pair_id, "goal_id": goal.pk})


def goal_data(**overrides):
    data = {
        "direction": "learning",
        "title": "Run a video meeting on my own",
        "success_criteria": "Three video meetings led by March",
        "target_date": "2027-03-31",
        "status": "in_progress",
        "progress": "20",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "10",
        "milestones-0-title": "Install the video app",
        "milestones-0-due_on": "2027-02-01",
        "milestones-1-title": "",
        "milestones-1-due_on": "",
    }
    data.update(overrides)
    return data


def make_goal(running, company, **values):
    base = {
        "direction": GoalDirection.LEARNING,
        "title": "Use AI tools",
        "success_criteria": "Write a summary with an assistant tool",
        "target_date": running.program.starts_on.replace(month=4),
        "status": GoalStatus.NOT_STARTED,
        "progress": 0,
    }
    base.update(values)
    return services.goal_create(actor=company.lea_user, pair=running.pair, values=base)


def test_the_mentor_proposes_a_goal_for_the_mentee_who_sees_it(client, running, company):
    skill = Skill.objects.usable().first()
    client.force_login(company.lea_user)
    form = client.get(new_url(running.pair)).content.decode()
    assert "Bernard&#x27;s learning goal (mentee)" in form
    response = client.post(new_url(running.pair), goal_data(skills=[skill.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    goal = Goal.objects.get()
    assert goal.direction == "learning" and goal.progress == 20 and goal.version == 1
    assert list(goal.skills.all()) == [skill]
    assert [m.title for m in goal.milestones.all()] == ["Install the video app"]
    entry = AuditEntry.objects.get(action="journey.goal_created")
    assert "Run a video meeting" not in str(entry.changes) + entry.object_repr

    client.force_login(company.bernard_user)
    page = client.get(reverse("journey:pair_space", kwargs={"pair_id": running.pair.pk}))
    text = page.content.decode()
    assert "Run a video meeting on my own" in text
    assert "Three video meetings led by March" in text
    assert 'value="20"' in text and "En cours" in text  # Bernard reads French
    assert skill.label in text and "Install the video app" in text


def test_the_mentee_adds_a_growth_goal_for_the_mentor(client, running, company):
    client.force_login(company.bernard_user)
    response = client.post(new_url(running.pair), goal_data(direction="growth"))
    assert response.status_code == 302
    assert Goal.objects.get().direction == GoalDirection.GROWTH
    assert Goal.objects.get().created_by == company.bernard_user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target_date", "2027-02-30", "This date does not exist or is not written as a date"),
        ("target_date", "2028-01-15", "The target date must fall within the program"),
        ("target_date", "2026-12-01", "The target date must fall within the program"),
        ("target_date", "", "Please give a target date."),
        ("progress", "140", "Progress is a percentage: a whole number between 0 and 100."),
        ("progress", "-5", "Progress is a percentage: a whole number between 0 and 100."),
        ("progress", "half", "Progress is a whole number between 0 and 100."),
        ("title", "", "Please give the goal a short title."),
        ("milestones-0-due_on", "2027-05-01", "cannot be due after the goal&#x27;s target date"),
        ("milestones-0-due_on", "2027-13-01", "This date does not exist"),
    ],
)
def test_invalid_values_get_clear_errors_and_keep_what_was_typed(
    client, running, company, field, value, message
):
    client.force_login(company.lea_user)
    response = client.post(new_url(running.pair), goal_data(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Nothing was saved yet" in page
    if field != "title":
        assert 'value="Run a video meeting on my own"' in page
    assert "Three video meetings led by March" in page
    if value:
        assert f'value="{value}"' in page
    assert not Goal.objects.exists()


def test_either_member_changes_a_goal(client, running, company):
    goal = make_goal(running, company)
    client.force_login(company.bernard_user)
    page = client.get(edit_url(goal)).content.decode()
    assert 'value="Use AI tools"' in page
    response = client.post(
        edit_url(goal),
        goal_data(title="Use AI tools well", status="achieved", progress="100", version="1"),
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.progress, goal.version) == (
        "Use AI tools well",
        "achieved",
        100,
        2,
    )
    entry = AuditEntry.objects.get(action="journey.goal_updated")
    assert entry.changes["status"] == {"old": "not_started", "new": "achieved"}
    assert "title" in entry.changes["fields"]
    assert "Use AI tools" not in str(entry.changes) + entry.object_repr


def test_a_concurrent_edit_is_refused_and_the_text_kept(client, running, company):
    goal = make_goal(running, company)
    # Léa opens the form (version 1); meanwhile Bernard saves a change.
    services.goal_update(
        actor=company.bernard_user,
        goal=goal,
        version=1,
        values={**services._clean_values(goal.__dict__), "progress": 50},
    )
    client.force_login(company.lea_user)
    response = client.post(
        edit_url(goal), goal_data(title="Léa's better title", progress="30", version="1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bernard Lefèvre changed this goal while you were editing it" in page
    assert 'value="Léa&#x27;s better title"' in page
    assert "The goal as it is saved now" in page and "50 %" in page
    assert 'name="version" value="2"' in page
    goal.refresh_from_db()
    assert (goal.title, goal.progress, goal.version) == ("Use AI tools", 50, 2)
    # Saving again, knowingly, replaces Bernard's version.
    response = client.post(
        edit_url(goal), goal_data(title="Léa's better title", progress="30", version="2")
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.progress, goal.version) == ("Léa's better title", 30, 3)


def test_goals_of_another_pair_are_not_found(client, running, company):
    goal = make_goal(running, company)
    client.force_login(running.matching.users["marc"])
    assert client.get(edit_url(goal)).status_code == 404
    other = reverse(
        "journey:goal_edit", kwargs={"pair_id": running.other_pair.pk, "goal_id": goal.pk}
    )
    assert client.get(other).status_code == 404
    for user in (company.alice, company.paul, company.sophie, company.oscar):
        client.force_login(user)
        assert client.get(edit_url(goal)).status_code == 404
        assert client.post(new_url(running.pair), goal_data()).status_code == 404
    assert Goal.objects.count() == 1


def test_the_skills_of_the_two_applications_come_first(client, running, company):
    named = {
        s.skill
        for app in (running.pair.mentor_application, running.pair.mentee_application)
        for s in app.skills.select_related("skill")
    }
    client.force_login(company.lea_user)
    page = client.get(new_url(running.pair)).content.decode()
    first_group = page.split("Named in your two applications", 1)[1].split("</details>", 1)[0]
    assert named and all(escape(skill.label_en) in first_group for skill in named)
    for skill in named:  # each skill is offered once
        assert page.count(f'id="skill-{skill.pk}"') == 1
