"""Benchmark the HR file import: preview, commit and re-import of 1,000 and 10,000 employees.

Run:  .venv/bin/python bench/import_employees.py [--sizes 1000 10000] [--formats csv xlsx]

By default it works on a throwaway SQLite file in a temporary directory. With DATABASE_URL
set (e.g. postgres://postgres@127.0.0.1:5432/bascule) it creates and then drops a separate
test database next to that one, never touching the database itself.

The files are what French HR systems export: semicolon-separated Windows-1252 CSV with
French headers and dd/mm/yyyy dates, and XLSX with real dates; a manager tree in which every
manager comes after their reports. Target: 10,000 rows preview + commit under 10 s on SQLite.
"""

import argparse
import datetime as dt
import gc
import os
import random
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS = [
    "Matricule",
    "Prénom",
    "Nom",
    "Adresse e-mail",
    "Service",
    "Intitulé de poste",
    "Niveau",
    "Années d'expérience",
    "Date d'entrée",
    "Matricule du manager",
    "Site",
    "Fuseau horaire",
    "Langues",
]
DEPARTMENTS = [
    "Direction générale", "Finance", "Marketing", "Ressources humaines", "Informatique",
    "Ventes", "Opérations", "Juridique",
]  # fmt: skip
JOBS = [
    "Chargé de mission", "Contrôleur de gestion", "Chef de projet", "Développeur",
    "Responsable commercial", "Analyste", "Assistant", "Ingénieur qualité", "Acheteur",
]  # fmt: skip
SITES = [("Paris", "Europe/Paris"), ("Lyon", "Europe/Paris"), ("Montréal", "America/Toronto"),
         ("Bruxelles", "Europe/Brussels"), ("Nantes", "Europe/Paris")]  # fmt: skip
LANGUAGES = ["Français", "Français, Anglais", "français/anglais/espagnol", "Français; Deutsch"]


def setup_django(workdir: Path, keep: bool = False) -> str:
    """Configure Django on a throwaway database; return its description. With `keep` (PostgreSQL
    only), reuse bench_kept_<name> as an earlier run left it, and leave it in place at exit
    (a run without `keep` works on bench_<name>, and never drops the kept one)."""
    using_url = "DATABASE_URL" in os.environ
    if not using_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if using_url:
        # A database of its own (bench_<name>), created now and dropped at exit; not the
        # test suite's test_<name>, so both can run at once.
        prefix = "bench_kept_" if keep else "bench_"
        connection.settings_dict["TEST"]["NAME"] = prefix + connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    else:
        call_command("migrate", verbosity=0)
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def teardown_django(keep: bool = False) -> None:
    from django.db import connection

    if connection.vendor != "sqlite" and not keep:
        name = connection.settings_dict["NAME"]
        connection.creation.destroy_test_db(name, verbosity=0)


def company(size: int, seed: int = 7) -> list[list]:
    """Return `size` employees as rows, with a manager tree, every manager after their reports."""
    from faker import Faker

    fake = Faker("fr_FR")
    Faker.seed(seed)
    rng = random.Random(seed)
    people = []
    depth = [0]
    for index in range(size):
        first, last = fake.first_name(), fake.last_name()
        # Everyone's manager comes earlier in hiring order: a tree about 6 levels deep.
        if index == 0:
            manager = None
        elif index < 7:
            manager = 0
        else:
            manager = rng.randrange(index // 8, index // 3)
        if index:
            depth.append(depth[manager] + 1)
        site, zone = rng.choice(SITES)
        level = max(1, 8 - depth[index] - rng.randint(0, 1))
        people.append(
            {
                "id": f"E{index + 1:06d}",
                "first": first,
                "last": last,
                "email": f"{ascii(first)}.{ascii(last)}.{index + 1}@exemple.fr",
                "department": DEPARTMENTS[index % len(DEPARTMENTS)],
                "job": rng.choice(JOBS),
                "level": level,
                "experience": rng.randint(0, 40),
                "hired": dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(12_000)),
                "manager": None if manager is None else f"E{manager + 1:06d}",
                "site": site,
                "zone": zone,
                "languages": rng.choice(LANGUAGES),
            }
        )
    # Reports before managers: the reverse of hiring order.
    return list(reversed(people))


def ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def csv_file(people: list[dict]) -> bytes:
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for p in people:
        writer.writerow(
            [p["id"], p["first"], p["last"], p["email"], p["department"], p["job"], p["level"],
             p["experience"], p["hired"].strftime("%d/%m/%Y"), p["manager"] or "", p["site"],
             p["zone"], p["languages"]]
        )  # fmt: skip
    return buffer.getvalue().encode("cp1252", errors="replace")


def xlsx_file(people: list[dict]) -> bytes:
    import io

    import openpyxl

    # A regular workbook, like Excel's, declares its dimension (A1:M10001) at the top of the
    # sheet; openpyxl's write-only mode does not, which makes every reader scan it twice.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Salariés"
    sheet.append(HEADERS)
    for p in people:
        sheet.append(
            [p["id"], p["first"], p["last"], p["email"],
             p["department"], p["job"], p["level"], p["experience"],
             dt.datetime.combine(p["hired"], dt.time()), p["manager"], p["site"], p["zone"],
             p["languages"]]
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class Result:
    rows: int
    format: str
    size_kib: int
    preview_s: float
    commit_s: float
    reimport_s: float
    update_s: float
    queries_preview: int
    queries_commit: int
    peak_mib: float
    counts: dict


def reset_directory() -> None:
    from bascule.core.models import AuditEntry
    from bascule.people.models import Department, Employee, EmployeeImport

    Employee.objects.update(manager=None)
    Employee.objects.all()._raw_delete(Employee.objects.db)
    Department.objects.all().delete()
    EmployeeImport.objects.all().delete()
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)


def preview_and_commit(content: bytes, filename: str) -> tuple[float, float, int, int, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bascule.people import services

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as preview_queries:
        employee_import = services.employee_import_create(
            actor=None, filename=filename, content=content
        )
    preview_s = time.perf_counter() - started
    if employee_import.errors:
        raise SystemExit(f"{filename}: unexpected errors {employee_import.errors[:3]}")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as commit_queries:
        employee_import = services.employee_import_commit(
            employee_import=employee_import, actor=None
        )
    commit_s = time.perf_counter() - started
    return (
        preview_s,
        commit_s,
        len(preview_queries),
        len(commit_queries),
        employee_import.counts,
    )


def measure(rows: int, fmt: str) -> Result:
    people = company(rows)
    content = csv_file(people) if fmt == "csv" else xlsx_file(people)
    filename = f"salaries-{rows}.{fmt}"

    reset_directory()
    gc.collect()
    preview_s, commit_s, q_preview, q_commit, counts = preview_and_commit(content, filename)
    assert counts["new"] == rows, counts
    started = time.perf_counter()
    _p, _c, _qp, _qc, again = preview_and_commit(content, filename)
    reimport_s = time.perf_counter() - started
    assert again["unchanged"] == rows, again

    # Everyone promoted: every row changes, the worst case for updates.
    promoted = [{**p, "job": p["job"] + " senior", "level": min(8, p["level"] + 1)} for p in people]
    changed = csv_file(promoted) if fmt == "csv" else xlsx_file(promoted)
    started = time.perf_counter()
    _p, _c, _qp, _qc, updated = preview_and_commit(changed, filename)
    update_s = time.perf_counter() - started
    assert updated["updated"] == rows, updated

    # Memory is measured on a separate run: tracemalloc slows everything down.
    reset_directory()
    gc.collect()
    tracemalloc.start()
    preview_and_commit(content, filename)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Result(
        rows=rows,
        format=fmt,
        size_kib=len(content) // 1024,
        preview_s=preview_s,
        commit_s=commit_s,
        reimport_s=reimport_s,
        update_s=update_s,
        queries_preview=q_preview,
        queries_commit=q_commit,
        peak_mib=peak / (1024 * 1024),
        counts=counts,
    )


def print_table(results: list[Result], database: str) -> None:
    print(f"\nHR file import benchmark on {database}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    header = (
        f"{'rows':>7} {'format':<6} {'KiB':>6} {'preview s':>10} {'commit s':>9} "
        f"{'total s':>8} {'reimport s':>11} {'update s':>9} {'q preview':>10} "
        f"{'q commit':>9} {'peak MiB':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.rows:>7,} {r.format:<6} {r.size_kib:>6,} {r.preview_s:>10.2f} {r.commit_s:>9.2f} "
            f"{r.preview_s + r.commit_s:>8.2f} {r.reimport_s:>11.2f} {r.update_s:>9.2f} "
            f"{r.queries_preview:>10} "
            f"{r.queries_commit:>9} {r.peak_mib:>9.1f}"
        )
    print(
        "\npreview = read + check + compare with the directory + store the import; "
        "commit = validate again + write;\nreimport = preview + commit of the same file again "
        "(everything unchanged);\nupdate = preview + commit of a file where every employee "
        "changed (job title and level); peak = tracemalloc peak of preview + commit."
    )
    prefix = "" if "sqlite" in database else f"DATABASE_URL={os.environ['DATABASE_URL']} "
    print(f"Rerun: {prefix}.venv/bin/python bench/import_employees.py"
          + ("  (set DATABASE_URL for PostgreSQL)" if not prefix else ""))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bascule-bench-") as workdir:
        database = setup_django(Path(workdir))
        try:
            results = [measure(rows, fmt) for rows in args.sizes for fmt in args.formats]
        finally:
            teardown_django()
        print_table(results, database)


if __name__ == "__main__":
    main()
