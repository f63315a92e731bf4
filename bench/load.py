"""Load benchmark: the key pages served by gunicorn (4 workers) on PostgreSQL, on loopback.

Run:  .venv/bin/python bench/load.py [--data demo large] [--seconds 10] [--connections 8]

`demo` is `manage.py seed_demo`; `large` is a company of 10,000 employees, 2,000 pairs (4
running programs), 100,000 meetings and 50,000 check-ins, made with bulk_create (bench/homes.py
plus more of each). Each lives in a database of its own on the PostgreSQL server of
DATABASE_URL (postgres://postgres@127.0.0.1:5432 by default): bascule_scaleout_bench_demo and
bascule_scaleout_bench, created and filled on the first run and reused after (--fresh drops
them first). For every key page of the demo roles (each role's home, the directory, the pair
space, the meetings, the matching workbench, pair health, survey results) it prints requests
per second, p50/p95/p99 in ms over `--seconds` of `--connections` logged-in clients sending
requests back to back (after one unmeasured second), and the SQL queries of one request
(Django's test client). `wrk` sends them when it is installed (`--tool`), Python threads
otherwise. The server runs as docs/deployment.md sets it up: persistent database connections
and Redis as the shared cache, so the key pages are kept until a write (`--cache redis`,
bascule/core/page_cache.py); `--cache memory` computes every page, as after each write. Then
`--users` people (50 by default) use the site at once for `--users-seconds`, each going
through the key pages of the demo roles with 1 to 3 s between two pages: the last line gives
the latency they wait, all pages together.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bascule")
DATABASES = {"demo": "bascule_scaleout_bench_demo", "large": "bascule_scaleout_bench"}
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
PASSWORD = "bascule-demo"  # noqa: S105 (the demo's published password, used for both)
PAIRS, PROGRAMS, EMPLOYEES = 2000, 4, 10_000


def database_url(name: str) -> str:
    return urllib.parse.urlsplit(SERVER)._replace(path=f"/{name}").geturl()


def ensure_database(name: str, fresh: bool) -> bool:
    """Create the database when missing; return whether it was created."""
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        admin.execute(f'CREATE DATABASE "{name}"')
        return True


# --- Inside Django (`bench/load.py --prepare demo|large`, DATABASE_URL set) -----------------


def populate_large() -> None:
    """bench/homes.py's 2,000 pairs, then employees, meetings and check-ins up to the sizes."""
    import datetime as dt

    from django.utils import timezone
    from homes import populate

    from bascule.accounts.models import Role, User
    from bascule.journey.models import CheckIn
    from bascule.meetings.models import Meeting
    from bascule.pairing.models import Pair
    from bascule.people.models import Employee

    populate(PAIRS, PROGRAMS)
    now = timezone.now()
    pairs = list(Pair.objects.all())
    Employee.objects.bulk_create(
        [
            Employee(
                employee_id=f"X-{i}",
                first_name="Extra",
                last_name=f"Person {i}",
                email=f"x-{i}@bench.example",
                hire_date=dt.date(2018, 3, 5),
            )
            for i in range(EMPLOYEES - Employee.objects.count())
        ],
        batch_size=5000,
    )
    # 4 meetings per pair already: 46 more, one a day back from 8 weeks ago.
    Meeting.objects.bulk_create(
        [
            Meeting(pair=pair, starts_at=now - dt.timedelta(days=60 + k), duration_minutes=45)
            for pair in pairs
            for k in range(46)
        ],
        batch_size=5000,
    )
    # 8 check-ins per pair already (periods 1-2): periods 3-11 for the mentor, 3-10 for the
    # mentee, 50,000 in all.
    CheckIn.objects.bulk_create(
        [
            CheckIn(pair=pair, member_id=member, period=period, pulse=4)
            for pair in pairs
            for member, last in ((pair.mentor_id, 11), (pair.mentee_id, 10))
            for period in range(3, last + 1)
        ],
        batch_size=5000,
    )
    pair = pairs[0]
    User.objects.create_user("mentor@bench.example", role=Role.PARTICIPANT, employee=pair.mentor)
    User.objects.create_user("mentee@bench.example", role=Role.PARTICIPANT, employee=pair.mentee)


def prepare(data: str) -> None:
    """Fill the database when empty; print the pages to load and their query counts (JSON)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from bascule.accounts.models import Role, User
    from bascule.evaluations.models import Survey
    from bascule.pairing.models import Pair

    if not User.objects.exists():
        if data == "demo":
            call_command("seed_demo", verbosity=0)
        else:
            populate_large()
    domain = "@bascule.example" if data == "demo" else "@bench.example"
    users = {
        "HR admin": User.objects.filter(role=Role.HR_ADMIN, email__endswith=domain).first(),
        "program manager": User.objects.filter(role=Role.PROGRAM_MANAGER).first(),
        "sponsor": User.objects.filter(role=Role.SPONSOR).first(),
        "mentor": User.objects.get(email=f"mentor{domain}"),
        "mentee": User.objects.get(email=f"mentee{domain}"),
    }
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    pair = Pair.objects.filter(mentee=users["mentee"].employee).order_by("-pk").first()
    survey = Survey.objects.filter(program=pair.program, responses__isnull=False).first()
    pages = [
        ("HR admin", "home", "/"),
        ("HR admin", "directory", "/people/"),
        ("HR admin", "workbench", f"/matching/programs/{pair.program_id}/"),
        ("HR admin", "pair health", f"/pairs/health/{pair.pk}/"),
        ("HR admin", "survey results", f"/evaluations/surveys/{survey.pk}/results/"),
        ("program manager", "home", "/"),
        ("sponsor", "home", "/"),
        ("mentor", "home", "/"),
        ("mentee", "home", "/"),
        ("mentee", "pair space", f"/pairs/{pair.pk}/"),
        ("mentee", "meetings", "/meetings/"),
    ]
    rows = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for role, label, url in pages:
            client = Client()
            client.force_login(users[role])
            client.get(url)  # what is created once
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            rows.append([role, users[role].email, label, url, status, len(queries)])
    print(json.dumps(rows))


# --- Outside: the server and the load ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, headers: dict, body: str = "") -> tuple:
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def log_in(port: int, email: str) -> str:
    """Return the Cookie header of a session of `email`."""
    _, headers, _ = request(port, "GET", "/accounts/login/", {})
    csrf = next(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "csrf" in v)
    token = csrf.split("=", 1)[1]
    form = urllib.parse.urlencode(
        {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    status, headers, _ = request(
        port,
        "POST",
        "/accounts/login/",
        {"Cookie": csrf, "Content-Type": "application/x-www-form-urlencoded"},
        form,
    )
    session = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "session" in v]
    if status != 302 or not session:
        raise SystemExit(f"{email} could not log in (status {status})")
    # The cookies a browser holds then: the session and the CSRF token (renewed at login).
    renewed = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "csrf" in v]
    return f"{session[0]}; {(renewed or [csrf])[0]}"


WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %f %f %f\\n", summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def load_wrk(port: int, path: str, cookie: str, seconds: float, connections: int) -> dict:
    """`wrk` (written in C, one thread: it leaves the cores to the server) sends the requests
    back to back on `connections` connections for `seconds`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        output = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
            + ["-H", f"Cookie: {cookie}", "-s", script.name, f"http://127.0.0.1:{port}{path}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(ln for ln in output.splitlines() if ln.startswith("BENCH "))
    count, duration_us, errors, p50, p95, p99 = line.split()[1:]
    return {
        "rps": int(count) / (int(duration_us) / 1e6),
        "p50": float(p50) / 1000,
        "p95": float(p95) / 1000,
        "p99": float(p99) / 1000,
        "errors": int(errors),
    }


def load(port: int, path: str, cookie: str, seconds: float, connections: int) -> dict:
    """Send requests back to back from `connections` threads for `seconds`."""
    durations: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            status, _, _ = request(port, "GET", path, {"Cookie": cookie})
            durations.append(time.perf_counter() - started)
            if status != 200:
                errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    durations.sort()

    def pct(p: float) -> float:
        return 1000 * durations[min(len(durations) - 1, int(p * len(durations)))]

    return {
        "rps": len(durations) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors[0],
    }


def users_load(port: int, visits: list[tuple[str, str]], users: int, seconds: float) -> dict:
    """`users` people at once, each going through `visits` ((path, cookie), their role's key
    pages) from a different starting point, waiting 1 to 3 s between two pages, for
    `seconds`: the latency a person waits at that load, all pages together."""
    durations: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds

    def person(number: int) -> None:
        chooser = random.Random(number)
        time.sleep(chooser.uniform(0, 3))  # people do not all arrive at the same instant
        step = number
        while time.monotonic() < stop:
            path, cookie = visits[step % len(visits)]
            step += 1
            started = time.perf_counter()
            status, _, _ = request(port, "GET", path, {"Cookie": cookie})
            durations.append(time.perf_counter() - started)
            if status != 200:
                errors[0] += 1
            time.sleep(chooser.uniform(1, 3))

    started = time.monotonic()
    threads = [threading.Thread(target=person, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    durations.sort()

    def pct(p: float) -> float:
        return 1000 * durations[min(len(durations) - 1, int(p * len(durations)))]

    return {
        "requests": len(durations),
        "rps": len(durations) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors[0],
    }


def measure(data: str, args: argparse.Namespace, workdir: Path) -> list[dict]:
    name = DATABASES[data]
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "LOG_LEVEL": "ERROR",
        "DEMO_OUTBOX": "true",
    }
    ensure_database(name, args.fresh)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    prepared = subprocess.run(
        [sys.executable, __file__, "--prepare", data],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    pages = json.loads(prepared.stdout.strip().splitlines()[-1])
    server_env = {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    if args.cache == "redis":
        # The production setup (docs/deployment.md): a cache every worker shares, which the
        # login throttle and the kept pages need. Its own database, emptied first.
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        server_env |= {
            "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
            "CACHE_LOCATION": REDIS_URL,
        }
    else:
        server_env |= {"CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=server_env,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.workers), "--timeout", "120"],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request(port, "GET", "/healthz", {})
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        cookies: dict[str, str] = {}
        for role, email, label, url, status, queries in pages:
            if status != 200:
                raise SystemExit(f"{url} answered {status} to the {role}")
            if email not in cookies:
                cookies[email] = log_in(port, email)
            measure_page = load_wrk if args.tool == "wrk" else load
            # One second unmeasured first: every worker has compiled its templates.
            measure_page(port, url, cookies[email], 1, args.connections)
            figures = measure_page(port, url, cookies[email], args.seconds, args.connections)
            results.append({"page": f"{role}: {label}", "queries": queries, **figures})
        if args.users:
            visits = [(url, cookies[email]) for _r, email, _l, url, _s, _q in pages]
            figures = users_load(port, visits, args.users, args.users_seconds)
            results.append({"page": f"{args.users} users, 1-3 s apart", "queries": 0, **figures})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", nargs="+", choices=list(DATABASES), default=list(DATABASES))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--cache",
        choices=["redis", "memory"],
        default="redis",
        help="redis: the production setup, the key pages kept until a write "
        "(bascule/core/page_cache.py); memory: each worker its own cache, every page computed",
    )
    parser.add_argument(
        "--tool",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="what sends the requests of each page: wrk (apt-get install wrk) or Python threads",
    )
    parser.add_argument(
        "--users", type=int, default=50, help="then this many people at once (0: none)"
    )
    parser.add_argument("--users-seconds", type=float, default=60)
    parser.add_argument("--fresh", action="store_true", help="drop the databases first")
    parser.add_argument("--prepare", choices=list(DATABASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return
    columns: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bascule-load-") as workdir:
        for data in args.data:
            for row in measure(data, args, Path(workdir)):
                columns.setdefault(row["page"], {})[data] = row
    print(
        f"gunicorn {args.workers} workers, {args.connections} connections ({args.tool}), "
        f"cache {args.cache}, "
        f"{args.seconds:g} s per page, PostgreSQL; req/s, p50/p95/p99 ms, SQL queries"
    )
    head = f"{'page':<30}" + "".join(f" | {data:^36}" for data in args.data)
    print(head)
    print("-" * len(head))
    for page, by_data in columns.items():
        cells = []
        for data in args.data:
            r = by_data.get(data)
            cells.append(
                f"{r['rps']:6.1f} {r['p50']:5.0f}/{r['p95']:5.0f}/{r['p99']:5.0f} "
                + (f"{r['queries']:4}q" if r["queries"] else "     ")
                + (f" {r['errors']}err" if r["errors"] else "")
                if r
                else "-"
            )
        print(f"{page:<30}" + "".join(f" | {cell:<36}" for cell in cells))
    print(
        "Rerun: .venv/bin/python bench/load.py --data "
        + " ".join(args.data)
        + f" --seconds {args.seconds:g} --connections {args.connections}"
        + f" --workers {args.workers} --tool {args.tool} --cache {args.cache}"
        + f" --users {args.users}"
        + f" --users-seconds {args.users_seconds:g}"
    )


if __name__ == "__main__":
    main()
