"""Backups are proven: back up, wipe, restore, and the data is the same (SQLite here;
PostgreSQL on the throwaway database bascule_ops_restore when a server answers)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "bascule_ops_restore"
SOME_DATA = (
    "from bascule.testing import make_user; "
    "make_user('kept@example.com', 'hr_admin'); make_user('also.kept@example.com', 'participant')"
)


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(DATABASE_URL=database_url, PYTHONWARNINGS="ignore")
    return subprocess.run(  # noqa: S603 (this interpreter, the project's manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def sqlite_content(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_sqlite_backup_wipe_restore_gives_the_same_data(tmp_path):
    database = tmp_path / "bascule.sqlite3"
    url = f"sqlite:///{database}"
    ok(manage(url, "migrate", "--verbosity", "0"))
    ok(manage(url, "shell", "--command", SOME_DATA))
    before = sqlite_content(database)
    assert any("kept@example.com" in line for line in before)

    backup = tmp_path / "bascule.backup"
    # The messages are in the site's language (French by default): look for the file's name.
    assert str(backup) in ok(manage(url, "backup_database", str(backup)))
    assert backup.stat().st_size > 0

    for leftover in tmp_path.glob("bascule.sqlite3*"):
        leftover.unlink()
    ok(manage(url, "migrate", "--verbosity", "0"))  # An empty database, as after a loss.
    assert sqlite_content(database) != before

    refused = manage(url, "restore_database", str(backup))
    assert refused.returncode != 0 and "--yes" in refused.stderr
    assert str(backup) in ok(manage(url, "restore_database", str(backup), "--yes"))
    assert sqlite_content(database) == before


def postgresql_content(url: str) -> dict[str, str]:
    """Every table's rows, fingerprinted."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: connection.execute(
                f"SELECT count(*)::text || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: E501, S608
            ).fetchone()[0]
            for table in tables
        }


def recreate(database: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{database}"')


@pytest.fixture
def throwaway_postgresql():
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL is not answering: {error}")
        pytest.skip(f"PostgreSQL is not answering: {error}")
    recreate(PG_DATABASE)
    yield f"{PG_SERVER}/{PG_DATABASE}"
    recreate(PG_DATABASE, drop_only=True)


def test_postgresql_backup_wipe_restore_gives_the_same_data(tmp_path, throwaway_postgresql):
    url = throwaway_postgresql
    ok(manage(url, "migrate", "--verbosity", "0"))
    ok(manage(url, "shell", "--command", SOME_DATA))
    before = postgresql_content(url)
    assert before["accounts_user"].startswith("2")

    backup = tmp_path / "bascule.dump"
    ok(manage(url, "backup_database", str(backup)))
    recreate(PG_DATABASE)  # Wiped: an empty database.
    assert postgresql_content(url) == {}

    ok(manage(url, "restore_database", str(backup), "--yes"))
    assert postgresql_content(url) == before
