"""The evaluations API: members answer once; HR changes surveys and reads aggregates."""

import pytest

from bascule.evaluations import selectors
from bascule.evaluations.models import QuestionKind, Response
from bascule.evaluations.tests.helpers import add_pair, answer

pytestmark = pytest.mark.django_db

BASE = "/api/evaluations"


def send(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


def payload(survey, pair, user, *, likert=4) -> dict:
    answers, ratings = [], []
    skills = selectors.skills_to_rate(pair=pair, employee_id=user.employee_id)
    for question in selectors.survey_questions(survey=survey):
        if question.kind == QuestionKind.LIKERT:
            answers.append({"question_id": question.pk, "value": likert})
        elif question.kind == QuestionKind.NPS:
            answers.append({"question_id": question.pk, "value": 10})
        elif question.kind == QuestionKind.TEXT:
            answers.append({"question_id": question.pk, "text": "More time"})
        else:
            ratings += [{"question_id": question.pk, "skill_id": s.pk, "now": 2} for s in skills]
    return {"answers": answers, "ratings": ratings}


def test_a_member_lists_reads_and_answers_once(client, company, running, surveys):
    client.force_login(company.lea_user)
    mine = client.get(f"{BASE}/mine").json()
    assert [(m["kind"], m["pair_id"], m["role"]) for m in mine] == [
        ("baseline", running.pair.pk, "mentor")
    ]
    url = f"{BASE}/surveys/{surveys['baseline'].pk}/pairs/{running.pair.pk}"
    survey = client.get(url).json()
    assert survey["open"] and not survey["answered"] and survey["mine"] is None
    likert = next(q for q in survey["questions"] if q["kind"] == "likert")
    assert likert["choices"][0] == {"value": 1, "label": "Strongly disagree"}
    skills = next(q for q in survey["questions"] if q["kind"] == "skills")["skills"]
    assert skills

    bad = send(client, f"{url}/response", {"answers": [{"question_id": likert["id"], "value": 9}]})
    assert bad.status_code == 422
    assert bad.json()["errors"][f"q_{likert['id']}"] == ["Please choose a value from 1 to 5."]

    body = payload(surveys["baseline"], running.pair, company.lea_user)
    created = send(client, f"{url}/response", body)
    assert created.status_code == 201, created.content
    assert created.json()["answered"] and created.json()["mine"]["answers"]
    again = send(client, f"{url}/response", body)
    assert again.status_code == 409
    assert again.json()["code"] == "already_answered"
    assert Response.objects.count() == 1
    assert client.get(f"{BASE}/mine").json() == []


def test_a_survey_not_open_to_me_is_a_404(client, company, running, surveys):
    client.force_login(company.lea_user)
    body = {"answers": [], "ratings": []}
    other = f"{BASE}/surveys/{surveys['baseline'].pk}/pairs/{running.other_pair.pk}"
    assert client.get(other).status_code == 404
    assert send(client, f"{other}/response", body).status_code == 404
    midpoint = f"{BASE}/surveys/{surveys['midpoint'].pk}/pairs/{running.pair.pk}"
    assert send(client, f"{midpoint}/response", body).status_code == 404
    client.force_login(company.alice)
    mine = f"{BASE}/surveys/{surveys['baseline'].pk}/pairs/{running.pair.pk}"
    assert client.get(mine).status_code == 404


def test_errors_are_in_the_members_language(client, company, running, surveys):
    client.force_login(company.bernard_user)  # French
    url = f"{BASE}/surveys/{surveys['baseline'].pk}/pairs/{running.pair.pk}"
    answer(surveys["baseline"], running.pair, company.bernard_user)
    again = send(
        client, f"{url}/response", payload(surveys["baseline"], running.pair, company.bernard_user)
    )
    assert again.status_code == 409
    survey = client.get(url).json()
    assert survey["title"] == "Questionnaire de départ"


def test_bad_answers_are_a_422_naming_each_field(client, company, running, surveys):
    """The one error contract: a member's bad answers answer 422 with the messages by field
    (q_<question id>), through a session with its CSRF token."""
    client.force_login(company.lea_user)
    url = f"{BASE}/surveys/{surveys['baseline'].pk}/pairs/{running.pair.pk}"
    likert = next(q for q in client.get(url).json()["questions"] if q["kind"] == "likert")
    bad = send(client, f"{url}/response", {"answers": [{"question_id": likert["id"], "value": 9}]})
    assert bad.status_code == 422
    body = bad.json()
    assert body["code"] == "invalid" and body["detail"] == body["message"]
    assert body["errors"][f"q_{likert['id']}"] == ["Please choose a value from 1 to 5."]
    assert not Response.objects.exists()


def test_hr_lists_and_updates_surveys(client, company, running, surveys):
    client.force_login(company.paul)
    listed = client.get(f"{BASE}/programs/{running.program.pk}/surveys").json()
    assert [s["kind"] for s in listed] == ["baseline", "midpoint", "end", "closing"]
    url = f"{BASE}/surveys/{surveys['midpoint'].pk}"
    bad = send(client, url, {"opens_on": "2027-02-31"}, "put")
    assert bad.status_code == 422
    assert "opens_on" in bad.json()["errors"]
    order = send(client, url, {"opens_on": "2027-05-01", "closes_on": "2027-04-01"}, "put")
    assert order.status_code == 422
    updated = send(
        client,
        url,
        {
            "closes_on": "2027-04-20",
            "questions": [
                {"kind": "likert", "text_fr": "Ça avance.", "text_en": "It is going well."},
                {"kind": "skills", "text_fr": "Compétences", "text_en": "Skills"},
            ],
        },
        "put",
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["closes_on"] == "2027-04-20"
    assert [q["text_en"] for q in updated.json()["questions"]] == ["It is going well.", "Skills"]

    answer(surveys["baseline"], running.pair, company.bernard_user)
    url = f"{BASE}/surveys/{surveys['baseline'].pk}"
    locked = send(client, url, {"closes_on": "2027-02-20", "questions": []}, "put")
    assert locked.status_code == 409
    assert locked.json()["code"] == "has_responses"
    surveys["baseline"].refresh_from_db()
    assert surveys["baseline"].closes_on.isoformat() == "2027-02-01"  # all or nothing
    assert send(client, url, {"closes_on": "2027-02-10"}, "put").status_code == 200


def test_hr_reads_aggregates_only(client, company, running, surveys):
    baseline = surveys["baseline"]
    for _ in range(4):
        pair, _mentor, mentee = add_pair(running.program)
        answer(baseline, pair, mentee, text="A remark")
    client.force_login(company.alice)
    url = f"{BASE}/surveys/{baseline.pk}/results"
    results = client.get(url).json()
    assert results["respondents"] == 4 and not results["shown"]
    # Under 5 respondents: no count per role, no size of any hidden group.
    assert results["mentors"] is None and results["mentees"] is None
    assert all(
        q[group]["respondents"] is None
        for q in results["questions"]
        for group in ("overall", "mentors", "mentees")
        if q["kind"] != "text"
    )
    assert all(
        not q["overall"]["shown"] and q["overall"].get("mean") is None for q in results["questions"]
    )
    assert all(not q["texts"] for q in results["questions"])
    pair, _mentor, mentee = add_pair(running.program)
    answer(baseline, pair, mentee, text="A remark")
    results = client.get(url).json()
    likert = next(q for q in results["questions"] if q["kind"] == "likert")
    assert likert["overall"]["shown"] and likert["overall"]["mean"] == 4.0
    assert not likert["mentors"]["shown"]
    client.force_login(company.sophie)
    assert client.get(url).status_code == 404
