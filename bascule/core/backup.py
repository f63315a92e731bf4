"""Back up and restore the database: SQLite with its online backup API, PostgreSQL with
pg_dump and pg_restore (docs/deployment.md, "Backups").

A backup is taken while the app runs. A restore replaces everything in the database with the
backup's content: stop the app servers and workers first.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """The database cannot be backed up or restored here; the message says why."""


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"no backup for a {vendor} database")
    return vendor


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    """Copy one SQLite database into another, page by page, consistent even while in use."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as destination:
        origin.backup(destination)
    origin.close()
    destination.close()


def _postgresql_environment(alias: str) -> dict[str, str]:
    """libpq's variables for the database: the password never shows on a command line."""
    db = _settings(alias)
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(program: str, arguments: list[str], alias: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed (PostgreSQL's client tools)")
    result = subprocess.run(  # noqa: S603 (PostgreSQL's own tool, our arguments)
        [executable, *arguments],
        env=_postgresql_environment(alias),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def backup(target: Path, alias: str = "default") -> None:
    """Write a backup of the database to `target` (an SQLite file, or pg_dump's custom format)."""
    if _vendor(alias) == "sqlite":
        _sqlite_copy(_settings(alias)["NAME"], target)
    else:
        _run("pg_dump", ["--format=custom", "--no-owner", f"--file={target}"], alias)


def restore(source: Path, alias: str = "default") -> None:
    """Replace the database's content with the backup in `source`."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    connections[alias].close()
    if _vendor(alias) == "sqlite":
        _sqlite_copy(source, _settings(alias)["NAME"])
    else:
        arguments = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run("pg_restore", [*arguments, f"--dbname={_settings(alias)['NAME']}", str(source)], alias)
