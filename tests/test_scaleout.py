"""Bascule scales out: two gunicorn servers on two loopback ports share one PostgreSQL database
and the machine's Redis (127.0.0.1:6379) as the cache, and two `db_worker` processes send the
e-mails (docs/deployment.md, docs/operations.md).

- a session logged in on one server works on the other;
- login throttling counts the attempts made on both servers together;
- an HR file uploaded and committed on one server is applied by a worker while the other
  server shows its progress (the import's status in the database, the changes written in the
  shared cache), then its result;
- 1,000 password reset e-mails asked for on both servers are each sent exactly once to an SMTP
  server on loopback, although one worker is killed (SIGKILL) in the middle of a delivery:
  `requeue_interrupted_emails` queues its job again and the other worker sends it.

The database is a throwaway one (`bascule_scaleout_<random>`) on the PostgreSQL server of
DATABASE_URL, created and dropped here. The test runs in the PostgreSQL step of
scripts/run_tests.py; on SQLite it is skipped, and without Redis it is skipped too, except
under CI=true where it fails.
"""

import asyncio
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack, closing
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from bascule.people.tests.fixtures.import_files import csv_bytes, generated_rows

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)
EMAILS = 1000
PASSWORD = "scale-out-Pa55word"  # noqa: S105 (a throwaway database's users)
# The HR file: enough rows for the commit to write several batches while server B watches.
IMPORT_ROWS = 3000
WRITTEN = re.compile(r"([\d,]+) of ([\d,]+) changes written")
CI = os.environ.get("CI") == "true"

pytestmark = pytest.mark.scaleout


def unavailable(reason: str) -> None:
    if CI:
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


def reachable(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=2):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database():
    """Create a throwaway database on the PostgreSQL server of DATABASE_URL; yield its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("The scale-out test runs with DATABASE_URL on PostgreSQL (run_tests.py)")
    import psycopg

    parts = urllib.parse.urlsplit(url)
    if not reachable((parts.hostname or "127.0.0.1", parts.port or 5432)):
        unavailable(f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432}")
    if not reachable(REDIS):
        unavailable("Redis is not reachable at 127.0.0.1:6379 (the shared cache)")
    name = f"bascule_scaleout_{secrets.token_hex(4)}"
    server = parts._replace(path="/postgres").geturl()
    with closing(psycopg.connect(server, autocommit=True)) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with closing(psycopg.connect(server, autocommit=True)) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Inbox:
    """An SMTP server's handler keeping what it accepts. The message after `hold_after`
    accepted ones is held until released, then refused with "try later": the worker sending
    it is killed meanwhile. `held_port` is that worker's port."""

    def __init__(self, hold_after: int):
        self.messages: list[str] = []
        self.hold_after = hold_after
        self.holding = threading.Event()
        self.release = threading.Event()
        self.held_port = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            hold = len(self.messages) >= self.hold_after and not self.held_port
            if hold:
                self.held_port = session.peer[1]
        if hold:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        with self.lock:
            self.messages.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def socket_owner(local_port: int, pids: list[int]) -> int:
    """Return which of `pids` holds the TCP connection from 127.0.0.1:`local_port` (Linux)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == local_port:
            inodes.add(fields[9])
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return pid
    raise AssertionError(f"no worker holds the SMTP connection from port {local_port}")


class Client:
    """A browser of one server: cookies, the CSRF token, no redirects followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, jar: CookieJar | None = None):
        self.base = base
        self.jar = jar if jar is not None else CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self.NoRedirect
        )

    def request(
        self, path: str, data: dict | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        """Return the status and body of a GET, or of a form's POST with `data`; the
        response's headers are left in `self.headers`."""
        body = None
        headers = dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        return self.send(self.base + path, body, headers)

    def upload(self, path: str, fields: dict, name: str, filename: str, content: bytes):
        """POST a multipart form: `fields` and the file `content` as field `name`."""
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            f"{value}\r\n".encode()
            for key, value in {**fields, "csrfmiddlewaretoken": self.csrf()}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.send(self.base + path, b"".join(parts), headers)

    def send(self, url: str, body: bytes | None, headers: dict) -> tuple[int, str]:
        request = urllib.request.Request(url, body, headers)  # noqa: S310 (http://127.0.0.1)
        try:
            with self.opener.open(request, timeout=60) as response:
                self.headers = response.headers
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            self.headers = error.headers
            return error.code, error.read().decode()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def log_in(self, email: str, password: str) -> int:
        self.request("/accounts/login/")
        return self.request("/accounts/login/", {"username": email, "password": password})[0]


def start(stack: ExitStack, cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a process in its own group, stopped (by its PID) when the test ends."""
    out = stack.enter_context(log.open("w"))
    process = subprocess.Popen(  # noqa: S603 (this interpreter, the project's commands)
        cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )

    def stop() -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    stack.callback(stop)
    return process


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.2)


def test_two_servers_and_two_workers_share_sessions_throttling_and_the_queue(database, tmp_path):
    import psycopg

    inbox = Inbox(hold_after=EMAILS // 3)
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        CACHE_BACKEND="django.core.cache.backends.redis.RedisCache",
        CACHE_LOCATION=f"redis://{REDIS[0]}:{REDIS[1]}/0",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        DEMO_OUTBOX="false",
    )
    run = secrets.token_hex(4)  # the addresses never meet another run's throttle counters
    emails = [f"user{i}.{run}@example.com" for i in range(EMAILS)]
    hr_admin = f"hr.{run}@example.com"

    def manage(*args: str) -> str:
        done = subprocess.run(  # noqa: S603 (this interpreter, the project's manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    with ExitStack() as stack:
        stack.callback(smtp.stop)
        stack.callback(inbox.release.set)
        manage("migrate", "--verbosity", "0")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        manage(
            "shell",
            "-c",
            "from django.contrib.auth.hashers import make_password\n"
            "from bascule.accounts.models import User\n"
            f"hashed = make_password({PASSWORD!r})\n"
            "User.objects.bulk_create("
            f"User(email=e, password=hashed, first_name='Scale', last_name='Out')"
            f" for e in {emails!r})\n"
            f"User.objects.create(email={hr_admin!r}, password=hashed, role='hr_admin',"
            " language='en', first_name='Human', last_name='Resources')",
        )

        bases = []
        for name in ("a", "b"):
            port = free_port()
            start(
                stack,
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", "2", "--timeout", "60"],
                env,
                tmp_path / f"server-{name}.log",
            )
            bases.append(f"http://127.0.0.1:{port}")

        def answering(base: str) -> bool:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5):  # noqa: S310
                    return True
            except OSError:
                return False

        for base in bases:
            wait_until(lambda base=base: answering(base), 60, f"gunicorn on {base}")
        a, b = bases

        # A session opened on one server is valid on the other.
        first = Client(a)
        assert first.log_in(emails[0], PASSWORD) == 302
        status, page = Client(b, first.jar).request("/accounts/me/")
        assert status == 200, page[:500]
        assert emails[0] in page

        # Login throttling: five wrong passwords, alternating servers, and the sixth attempt
        # is refused on both, even with the right password.
        target = emails[1]
        for attempt in range(5):
            assert Client(bases[attempt % 2]).log_in(target, "wrong-password") == 200
        assert Client(a).log_in(target, PASSWORD) == 429
        assert Client(b).log_in(target, PASSWORD) == 429

        # Two workers, then 1,000 password reset e-mails asked for on both servers.
        workers = [
            start(
                stack,
                [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
                env,
                tmp_path / f"worker-{n}.log",
            )
            for n in (1, 2)
        ]
        # An HR file uploaded and committed on server A; server B follows the workers' job.
        hr_on_a = Client(a)
        assert hr_on_a.log_in(hr_admin, PASSWORD) == 302
        hr_on_a.request("/people/import/")
        fields = {"scope": "update", "blank_cells": "keep"}
        content = csv_bytes(generated_rows(IMPORT_ROWS))
        status, page = hr_on_a.upload("/people/import/", fields, "file", "export.csv", content)
        assert status == 302, page[:500]
        preview = hr_on_a.headers["Location"]
        assert re.fullmatch(r"/people/import/\d+/", preview), preview
        assert hr_on_a.request(f"{preview}commit/", {})[0] == 302
        hr_on_b = Client(b, hr_on_a.jar)
        seen: list[tuple[int, int]] = []
        statuses = set()
        deadline = time.monotonic() + 120
        while True:
            status, partial = hr_on_b.request(f"{preview}progress/", headers={"HX-Request": "true"})
            assert status == 200, partial[:500]
            if hr_on_b.headers["HX-Redirect"]:
                break  # the job has ended: htmx is sent to the import's page
            statuses.update(re.findall(r"Waiting for its turn…|Importing…", partial))
            found = WRITTEN.search(partial)
            if found:
                seen.append(tuple(int(n.replace(",", "")) for n in found.groups()))
            assert time.monotonic() < deadline, "the import was not applied"
            time.sleep(0.05)
        assert "Importing…" in statuses
        assert any(0 < done < total for done, total in seen), seen
        status, result = hr_on_b.request(preview)
        assert "Import complete" in result
        with closing(psycopg.connect(database, autocommit=True)) as db:
            query = "SELECT count(*) FROM people_employee WHERE employee_id LIKE 'G%%'"
            assert db.execute(query).fetchone()[0] == IMPORT_ROWS

        failures = []

        def ask(addresses: list[str], base: str) -> None:
            client = Client(base)
            client.request("/accounts/password-reset/")
            for address in addresses:
                status, _ = client.request("/accounts/password-reset/", {"email": address})
                if status != 302:
                    failures.append((address, status))

        senders = [
            threading.Thread(target=ask, args=(emails[i::6], bases[i % 2])) for i in range(6)
        ]
        for sender in senders:
            sender.start()

        # One worker is killed while the SMTP server holds its message.
        deadline = time.monotonic() + 120
        while not inbox.holding.wait(timeout=0.2):
            assert failures == [], failures[:5]
            assert time.monotonic() < deadline, "no message reached the hold"
        killed = socket_owner(inbox.held_port, [w.pid for w in workers])
        os.killpg(killed, signal.SIGKILL)
        next(w for w in workers if w.pid == killed).wait(timeout=10)
        inbox.release.set()
        for sender in senders:
            sender.join(timeout=120)
        assert not any(sender.is_alive() for sender in senders)
        assert failures == []

        with closing(psycopg.connect(database, autocommit=True)) as db:

            def sent() -> int:
                query = "SELECT count(*) FROM notifications_outboundemail WHERE status = 'sent'"
                return db.execute(query).fetchone()[0]

            wait_until(lambda: sent() == EMAILS - 1, 120, "the other worker sends the rest")
            assert re.match(r"1 ", manage("requeue_interrupted_emails", "--minutes", "0"))
            wait_until(lambda: sent() == EMAILS, 60, "the interrupted job is sent again")
            total = db.execute("SELECT count(*) FROM notifications_outboundemail").fetchone()[0]
        assert total == EMAILS
        time.sleep(0.5)
        assert sorted(inbox.messages) == sorted(emails)
