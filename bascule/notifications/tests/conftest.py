"""The meetings' fixtures: a running program, the clock frozen on Monday 1 March 2027, a local
SMTP server."""

from bascule.meetings.tests.conftest import frozen, running  # noqa: F401
from bascule.meetings.tests.test_smtp_delivery import smtp_server  # noqa: F401
