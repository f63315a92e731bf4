"""Every audit action recorded anywhere in the code reads in words, in French and in English.

The codes are found in the sources: every `audit_record(…, action=…)` call, its action given
as text, as one of two texts (`"a" if x else "b"`), as a module's table of texts
(`ACTIONS[decision]`), or as a parameter whose callers in the same module pass texts. A call
written any other way fails `test_it_reads_every_action_code_in_the_sources`: write the code
so it can be read, and describe it in the app's audit_actions.py.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.utils import translation

from bascule.core import audit_registry
from bascule.core.audit_registry import Parts

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "bascule", ROOT / "config"]


def _source_files() -> list[Path]:
    return [
        path
        for folder in SOURCES
        for path in sorted(folder.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _is_audit_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name == "audit_record"


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


class _Module:
    """One parsed source file, with what resolving an action expression needs."""

    def __init__(self, path: Path):
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.tables = {
            target.id: node.value
            for node in self.tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
            for target in node.targets
            if isinstance(target, ast.Name)
        }

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def resolve(self, expr: ast.expr | None, at: ast.AST, depth: int = 0) -> set[str] | None:
        """Return the codes `expr` may hold, or None when they cannot be known from here."""
        if depth > 5 or expr is None:
            return None
        if isinstance(expr, ast.Constant):
            return {expr.value} if isinstance(expr.value, str) else set()
        if isinstance(expr, ast.IfExp):
            body, orelse = self.resolve(expr.body, at, depth + 1), self.resolve(expr.orelse, at)
            return None if body is None or orelse is None else body | orelse
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            table = self.tables.get(expr.value.id)
            if table is None:
                return None
            found = [self.resolve(value, at, depth + 1) for value in table.values]
            return None if None in found else set().union(*found)
        if isinstance(expr, ast.Name):
            function = self.function_of(at)
            params = (
                [a.arg for a in function.args.args + function.args.kwonlyargs] if function else []
            )
            if expr.id not in params:
                return None
            calls = [
                node
                for node in ast.walk(self.tree)
                if isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == function.name
            ]
            found = [self.resolve(_keyword(call, expr.id), call, depth + 1) for call in calls]
            if not calls or None in found:
                return None
            return set().union(*found)
        return None


def recorded_codes() -> tuple[dict[str, list[str]], list[str]]:
    """Return {action code: where it is recorded} and the calls whose code cannot be read."""
    codes: dict[str, list[str]] = defaultdict(list)
    unreadable: list[str] = []
    for path in _source_files():
        module = _Module(path)
        for node in ast.walk(module.tree):
            if not _is_audit_call(node) or isinstance(module.parents.get(node), ast.FunctionDef):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found = module.resolve(_keyword(node, "action"), node)
            if found is None:
                unreadable.append(where)
                continue
            for code in found:
                codes[code].append(where)
    return dict(codes), unreadable


CODES, UNREADABLE = recorded_codes()


def test_it_reads_every_action_code_in_the_sources():
    assert not UNREADABLE, (
        "audit_record calls whose action code cannot be read from the source (write it as "
        f"text, or as a module-level table of texts): {UNREADABLE}"
    )
    # The scan sees the codes given in every supported way.
    assert {
        "matching.publish",  # a text
        "journey.checkin_given",  # one of two texts
        "application.declined",  # a module's table of texts
        "people.import_mapped",  # a parameter whose caller passes the text
        "admin.add",  # the administration site
        "demo.seeded",  # a management command
    } <= CODES.keys()
    assert len(CODES) >= 80


def test_every_recorded_action_code_has_a_description():
    missing = {code: where for code, where in CODES.items() if code not in audit_registry._ACTIONS}
    assert not missing, (
        "audit actions recorded without a description (add them to the app's "
        f"audit_actions.py): {missing}"
    )


class SampleParts(Parts):
    """Parts where every word is present, to write any sentence."""

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


PLACEHOLDER = re.compile(r"%\(\w+\)s|%s")


def _written(code: str, language: str) -> tuple[str, str]:
    description = audit_registry.action_description(code)
    with translation.override(language):
        sentence = description.sentence
        if callable(sentence) and not isinstance(sentence, audit_registry.Promise):
            text = sentence(SampleParts(raw={}))
        else:
            text = str(sentence) % SampleParts(raw={})
        return str(description.label), text


@pytest.mark.parametrize("code", sorted(audit_registry.described_codes() | CODES.keys()))
def test_each_action_reads_in_french_and_in_english(code):
    english_label, english = _written(code, "en")
    french_label, french = _written(code, "fr")
    for text in (english_label, english, french_label, french):
        assert code not in text
        assert not PLACEHOLDER.search(text), text
    # Translated: the French differs from the English (the catalog has the words).
    assert french != english, f"{code}: the sentence is not translated: {english!r}"
    assert french_label != english_label, f"{code}: the label is not translated"
    # Every word the English sentence uses is used in French too.
    assert set(re.findall(r"<\w+>", english)) == set(re.findall(r"<\w+>", french))
