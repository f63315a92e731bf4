"""Training that shows in the pairs: the check-in asks each member whether their partner
practised the behaviour of the modules both completed; HR reads the shares from five
respondents up; the kickoff's active-listening drill, ticked by each for the other."""

import csv
import io
import itertools

import pytest
from django.utils import timezone

from bascule.accounts.models import Role
from bascule.core.models import AuditEntry
from bascule.journey.models import CheckIn
from bascule.pairing.models import Pair, PairStatus
from bascule.pairing.testing import make_running_program
from bascule.privacy.base import Audience, Person
from bascule.programs.models import Application, ApplicationStatus
from bascule.testing import make_employee, make_user
from bascule.training import privacy
from bascule.training.behaviours import services
from bascule.training.models import BehaviourAnswer, DrillCheck, Progress, Requirement
from bascule.training.tests.factories import make_module

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@pytest.fixture
def running(company):
    return make_running_program(company)


@pytest.fixture
def listening(db):
    return make_module("listening")


def done(employee, module):
    Progress.objects.update_or_create(
        employee=employee,
        module=module,
        defaults={"version": module.published, "last_section": 2, "completed_at": timezone.now()},
    )


def add_pair(program):
    """A new active pair of `program`: two new employees with accounts."""
    n = next(_numbers)
    people = []
    for side, level in (("mentor", 1), ("mentee", 7)):
        employee = make_employee(
            f"B{n:03d}{side[-1]}{level}", side.title(), f"N{n}", seniority_level=level
        )
        application = Application.objects.create(
            program=program,
            employee=employee,
            role=side,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )
        make_user(f"{side}{n}@example.com", Role.PARTICIPANT, employee=employee)
        people.append((employee, application))
    (mentor, mentor_application), (mentee, mentee_application) = people
    return Pair.objects.create(
        program=program,
        mentor=mentor,
        mentor_application=mentor_application,
        mentee=mentee,
        mentee_application=mentee_application,
        published_at=timezone.now(),
    )


def page(pair) -> str:
    return f"/pairs/{pair.pk}/checkin/"


# --- The check-in's questions -----------------------------------------------------------------


def test_the_check_in_asks_about_the_modules_both_members_completed_only(
    client, running, company, listening
):
    feedback = make_module("feedback")
    make_module("draft-one", publish=False)
    done(company.lea, listening)
    done(company.bernard, listening)
    done(company.lea, feedback)  # Bernard has not: not asked
    client.force_login(company.lea_user)
    html = client.get(page(running.pair)).content.decode()
    assert "My partner practised listening (en)." in html
    assert 'name="q_behaviour-listening"' in html
    assert "feedback" not in html
    assert "What you noticed in your meetings" in html  # the fieldset's legend

    # Another pair's members completed nothing together: no fieldset at all.
    client.force_login(User_of(running.other_pair.mentor))
    assert (
        "What you noticed in your meetings"
        not in client.get(page(running.other_pair)).content.decode()
    )


def User_of(employee):  # noqa: N802
    from bascule.accounts.models import User

    user = User.objects.filter(employee=employee).first()
    if user is None:
        user = make_user(f"u{employee.pk}@example.com", Role.PARTICIPANT, employee=employee)
    return user


def test_the_behaviour_is_in_the_members_language_else_the_other(client, running, company):
    module = make_module("listening")
    version = module.published
    version.content["fr"]["behaviour"] = ""
    version.save(update_fields=["content"])
    other = make_module("feedback")
    for item in (module, other):
        done(company.lea, item)
        done(company.bernard, item)
    company.bernard_user.language = "fr"
    company.bernard_user.save(update_fields=["language"])
    client.force_login(company.bernard_user)
    html = client.get(page(running.pair)).content.decode()
    assert "My partner practised feedback (fr)." in html
    assert "My partner practised listening (en)." in html  # no French wording: the English one
    assert "Did not come up" not in html and "N’a pas été abordé" in html


def test_answers_are_saved_with_the_check_in_and_updated_on_edit(
    client, running, company, listening
):
    done(company.lea, listening)
    done(company.bernard, listening)
    client.force_login(company.lea_user)
    data = {"pulse": 4, "period": 1, "q_behaviour-listening": "yes"}
    assert client.post(page(running.pair), data).status_code == 302
    answer = BehaviourAnswer.objects.get()
    assert (answer.pair, answer.member, answer.module, answer.period, answer.answer) == (
        running.pair,
        company.lea,
        listening,
        1,
        "yes",
    )
    assert CheckIn.objects.filter(member=company.lea).count() == 1
    entry = AuditEntry.objects.get(action="training.behaviours_answered")
    assert entry.changes == {"pair": running.pair.pk, "period": 1, "changed": 1}
    assert "yes" not in str(entry.changes)  # never the answer

    edit = client.get(page(running.pair)).content.decode()
    assert 'value="yes" checked' in edit
    client.post(page(running.pair), {**data, "q_behaviour-listening": "partly"})
    answer.refresh_from_db()
    assert answer.answer == "partly" and BehaviourAnswer.objects.count() == 1
    # Bernard does not see Léa's answer: his own form is blank.
    client.force_login(company.bernard_user)
    assert " checked" not in client.get(page(running.pair)).content.decode()
    client.force_login(company.lea_user)
    # The same answer sent again changes nothing; left blank, it goes.
    client.post(page(running.pair), {**data, "q_behaviour-listening": "partly"})
    assert AuditEntry.objects.filter(action="training.behaviours_answered").count() == 2
    client.post(page(running.pair), {"pulse": 4, "period": 1})
    assert not BehaviourAnswer.objects.exists()


def test_a_failed_check_in_saves_no_answer(client, running, company, listening):
    done(company.lea, listening)
    done(company.bernard, listening)
    client.force_login(company.lea_user)
    response = client.post(page(running.pair), {"pulse": 9, "q_behaviour-listening": "yes"})
    assert response.status_code == 200
    assert not BehaviourAnswer.objects.exists() and not CheckIn.objects.exists()


def test_the_check_in_api_asks_and_saves_the_behaviours(client, running, company, listening):
    done(company.lea, listening)
    done(company.bernard, listening)
    client.force_login(company.bernard_user)
    url = f"/api/pairs/{running.pair.pk}/checkin"
    [group] = client.get(url).json()["questions"]
    assert group["name"] == "training.behaviours"
    assert group["questions"][0]["key"] == "behaviour-listening"
    posted = client.post(
        url,
        {"pulse": 5, "answers": {"behaviour-listening": "did_not_come_up"}},
        content_type="application/json",
    )
    assert posted.status_code == 200, posted.content
    assert BehaviourAnswer.objects.get().answer == "did_not_come_up"
    assert client.get(url).json()["questions"][0]["questions"][0]["answer"] == "did_not_come_up"
    wrong = client.post(
        url, {"pulse": 5, "answers": {"behaviour-feedback": "yes"}}, content_type="application/json"
    )
    assert wrong.status_code == 422


# --- HR's aggregate ---------------------------------------------------------------------------


def answer(pair, employee, module, value, period=1):
    services.behaviour_answers_save(
        actor=None,
        pair=pair,
        member=employee,
        period=period,
        answers={f"behaviour-{module.slug}": value},
    )


@pytest.fixture
def three_pairs(running, company, listening):
    """Léa–Bernard, Inès–Marc and a third pair: all six completed "listening"."""
    pairs = [running.pair, running.other_pair, add_pair(running.program)]
    for pair in pairs:
        done(pair.mentor, listening)
        done(pair.mentee, listening)
    Requirement.objects.create(program=running.program, module=listening, role="mentee")
    return pairs


def report(client, company, program):
    client.force_login(company.alice)
    return client.get(f"/training/manage/programs/{program.pk}/").content.decode()


def test_the_shares_are_hidden_under_five_respondents(
    client, company, running, listening, three_pairs
):
    first, second, third = three_pairs
    answer(first, first.mentor, listening, "yes")
    answer(first, first.mentee, listening, "partly")
    answer(second, second.mentor, listening, "no")
    answer(second, second.mentee, listening, "yes")
    answer(third, third.mentor, listening, "did_not_come_up")  # not counted
    html = report(client, company, running.program)
    assert "My partner practised listening (en)." in html
    assert "Fewer than 5 answers: not shown" in html
    api = client.get(f"/api/training/manage/programs/{running.program.pk}/completion").json()
    [row] = api["behaviours"]
    assert row["shown"] is False and row["respondents"] is None and row["yes_percent"] is None
    text = client.get(f"/training/manage/programs/{running.program.pk}/export.csv").content
    assert "Fewer than 5 answers: not shown" in text.decode("utf-8-sig")


def test_the_shares_are_shown_from_five_respondents(
    client, company, running, listening, three_pairs
):
    first, second, third = three_pairs
    answer(first, first.mentor, listening, "no")  # period 1…
    answer(first, first.mentor, listening, "yes", period=2)  # …her latest answer counts
    answer(first, first.mentee, listening, "partly")
    answer(second, second.mentor, listening, "no")
    answer(second, second.mentee, listening, "yes")
    answer(third, third.mentor, listening, "yes")
    answer(third, third.mentee, listening, "did_not_come_up")  # not counted
    html = report(client, company, running.program)
    assert "Fewer than 5 answers" not in html
    # 5 respondents: 3 Yes (60 %), 1 Partly (20 %), 1 No (20 %).
    api = client.get(f"/api/training/manage/programs/{running.program.pk}/completion").json()
    [row] = api["behaviours"]
    assert (row["respondents"], row["yes_percent"], row["partly_percent"], row["no_percent"]) == (
        5,
        60,
        20,
        20,
    )
    assert row["module"] == "listening" and row["shown"] is True
    section = html.split('id="behaviours"')[1]
    assert ">5<" in section and "60 %" in section and "20 %" in section
    assert first.mentor.full_name not in section  # figures only
    text = client.get(f"/training/manage/programs/{running.program.pk}/export.csv").content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert [
        "listening (en)",
        "My partner practised listening (en).",
        "5",
        "60",
        "20",
        "20",
        "",
    ] in rows


def test_the_sponsor_sees_no_report(client, company, running, three_pairs):
    client.force_login(company.sophie)
    assert client.get(f"/training/manage/programs/{running.program.pk}/").status_code == 403


# --- The kickoff drill ------------------------------------------------------------------------


def drill(pair) -> str:
    return f"/training/pairs/{pair.pk}/drill/"


def test_the_drill_explains_its_steps_and_each_ticks_for_the_other(client, running, company):
    pair = running.pair
    client.force_login(company.lea_user)
    html = client.get(drill(pair)).content.decode()
    assert "A speaks" not in html  # plain words, the partner's name
    assert "3 minutes:" in html and "rephrase" in html and "Bernard" in html
    assert '<legend class="fs-5' in html and 'name="ticks"' in html

    response = client.post(drill(pair), {"ticks": ["rephrased", "open_question"]})
    assert response.status_code == 302 and response["Location"].endswith(f"/pairs/{pair.pk}/#drill")
    # Sent twice: the same row, no second entry.
    client.post(drill(pair), {"ticks": ["rephrased", "open_question"]})
    check = DrillCheck.objects.get()
    assert (check.rater, check.ticks) == (company.lea, ["rephrased", "open_question"])
    assert AuditEntry.objects.filter(action="training.drill_ticked").count() == 1
    assert not AuditEntry.objects.filter(action="training.drill_changed").exists()
    assert "rephrased" not in str(AuditEntry.objects.get(action="training.drill_ticked").changes)

    space = client.get(f"/pairs/{pair.pk}/").content.decode()
    assert "Done by you." in space and "Waiting for Bernard." in space
    assert "Rephrasing before answering" not in space  # shown once both have ticked

    client.force_login(company.bernard_user)  # Bernard reads French
    space = client.get(f"/pairs/{pair.pk}/").content.decode()
    assert "Pas encore coché de votre côté." in space and "Fait par Léa." in space
    assert "Reformuler avant de répondre" not in space  # Léa's ticks wait for Bernard's
    client.post(drill(pair), {"ticks": ["let_me_finish"]})
    space = client.get(f"/pairs/{pair.pk}/").content.decode()
    assert "Ce que Léa a coché pour vous" in space and "Reformuler avant de répondre" in space
    assert "Ce que vous avez coché pour Léa" in space and "Laisser l’autre finir" in space

    kickoff = client.get(f"/pairs/{pair.pk}/kickoff/").content.decode()
    assert drill(pair) in kickoff


def test_the_drill_of_an_ended_pair_or_of_someone_else(client, running, company):
    client.force_login(company.lea_user)
    assert client.get(drill(running.other_pair)).status_code == 404
    assert client.post(drill(running.other_pair), {"ticks": ["rephrased"]}).status_code == 404
    Pair.objects.filter(pk=running.pair.pk).update(status=PairStatus.ENDED)
    page_html = client.get(drill(running.pair)).content.decode()
    assert "This mentoring has ended: the drill can no longer be ticked." in page_html
    refused = client.post(drill(running.pair), {"ticks": ["rephrased"]})
    assert refused.status_code == 200
    assert (
        "This mentoring has ended: the drill can no longer be ticked." in refused.content.decode()
    )
    assert not DrillCheck.objects.exists()
    bad = client.post(
        f"/api/training/pairs/{running.pair.pk}/drill", {}, content_type="application/json"
    )
    assert bad.status_code == 405


def test_the_drill_api(client, running, company):
    url = f"/api/training/pairs/{running.pair.pk}/drill"
    client.force_login(company.lea_user)
    got = client.get(url).json()
    assert got["open"] is True and got["mine"] is None and got["partner_done"] is False
    assert [item["key"] for item in got["checklist"]] == [
        "rephrased",
        "open_question",
        "let_me_finish",
    ]
    put = client.put(url, {"ticks": ["open_question"]}, content_type="application/json")
    assert put.status_code == 200 and put.json()["mine"] == ["open_question"]
    assert put.json()["partner_ticks"] is None
    unknown = client.put(url, {"ticks": ["hugged"]}, content_type="application/json")
    assert unknown.status_code == 422
    client.force_login(company.bernard_user)
    both = client.put(url, {"ticks": []}, content_type="application/json").json()
    assert both["partner_done"] is True and both["partner_ticks"] == ["open_question"]
    assert client.get(f"/api/training/pairs/{running.other_pair.pk}/drill").status_code == 404
    Pair.objects.filter(pk=running.pair.pk).update(status=PairStatus.ENDED)
    ended = client.put(url, {"ticks": []}, content_type="application/json")
    assert ended.status_code == 400 and ended.json()["code"] == "pair_ended"


# --- Personal data ----------------------------------------------------------------------------


def test_the_answers_and_ticks_are_in_the_persons_export_not_hrs(running, company, listening):
    done(company.lea, listening)
    done(company.bernard, listening)
    answer(running.pair, company.lea, listening, "partly")
    services.drill_tick(actor=company.lea_user, pair=running.pair, ticks=["rephrased"])
    person = Person.of(employee=company.lea)
    mine = str(privacy.export(person, audience=Audience.SELF))
    assert "Partly" in mine and "rephrased" in mine
    hrs = str(privacy.export(person, audience=Audience.HR))
    assert "Partly" not in hrs and "rephrased" not in hrs
    assert "1 check-in answers" in hrs
    changed = privacy.anonymise(person, actor=company.alice, now=timezone.now())
    assert changed["training_behaviours"] == 1 and changed["training_drills"] == 1
    assert not BehaviourAnswer.objects.exists() and not DrillCheck.objects.exists()
