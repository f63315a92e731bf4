"""Recognition pages: thanking from the pair's space (sent twice: once), the recipient's page
and choices, the walls, HR's counts and moderation."""

import pytest
from django.urls import reverse

from bascule.core.audit import AuditEntry
from bascule.recognition import services
from bascule.recognition.models import Kudos
from bascule.recognition.tests.helpers import setup
from bascule.testing import submission_key, submit_confirmation

pytestmark = pytest.mark.django_db


def test_a_mentee_thanks_their_mentor_from_the_pair_space(client, company):
    _program, pair, skill = setup(company)
    client.force_login(company.bernard_user)
    space = client.get(reverse("journey:pair_space", kwargs={"pair_id": pair.pk}))
    url = reverse("recognition:thank", kwargs={"pair_id": pair.pk})
    assert url in space.content.decode()
    page = client.get(url)
    assert "Thank Léa Martin" in page.content.decode()
    data = {
        "message": "Thanks for the pivot tables",
        "skill": str(skill.pk),
        "visibility": "program",
        "submission_key": submission_key(page),
    }
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert Kudos.objects.count() == 1
    assert Kudos.objects.get().skill == skill


def test_a_refused_message_keeps_what_was_typed(client, company):
    _program, pair, _skill = setup(company)
    client.force_login(company.bernard_user)
    url = reverse("recognition:thank", kwargs={"pair_id": pair.pk})
    page = client.get(url)
    answer = client.post(
        url,
        {"message": "x" * 501, "visibility": "program", "submission_key": submission_key(page)},
    )
    assert answer.status_code == 200
    assert "error-summary" in answer.content.decode()
    assert not Kudos.objects.exists()


def test_the_recipient_shows_it_on_the_wall_and_sets_their_preference(client, company):
    program, pair, _skill = setup(company)
    kudos = services.thanks_send(actor=company.bernard_user, pair=pair, message="Great help")
    client.force_login(company.lea_user)
    mine = client.get(reverse("recognition:mine")).content.decode()
    assert "Great help" in mine and "Seen by you only." in mine
    wall_url = reverse("recognition:program_wall", kwargs={"program_id": program.pk})
    assert "Great help" not in client.get(wall_url).content.decode()
    client.post(
        reverse("recognition:wall_choice", kwargs={"kudos_id": kudos.pk}), {"on_wall": "yes"}
    )
    assert "Great help" in client.get(wall_url).content.decode()
    client.post(
        reverse("recognition:wall_choice", kwargs={"kudos_id": kudos.pk}), {"on_wall": "no"}
    )
    assert "Great help" not in client.get(wall_url).content.decode()
    client.post(reverse("recognition:preference"), {"cap": "program"})
    assert "Great help" in client.get(wall_url).content.decode()
    company_wall = client.get(reverse("recognition:company_wall")).content.decode()
    assert "Great help" not in company_wall  # Bernard asked for the program only


def test_hr_sees_counts_and_hides_with_a_reason_then_shows_again(client, company):
    program, pair, _skill = setup(company)
    services.preference_set(actor=company.lea_user, cap="company")
    kudos = services.thanks_send(actor=company.bernard_user, pair=pair, message="Great help")
    client.force_login(company.alice)
    wall_url = reverse("recognition:program_wall", kwargs={"program_id": program.pk})
    wall = client.get(wall_url).content.decode()
    assert "Kudos in this program" in wall and "fewer than 5" in wall
    hide_url = reverse("recognition:hide", kwargs={"kudos_id": kudos.pk})
    assert hide_url in wall
    assert "The recipient is told" in client.get(hide_url).content.decode()
    assert client.post(hide_url, {"reason": ""}).status_code == 200
    assert client.post(hide_url, {"reason": "Names a client"}).status_code == 302
    wall = client.get(wall_url).content.decode()
    assert "Hidden by HR" in wall and "Names a client" in wall
    client.force_login(company.bernard_user)
    assert "Great help" not in client.get(wall_url).content.decode()
    client.force_login(company.lea_user)
    assert "Names a client" in client.get(reverse("recognition:mine")).content.decode()
    client.force_login(company.alice)
    unhide_url = reverse("recognition:unhide", kwargs={"kudos_id": kudos.pk})
    step = client.post(unhide_url)
    assert Kudos.objects.get().is_hidden
    submit_confirmation(client, step)
    assert not Kudos.objects.get().is_hidden
    assert AuditEntry.objects.filter(action="recognition.kudos_unhidden").count() == 1


def test_a_manager_recognises_a_pair_from_the_wall(client, company):
    program, pair, _skill = setup(company)
    client.force_login(company.paul)
    url = reverse("recognition:send", kwargs={"program_id": program.pk})
    page = client.get(url)
    assert f'value="pair-{pair.pk}"' in page.content.decode()
    answer = client.post(
        url,
        {
            "recipient": f"pair-{pair.pk}",
            "message": "Well done",
            "visibility": "company",
            "submission_key": submission_key(page),
        },
    )
    assert answer.status_code == 302
    assert set(Kudos.objects.values_list("recipient_id", flat=True)) == {
        company.lea.pk,
        company.bernard.pk,
    }


def _many_on_the_walls(company, pair, n: int) -> list[Kudos]:
    from django.utils import timezone

    now = timezone.now()
    made = Kudos.objects.bulk_create(
        Kudos(
            program=pair.program,
            pair=pair,
            sender=company.bernard_user,
            sender_kind="partner",
            recipient=company.lea,
            message=f"Thanks number {i:02}",
            visibility="company",
            on_wall=True,
            created_at=now,  # the same instant: the id keeps the order stable
        )
        for i in range(n)
    )
    return sorted(made, key=lambda k: k.pk, reverse=True)


@pytest.mark.parametrize("wall", ["program", "company"])
def test_the_walls_are_paged_by_25(client, company, wall):
    program, pair, _skill = setup(company)
    _many_on_the_walls(company, pair, 30)
    client.force_login(company.lea_user)
    if wall == "program":
        url = reverse("recognition:program_wall", kwargs={"program_id": program.pk})
    else:
        url = reverse("recognition:company_wall")
    first = client.get(url).content.decode()
    assert first.count('class="card-text kudos-message"') == 25
    assert "Thanks number 29" in first and "Thanks number 04" not in first
    assert 'aria-label="Pages of the wall"' in first and 'aria-current="page"' in first
    assert "Page 1 of 2" in first and "?page=2" in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('class="card-text kudos-message"') == 5
    assert "Thanks number 04" in second and "Thanks number 00" in second
    assert "Thanks number 05" not in second and "Page 2 of 2" in second
    # Out of range: the last page; unreadable: the first (as the other paged lists).
    beyond = client.get(url, {"page": "99"})
    assert beyond.status_code == 200 and "Page 2 of 2" in beyond.content.decode()
    garbage = client.get(url, {"page": "two'"})
    assert garbage.status_code == 200 and "Page 1 of 2" in garbage.content.decode()
