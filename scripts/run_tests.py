#!/usr/bin/env python
"""Run everything CI checks, in order, and end with one line: `N passed, N failed`.

Steps: ruff (lint + format), import contracts (lint-imports), Django's system check, migrations
check, the test suite on SQLite (browser tests included), the test suite on PostgreSQL. With
CI=true, PostgreSQL and Chromium are mandatory; elsewhere a missing one is skipped with the
reason printed.
"""

import os
import re
import shutil
import subprocess
import sys
import time
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


def main() -> int:
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
