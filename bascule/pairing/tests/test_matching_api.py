"""The matching API, /api/matching/: the same rules as the workbench, in JSON."""

import datetime as dt

import pytest
from django.core import mail

from bascule.core.small_groups import MIN_GROUP_SIZE
from bascule.pairing.models import Pair, PairRule, RuleKind
from bascule.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db
BASE = "/api/matching"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_hr_runs_locks_excludes_and_reads_a_run(client, setup, company):
    client.force_login(company.alice)
    response = post(client, f"{BASE}/programs/{setup.program.pk}/runs")
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["matched"] == 2 and run["max_matched_proven"]
    assert "no matching can pair more mentees" in run["certificate"]
    first = run["proposals"][0]
    assert first["explanation"] and set(first["breakdown"]) >= {"mentor_can_help"}
    assert any(u["reasons"][0]["code"] == "no_common_language" for u in run["unmatched_people"])

    locked = post(client, f"{BASE}/proposals/{first['id']}/lock")
    assert locked.status_code == 200 and locked.json()["locked"]
    second = run["proposals"][1]
    assert post(client, f"{BASE}/proposals/{second['id']}/exclude").status_code == 204
    assert PairRule.objects.filter(kind=RuleKind.EXCLUDE).count() == 1
    listed = client.get(f"{BASE}/programs/{setup.program.pk}/runs").json()
    assert len(listed) == 1 and listed[0]["edited"]
    detail = client.get(f"{BASE}/runs/{run['id']}").json()
    assert len(detail["proposals"]) == 1
    unlocked = post(client, f"{BASE}/proposals/{first['id']}/unlock")
    assert unlocked.json()["locked"] is False


def test_a_manual_pair_through_the_api_lists_its_warnings(client, setup, company):
    client.force_login(company.paul)
    post(client, f"{BASE}/programs/{setup.program.pk}/runs")
    response = post(
        client,
        f"{BASE}/programs/{setup.program.pk}/manual-pairs",
        {
            "mentee_application_id": setup.mentees["gerard"].pk,
            "mentor_application_id": setup.mentors["tom"].pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["warning_codes"] == ["no_common_language"]
    assert body["warnings"] == ["they have no language in common"]
    assert body["proposal"]["manual"]


def test_publish_through_the_api_once(client, setup, company, django_capture_on_commit_callbacks):
    client.force_login(company.alice)
    run = post(client, f"{BASE}/programs/{setup.program.pk}/runs").json()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"{BASE}/runs/{run['id']}/publish")
    assert response.status_code == 200, response.content
    assert response.json() == {"pairs": 2, "program_status": ProgramStatus.RUNNING}
    again = post(client, f"{BASE}/runs/{run['id']}/publish")
    assert again.status_code == 409
    assert again.json()["code"] == "already_published"
    assert Pair.objects.count() == 2 and len(mail.outbox) == 4

    client.force_login(company.lea_user)
    mine = client.get(f"{BASE}/me/pairs").json()
    assert [p["partner_name"] for p in mine] == ["Bernard Lefèvre"]
    assert mine[0]["role"] == "mentor" and mine[0]["explanation"]


def test_a_runs_proposals_come_a_page_at_a_time_when_asked(client, setup, company):
    client.force_login(company.alice)
    run = post(client, f"{BASE}/programs/{setup.program.pk}/runs").json()
    assert run["proposals_total"] == 2 and run["page"] is None and run["pages"] is None
    best, second = run["proposals"]
    url = f"{BASE}/runs/{run['id']}"
    first_page = client.get(url, {"page": 1, "page_size": 1}).json()
    assert [p["id"] for p in first_page["proposals"]] == [best["id"]]
    assert first_page["page"] == 1 and first_page["pages"] == 2
    assert first_page["proposals_total"] == 2 and first_page["unmatched_people"]
    last = client.get(url, {"page": 9, "page_size": 1}).json()
    assert last["page"] == 2 and [p["id"] for p in last["proposals"]] == [second["id"]]
    assert len(client.get(url, {"page": 1}).json()["proposals"]) == 2  # 100 per page
    for wrong in ({"page": 0}, {"page": 1, "page_size": 0}, {"page": 1, "page_size": 5000}):
        assert client.get(url, wrong).status_code == 422


def test_a_stale_run_is_refused_with_409(client, setup, company):
    client.force_login(company.alice)
    first = post(client, f"{BASE}/programs/{setup.program.pk}/runs").json()
    post(client, f"{BASE}/programs/{setup.program.pk}/runs")
    response = post(client, f"{BASE}/runs/{first['id']}/publish")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_run"


def test_settings_read_and_validated(client, setup, company):
    client.force_login(company.alice)
    url = f"{BASE}/programs/{setup.program.pk}/settings"
    assert client.get(url).json()["weights"]["mentor_can_help"] == 0.35
    bad = client.put(url, {"weights": {"mentor_can_help": -1}}, content_type="application/json")
    assert bad.status_code == 422
    good = client.put(
        url,
        {"weights": {"availability": 0.5}, "forbid_same_manager": True},
        content_type="application/json",
    )
    assert good.status_code == 200, good.content
    assert good.json()["weights"]["availability"] == 0.5
    assert good.json()["forbid_same_manager"] is True


def test_bad_settings_are_a_422_naming_the_field(client, setup, company):
    """The one error contract: invalid settings answer 422 with the messages by field."""
    client.force_login(company.alice)
    url = f"{BASE}/programs/{setup.program.pk}/settings"
    bad = client.put(url, {"weights": {"mentor_can_help": -1}}, content_type="application/json")
    assert bad.status_code == 422
    body = bad.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["mentor_can_help"]
    assert body["errors"]["mentor_can_help"] and body["detail"] == body["message"]
    assert client.get(url).json()["weights"]["mentor_can_help"] == 0.35


def test_other_programs_are_not_found_and_participants_forbidden(client, setup, company):
    other = Program.objects.create(
        name="Other",
        status=ProgramStatus.MATCHING,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 2, 1),
    )
    client.force_login(company.paul)
    assert post(client, f"{BASE}/programs/{other.pk}/runs").status_code == 404
    client.force_login(company.lea_user)
    assert post(client, f"{BASE}/programs/{setup.program.pk}/runs").status_code == 403
    assert client.get(f"{BASE}/me/pairs").json() == []
    client.force_login(company.alice)  # no employee record: nobody to pair
    assert client.get(f"{BASE}/me/pairs").status_code == 403


def test_the_api_refuses_anonymous_callers(client, setup):
    assert client.get(f"{BASE}/programs/{setup.program.pk}/runs").status_code == 401


def test_a_runs_fairness_shows_no_group_of_fewer_than_five_mentees(client, setup, company):
    company.bernard.location = "Lyon"
    company.bernard.save(update_fields=["location"])
    company.cmo.location = "Paris"
    company.cmo.save(update_fields=["location"])
    client.force_login(company.alice)
    run = post(client, f"{BASE}/programs/{setup.program.pk}/runs").json()
    response = client.get(f"{BASE}/runs/{run['id']}/fairness")
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["min_group_size"] == 5
    # Four mentees in all: Lyon 1, Paris 1, no location 2. Every group is under 5 and so is
    # their pool: nothing shown, only how many groups were left out.
    assert report["by_location"] == {"rows": [], "hidden_groups": 3}
    assert report["by_department"]["rows"] == []
    assert report["by_generation"] == {"rows": [], "hidden_groups": 1}
    # Léa and Inès have one mentee each; Tom (English only) none.
    assert report["mentor_load"] == [{"mentees": 0, "mentors": 1}, {"mentees": 1, "mentors": 2}]
    page = client.get(f"/matching/programs/{setup.program.pk}/").content.decode()
    assert "Lyon" not in page and "Location unknown" not in page
    assert "Every group is too small to be shown." in page


@pytest.mark.parametrize(
    "sizes, shown, pooled",
    [
        # A group of 5 is shown; groups of 1 and 4 are pooled (5 together).
        ({"gen_x": 5, "gen_z": 1, "gen_y": 4}, [("Generation X", 5)], 5),
        # A group of 4 alone is left out, and so is its pool of 4.
        ({"gen_x": 5, "gen_z": 4}, [("Generation X", 5)], None),
        # A group of 1 alone: nothing but the group of 5.
        ({"gen_x": 5, "gen_z": 1}, [("Generation X", 5)], None),
    ],
)
def test_fairness_applies_one_small_group_rule_to_groups_of_1_4_and_5(
    client, setup, company, sizes, shown, pooled
):
    from bascule.pairing.testing import _apply
    from bascule.people.models import Employee
    from bascule.programs.models import ParticipantRole
    from bascule.testing import make_employee

    total = sum(sizes.values())
    extra = [
        make_employee(f"G{i}", f"Gen{i}", "Test", seniority_level=7, department=company.finance)
        for i in range(total - len(setup.mentees))
    ]
    for person in extra:
        _apply(setup.program, person, ParticipantRole.MENTEE, languages=["fr"])
    mentees = [a.employee for a in setup.mentees.values()] + extra
    start = 0
    for band, size in sizes.items():
        Employee.objects.filter(pk__in=[e.pk for e in mentees[start : start + size]]).update(
            generation_band=band
        )
        start += size
    client.force_login(company.alice)
    run = post(client, f"{BASE}/programs/{setup.program.pk}/runs").json()
    report = client.get(f"{BASE}/runs/{run['id']}/fairness").json()
    table = report["by_generation"]
    plain = [(row["label"], row["mentees"]) for row in table["rows"] if not row["pooled"]]
    assert plain == shown
    pools = [row["mentees"] for row in table["rows"] if row["pooled"]]
    assert pools == ([pooled] if pooled else [])
    assert table["hidden_groups"] == len(sizes) - 1
    # No row of any breakdown, pooled or not, counts fewer than MIN_GROUP_SIZE mentees.
    for breakdown in ("by_department", "by_level", "by_location", "by_generation"):
        assert all(row["mentees"] >= MIN_GROUP_SIZE for row in report[breakdown]["rows"])
    page = client.get(f"/matching/programs/{setup.program.pk}/").content.decode()
    assert "Generation X" in page
    assert "Generation Z" not in page and "Generation Y" not in page
    if pooled:
        assert "Other groups <span" in page and "(2 groups of fewer than 5 each)" in page
