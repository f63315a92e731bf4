"""A pair's space belongs to its two members: access_member_pair."""

import pytest
from django.http import Http404

from bascule.pairing.models import PairStatus
from bascule.pairing.selectors import access_member_pair, member_pairs
from bascule.pairing.testing import make_running_program

pytestmark = pytest.mark.django_db


def test_both_members_reach_their_pair_and_nobody_else_does(company):
    running = make_running_program(company)
    pair = running.pair
    for member in (company.lea_user, company.bernard_user):
        assert access_member_pair(user=member, pair_id=pair.pk) == pair
    marc = running.matching.users["marc"]  # in the other pair
    for outsider in (company.alice, company.paul, company.sophie, company.oscar, marc):
        with pytest.raises(Http404):
            access_member_pair(user=outsider, pair_id=pair.pk)
    assert list(member_pairs(user=company.lea_user)) == [pair]


def test_an_ended_pair_stays_readable_but_not_writable(company):
    running = make_running_program(company)
    pair = running.pair
    pair.status = PairStatus.ENDED
    pair.save(update_fields=["status"])
    assert access_member_pair(user=company.lea_user, pair_id=pair.pk) == pair
    with pytest.raises(Http404):
        access_member_pair(user=company.lea_user, pair_id=pair.pk, active=True)
