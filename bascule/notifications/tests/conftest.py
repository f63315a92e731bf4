"""The meetings' fixtures: a running program, the clock frozen on Monday 1 March 2027."""

from bascule.meetings.tests.conftest import frozen, running  # noqa: F401
