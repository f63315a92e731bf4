#!/usr/bin/env python
"""Run everything CI checks, in order, and end with one line: `N passed, N failed`.

Steps: ruff (lint + format), import contracts (lint-imports), Django's system check, migrations
check, the test suite on SQLite (browser tests included), schemathesis against the API of a
real server, the test suite on PostgreSQL. With CI=true, PostgreSQL and Chromium are
mandatory; elsewhere a missing one is skipped with the reason printed.

`scripts/run_tests.py schemathesis` runs the schemathesis step alone.
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CI = os.environ.get("CI") == "true"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bascule")

totals = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}


def run(
    title: str, cmd: list[str], env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess:
    print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    result = subprocess.run(cmd, cwd=ROOT, env=full_env, text=True, capture_output=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    elapsed = time.monotonic() - started
    print(f"=== {title}: exit {result.returncode} in {elapsed:.1f} s", flush=True)
    return result


def count(output: str) -> dict[str, int]:
    """Return the counts of pytest's closing summary line."""
    found = {}
    summary = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    if summary:
        for number, word in re.findall(r"(\d+) (passed|failed|skipped|errors?)", summary[-1]):
            found["errors" if word.startswith("error") else word] = int(number)
    return found


def pytest_step(title: str, extra_env: dict[str, str | None]) -> bool:
    result = run(title, [str(VENV_BIN / "pytest"), "-q", "-rs"], extra_env)
    for key, value in count(result.stdout).items():
        totals[key] += value
    # Exit code 5 means no test ran: a failure here, never a pass.
    return result.returncode == 0


def postgres_reachable() -> bool:
    if shutil.which("pg_isready") is None:
        return False
    return (
        subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False
        ).returncode
        == 0
    )


# Schemathesis: a fixed seed so that a failure is reproducible, a time budget per run.
SCHEMATHESIS_SEED = os.environ.get("SCHEMATHESIS_SEED", "20261206")
SCHEMATHESIS_SECONDS = os.environ.get("SCHEMATHESIS_SECONDS", "60")
DEMO_HR_ADMIN = "hr-admin@bascule.example"
DEMO_PASSWORD = "bascule-demo"  # noqa: S105 (the demo's published password)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback only)
                return True
        except OSError:
            time.sleep(0.5)
    return False


def log_in(base: str) -> http.cookiejar.CookieJar:
    """Return the cookies of a session logged in as the demo's HR admin."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": DEMO_HR_ADMIN, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback only)
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=30)
    if not any(cookie.name == "sessionid" for cookie in jar):
        raise RuntimeError("the demo HR admin could not log in")
    return jar


def schemathesis_step() -> bool:
    """Fuzz the API of a real server on a throwaway demo database, with a token and with a
    session; fail on any 5xx or any answer the OpenAPI schema does not declare."""
    title = "schemathesis"
    print(f"\n=== {title}: the API of a server on 127.0.0.1, demo data", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bascule-schemathesis-") as tmp:
        env = {"DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}", "DEBUG": "true"}
        for step, cmd in (
            ("migrate", [sys.executable, "manage.py", "migrate", "--verbosity", "0"]),
            ("seed_demo", [sys.executable, "manage.py", "seed_demo"]),
            (
                "token",
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "--verbosity",
                    "0",
                    "-c",
                    "from bascule.accounts.models import User\n"
                    "from bascule.accounts.services import api_token_create\n"
                    f"u = User.objects.get(email='{DEMO_HR_ADMIN}')\n"
                    "print(api_token_create(actor=u, user=u, name='schemathesis')[1])",
                ],
            ),
        ):
            result = run(f"{title}: {step}", cmd, env)
            if result.returncode != 0:
                return False
        token = result.stdout.strip().splitlines()[-1]

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (Path(tmp) / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            if not wait_for(f"{base}/accounts/login/", 90):
                print("The server did not start; its log:")
                print((Path(tmp) / "server.log").read_text()[-3000:])
                return False
            jar = log_in(base)
            cookies = {cookie.name: cookie.value for cookie in jar}
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            schema = Path(tmp) / "openapi.json"
            schema.write_bytes(opener.open(f"{base}/api/openapi.json", timeout=30).read())
            session = [
                "-H",
                f"Cookie: sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
                "-H",
                f"X-CSRFToken: {cookies['csrftoken']}",
            ]
            passed = True
            for label, auth in (
                ("token", ["-H", f"Authorization: Bearer {token}"]),
                ("session", session),
            ):
                cmd = [
                    str(VENV_BIN / "schemathesis"),
                    "run",
                    str(schema),
                    "--url",
                    base,
                    *auth,
                    "--checks",
                    "not_a_server_error,status_code_conformance",
                    "--max-time",
                    SCHEMATHESIS_SECONDS,
                    "--seed",
                    SCHEMATHESIS_SEED,
                    # One worker: with two threads, Hypothesis describing its strategies parses
                    # source from both at once, which Python 3.11's AST builder does not survive
                    # ("AST constructor recursion depth mismatch", an error of the fuzzer, not of
                    # the API).
                    "--workers",
                    "1",
                    "--no-color",
                    "--output-sanitize",
                    "true",
                ]
                result = subprocess.run(cmd, cwd=tmp, text=True, capture_output=True)
                output = result.stdout + result.stderr
                # The summary, or everything when something failed.
                shown = output if result.returncode else output[output.find("SUMMARY") - 40 :]
                print(f"--- schemathesis with a {label} (exit {result.returncode})")
                print(shown.strip())
                passed = passed and result.returncode == 0
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    print(f"=== {title}: {'passed' if passed else 'FAILED'} in {time.monotonic() - started:.1f} s")
    return passed


def main() -> int:
    if sys.argv[1:] == ["schemathesis"]:
        ok = schemathesis_step()
        print(f"{int(ok)} passed, {int(not ok)} failed")
        return 0 if ok else 1
    failures: list[str] = []
    checks = [
        ("ruff check", [str(VENV_BIN / "ruff"), "check", "."]),
        ("ruff format", [str(VENV_BIN / "ruff"), "format", "--check", "."]),
        ("import contracts", [str(VENV_BIN / "lint-imports")]),
        ("django check", [sys.executable, "manage.py", "check", "--fail-level", "WARNING"]),
        ("migrations", [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"]),
    ]
    for title, cmd in checks:
        if run(title, cmd).returncode != 0:
            failures.append(title)

    if not pytest_step("tests on SQLite", {"DATABASE_URL": None}):
        failures.append("tests on SQLite")

    if not schemathesis_step():
        failures.append("schemathesis")

    if postgres_reachable():
        if not pytest_step("tests on PostgreSQL", {"DATABASE_URL": POSTGRES_URL}):
            failures.append("tests on PostgreSQL")
    elif CI:
        print("PostgreSQL is not answering on 127.0.0.1:5432 and CI=true: failing.")
        failures.append("PostgreSQL unavailable")
    else:
        print("SKIPPED: tests on PostgreSQL (no server answering on 127.0.0.1:5432)")

    print()
    if failures:
        print("Failed steps: " + ", ".join(failures))
    failed = totals["failed"] + totals["errors"] + (1 if failures and not totals["failed"] else 0)
    print(f"{totals['passed']} passed, {failed} failed, {totals['skipped']} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
