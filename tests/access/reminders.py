"""Access cases for reminders."""

from tests.access.base import Case, World

MATRIX: dict[str, list[Case]] = {}


def populate(world: World) -> None:
    """Create the objects this area's cases point at."""
