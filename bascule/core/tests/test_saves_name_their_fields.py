"""Every save of an existing row names the fields it changes.

A bare `instance.save()` writes every column from what the instance holds, so it overwrites
a change another request made meanwhile to a column this code never touched. The test reads
every .py file under bascule/ (not tests, not migrations) and fails, listing file:line, for
each call `X.save(...)` unless:

- it names its fields: `update_fields=[...]` (auto_now fields such as `updated_at` move only
  when listed there);
- it creates a row, and says so with the comment `# new row` on the line where the call
  starts (better still, use `Model.objects.create(...)`, which needs no comment);
- it saves a form: `X` is a name or attribute ending in `form` or `formset`
  (`form.save()`, `self.profile_form.save()`: Django's ModelForms);
- it is `super().save(...)`, an override handing on its caller's arguments: the caller is
  the call that is checked.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "bascule"
NEW_ROW = "# new row"


def _source_files() -> list[Path]:
    return [
        path
        for path in sorted(SOURCES.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    ]


def _receiver_name(receiver: ast.expr) -> str:
    if isinstance(receiver, ast.Name):
        return receiver.id
    if isinstance(receiver, ast.Attribute):
        return receiver.attr
    return ""


def _is_allowed(call: ast.Call, lines: list[str]) -> bool:
    if any(keyword.arg == "update_fields" for keyword in call.keywords):
        return True
    if NEW_ROW in lines[call.lineno - 1]:
        return True
    receiver = call.func.value
    if _receiver_name(receiver).lower().endswith(("form", "formset")):
        return True
    return (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Name)
        and receiver.func.id == "super"
    )


def _unnamed_saves(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "save"
        and not _is_allowed(node, lines)
    ]


def test_it_reads_the_sources():
    files = _source_files()
    assert any(path.name == "services.py" for path in files)
    assert not any("tests" in path.relative_to(ROOT).parts for path in files)


def test_every_save_names_its_fields():
    unnamed = sorted(line for path in _source_files() for line in _unnamed_saves(path))
    assert not unnamed, (
        "These saves write every column, overwriting concurrent changes to the others: pass "
        "update_fields=[...] naming the fields the code changed (with updated_at when the "
        "model has it), use Model.objects.create(...) for a new row, or mark the save of an "
        "unsaved instance with `# new row`:\n" + "\n".join(unnamed)
    )
