"""Recognition's rules: who sends to whom, the message, the skill, visibility capped by the
recipient, the wall opt-in, double submits, HR's moderation (audited, the recipient told)."""

import pytest
from django.core import mail

from bascule.accounts.models import Role
from bascule.core.audit import AuditEntry
from bascule.core.errors import ConflictError, ValidationFailed
from bascule.core.idempotency import AlreadySubmitted, Submission
from bascule.recognition import selectors, services
from bascule.recognition.models import Kudos, Visibility
from bascule.recognition.tests.helpers import mails_to, make_pair, make_program, setup
from bascule.skills.models import Skill
from bascule.testing import make_employee, make_user

pytestmark = pytest.mark.django_db


def thank(company, pair, **changes):
    values = {"message": "  Thank you for the spreadsheets!  ", "visibility": "program"}
    return services.thanks_send(actor=company.bernard_user, pair=pair, **{**values, **changes})


def test_a_mentee_thanks_their_mentor_in_the_mentors_language(
    company, django_capture_on_commit_callbacks
):
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    _program, pair, skill = setup(company)
    with django_capture_on_commit_callbacks(execute=True):
        kudos = thank(company, pair, skill_id=skill.pk)
    assert kudos.recipient == company.lea
    assert kudos.message == "Thank you for the spreadsheets!"
    assert kudos.skill == skill
    assert kudos.sender_kind == "partner"
    (message,) = mails_to(company.lea_user)
    assert "vous remercie" in message.subject
    assert "Thank you for the spreadsheets!" in message.body
    entry = AuditEntry.objects.get(action="recognition.kudos_sent")
    assert "spreadsheets" not in str(entry.changes)


def test_the_mentor_thanks_the_mentee_in_english(company, django_capture_on_commit_callbacks):
    _program, pair, _skill = setup(company)
    with django_capture_on_commit_callbacks(execute=True):
        services.thanks_send(actor=company.lea_user, pair=pair, message="Merci !")
    (message,) = mails_to(company.bernard_user)
    assert message.subject == "Léa Martin thanks you"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"message": "   "}, "message"),
        ({"message": "a\x00b"}, "message"),
        ({"message": "x" * 501}, "message"),
        ({"message": None}, "message"),
        ({"visibility": "everyone"}, "visibility"),
        ({"skill_id": 999999}, "skill"),
    ],
)
def test_bad_input_is_refused_with_its_field(company, changes, field):
    _program, pair, _skill = setup(company)
    with pytest.raises(ValidationFailed) as refused:
        thank(company, pair, **changes)
    assert field in refused.value.errors
    assert not Kudos.objects.exists()


def test_a_skill_must_be_one_of_the_pairs(company):
    _program, pair, skill = setup(company)
    other = Skill.objects.exclude(pk=skill.pk).first()
    with pytest.raises(ValidationFailed):
        thank(company, pair, skill_id=other.pk)
    assert thank(company, pair, message="x" * 500).message == "x" * 500


def test_a_double_submit_sends_one_kudos(company):
    _program, pair, _skill = setup(company)
    submission = Submission(key="k-1", fingerprint="f")
    thank(company, pair, submission=submission)
    with pytest.raises(AlreadySubmitted):
        thank(company, pair, submission=submission)
    assert Kudos.objects.count() == 1


def test_the_recipient_caps_what_the_sender_asked(company):
    program, pair, _skill = setup(company)
    kudos = thank(company, pair, visibility="company")
    # Private until the recipient chooses otherwise.
    assert selectors.effective_visibility(kudos) == Visibility.PRIVATE
    assert not selectors.program_wall(program).exists()
    services.preference_set(actor=company.lea_user, cap="program")
    assert selectors.effective_visibility(kudos) == Visibility.PROGRAM
    assert list(selectors.program_wall(program)) == [kudos]
    assert not selectors.company_wall().exists()
    services.preference_set(actor=company.lea_user, cap="company")
    assert list(selectors.company_wall()) == [kudos]
    # Never wider than the sender chose.
    narrow = thank(company, pair, visibility="program")
    assert selectors.effective_visibility(narrow) == Visibility.PROGRAM
    assert list(selectors.company_wall()) == [kudos]
    assert AuditEntry.objects.filter(action="recognition.preference_set").count() == 2


def test_the_recipient_shows_one_kudos_on_the_wall(company):
    program, pair, _skill = setup(company)
    kudos = thank(company, pair)
    services.wall_choose(actor=company.lea_user, kudos_id=kudos.pk, on_wall=True)
    assert list(selectors.program_wall(program)) == [kudos]
    assert not selectors.company_wall().exists()  # the sender chose the program
    services.wall_choose(actor=company.lea_user, kudos_id=kudos.pk, on_wall=False)
    assert not selectors.program_wall(program).exists()
    assert AuditEntry.objects.filter(action="recognition.wall_chosen").count() == 2
    private = thank(company, pair, visibility="private")
    with pytest.raises(ConflictError):
        services.wall_choose(actor=company.lea_user, kudos_id=private.pk, on_wall=True)


def test_hr_hides_and_shows_again_audited_and_the_recipient_told(
    company, django_capture_on_commit_callbacks
):
    program, pair, _skill = setup(company)
    kudos = thank(company, pair)
    services.wall_choose(actor=company.lea_user, kudos_id=kudos.pk, on_wall=True)
    with pytest.raises(ValidationFailed):
        services.kudos_hide(actor=company.alice, kudos_id=kudos.pk, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.kudos_hide(actor=company.alice, kudos_id=kudos.pk, reason="Names a client")
    assert not selectors.program_wall(program).exists()
    (told,) = mails_to(company.lea_user)
    assert "Names a client" in told.body
    with pytest.raises(ConflictError):
        services.kudos_hide(actor=company.alice, kudos_id=kudos.pk, reason="Again")
    services.kudos_unhide(actor=company.alice, kudos_id=kudos.pk)
    assert list(selectors.program_wall(program)) == [kudos]
    assert Kudos.objects.get().hidden_reason == ""
    actions = list(
        AuditEntry.objects.filter(action__startswith="recognition.kudos_")
        .exclude(action="recognition.kudos_sent")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["recognition.kudos_hidden", "recognition.kudos_unhidden"]


def test_the_team_recognises_a_pair_or_one_participant(company, django_capture_on_commit_callbacks):
    program, pair, _skill = setup(company)
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.recognition_send(
            actor=company.paul, program=program, message="Well done", pair_id=pair.pk
        )
    assert {k.recipient for k in rows} == {company.lea, company.bernard}
    assert {k.sender_kind for k in rows} == {"manager"}
    assert len(mail.outbox) == 2
    (one,) = services.recognition_send(
        actor=company.sophie, program=program, message="Bravo", employee_id=company.lea.pk
    )
    assert one.sender_kind == "sponsor"
    stranger = make_employee("E950", "Sam", "Stranger")
    with pytest.raises(ValidationFailed) as refused:
        services.recognition_send(
            actor=company.alice, program=program, message="Hi", employee_id=stranger.pk
        )
    assert "recipient" in refused.value.errors
    with pytest.raises(ValidationFailed):
        services.recognition_send(actor=company.alice, program=program, message="Hi")


def test_who_may_send_where(company):
    program, pair, _skill = setup(company)
    other = make_program("Other")
    outsider = make_user(
        "olga.other@example.com", Role.PARTICIPANT, employee=make_employee("E951", "Olga", "O")
    )
    third = make_pair(other, make_employee("E952", "Ann", "A"), make_employee("E953", "Bob", "B"))
    assert selectors.access_thanks_pair(user=company.lea_user, pair_id=pair.pk) == pair
    for user, pair_id in [(outsider, pair.pk), (company.lea_user, third.pk)]:
        with pytest.raises(Exception) as refused:
            selectors.access_thanks_pair(user=user, pair_id=pair_id)
        assert refused.type.__name__ == "Http404"
    assert set(selectors.recognisable_programs(company.paul)) == {program}
    assert set(selectors.recognisable_programs(company.sophie)) == {program, other}
    assert set(selectors.recognisable_programs(company.alice)) == {program, other}
    assert set(selectors.walls_of(company.lea_user)) == {program}
    assert not selectors.walls_of(outsider).exists()


def test_the_export_holds_kudos_received_and_sent_and_erasure_empties_them(company):
    from bascule.privacy.base import Audience, Person
    from bascule.recognition import privacy

    program, pair, _skill = setup(company)
    kudos = thank(company, pair)
    services.kudos_hide(actor=company.alice, kudos_id=kudos.pk, reason="Names a client")
    lea = Person.of(user=company.lea_user)
    received, _sent, _badges = privacy.export(lea, audience=Audience.SELF)
    assert "Names a client" in str(received.records)
    bernard = Person.of(user=company.bernard_user)
    _received, sent, _badges = privacy.export(bernard, audience=Audience.SELF)
    assert "Thank you for the spreadsheets!" in str(sent.records)
    assert "Names a client" not in str(sent.records)
    assert privacy.anonymise(bernard, actor=company.alice, now=kudos.created_at) == {
        "kudos_messages": 1,
        "badge_reasons": 0,
        "recognition_preferences": 0,
    }
    assert Kudos.objects.get().message == "[erased]"
    assert privacy.expire_program(program, dry_run=True) == {
        "kudos_messages": 0,
        "badge_reasons": 0,
    }


def test_hr_s_counts_hide_small_cells_and_the_total_that_would_reveal_them(company):
    program, pair, _skill = setup(company)
    for n in range(6):
        thank(company, pair, message=f"Thanks {n}")
    figures = selectors.program_counts(program)
    assert dict(figures.by_value)["partner"] == 6
    assert (figures.total, figures.total_kept_back) == (6, False)
    services.recognition_send(
        actor=company.alice, program=program, message="Bravo", employee_id=company.lea.pk
    )
    figures = selectors.program_counts(program)
    # The one from HR would be 7 - 6: the total goes too.
    assert dict(figures.by_value)["hr"] is None
    assert (figures.total, figures.total_kept_back) == (None, True)
