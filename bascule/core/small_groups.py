"""The small-group rule: no figure about a group of fewer than MIN_GROUP_SIZE people.

One rule for every place a group is shown (the fairness report of a matching run, survey
results, dashboards): a group under the threshold is neither listed nor counted on its own,
so that nobody can be singled out. Callers may pool the small groups into one "other groups"
row, which the same rule then applies to.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

MIN_GROUP_SIZE = 5

T = TypeVar("T")


def is_shown(size: int) -> bool:
    """Return whether a group of `size` people may be shown."""
    return size >= MIN_GROUP_SIZE


def shown_size(size: int) -> int | None:
    """Return `size` if a group that large may be shown, else None (the size itself would
    say too much about a small group)."""
    return size if is_shown(size) else None


def shown_count(count: int | None) -> int | None:
    """Return a count of people as an aggregate-only reader may see it: none (0) and groups
    of MIN_GROUP_SIZE or more as they are, 1 to 4 people as None ("fewer than 5")."""
    if count is None or count == 0:
        return count
    return shown_size(count)


@dataclass(frozen=True)
class Split(Generic[T]):
    """Groups split by the rule: those shown, and the small ones left out."""

    shown: list[T] = field(default_factory=list)
    small: list[T] = field(default_factory=list)

    @property
    def hidden_groups(self) -> int:
        return len(self.small)


def split_small_groups(rows: Iterable[T], *, size: Callable[[T], int]) -> Split[T]:
    """Return `rows` split into the groups that may be shown and the small ones, in order."""
    shown: list[T] = []
    small: list[T] = []
    for row in rows:
        (shown if is_shown(size(row)) else small).append(row)
    return Split(shown=shown, small=small)
