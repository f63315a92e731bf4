"""No file of the project keeps a merge's conflict markers (a catalog once did: gettext tools
then refuse it, and a reader sees two versions of a line)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FOLDERS = (
    "bascule",
    "bascule_matching",
    "config",
    "templates",
    "static",
    "locale",
    "docs",
    "tests",
    "bench",
    "scripts",
)
SUFFIXES = {".py", ".html", ".txt", ".md", ".po", ".css", ".js", ".toml", ".json", ".yml"}
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)


def leftovers(paths, root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in MARKER.finditer(text):
            found.append(f"{path.relative_to(root)}:{text.count(chr(10), 0, match.start()) + 1}")
    return found


def project_files():
    files = [ROOT / name for name in ("README.md", "Makefile", "pyproject.toml", "conftest.py")]
    for folder in FOLDERS:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in SUFFIXES and p.is_file()]
    return [path for path in files if path.exists()]


def test_no_file_keeps_conflict_markers():
    assert leftovers(project_files()) == []


def test_the_scan_sees_a_leftover(tmp_path):
    sample = tmp_path / "django.po"
    sample.write_text('msgid ""\n<<<<<<< HEAD\n"a"\n=======\n"b"\n>>>>>>> other\n')
    assert leftovers([sample], root=tmp_path) == ["django.po:2", "django.po:4", "django.po:6"]
