"""The small-group rule shared by every aggregate: nothing of a group under five people."""

import pytest

from bascule.core.small_groups import MIN_GROUP_SIZE, is_shown, shown_size, split_small_groups


@pytest.mark.parametrize("size, shown", [(0, False), (1, False), (4, False), (5, True), (6, True)])
def test_it_shows_groups_of_five_or_more_only(size, shown):
    assert MIN_GROUP_SIZE == 5
    assert is_shown(size) is shown
    assert shown_size(size) == (size if shown else None)


def test_it_splits_groups_keeping_their_order():
    groups = [("a", 1), ("b", 5), ("c", 4), ("d", 9)]
    split = split_small_groups(groups, size=lambda group: group[1])
    assert split.shown == [("b", 5), ("d", 9)]
    assert split.small == [("a", 1), ("c", 4)]
    assert split.hidden_groups == 2
