"""Form errors on pages exist once: `bascule.core.forms.add_errors` copies a service's refusal
onto a form, `{% error_summary %}` (templates/components/error_summary.html) shows it. No
template draws its own summary and no view module builds or copies errors its own way."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPONENT = "components/error_summary.html"

# The component's own markup and wording: nowhere else.
SUMMARY_MARKUP = re.compile(
    r"error-summary-(?:title|list)\b"
    r"|class=\"(?:[^\"]*\s)?error-summary(?:\s[^\"]*)?\""
    r"|data-error-summary"
    r"|There is a problem"
    r"|\bnon_field_errors\b"
)
# Helpers that build a summary or copy a refusal onto a form belong to bascule/core.
OWN_HELPER = re.compile(r"error_summary|attach_errors?|copy_errors?|errors?_to_form")


# The skills feature is being moved into its own app; its views still copy refusals by hand.
# Remove an entry once the file uses add_errors (a test below fails until then).
def template_writers(templates: Path) -> list[str]:
    """Return the templates, other than the component, that draw an error summary."""
    return sorted(
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if str(path.relative_to(templates)) != COMPONENT and SUMMARY_MARKUP.search(path.read_text())
    )


def own_ways(source: str) -> list[str]:
    """Return what `source` does its own way: a function building a summary or copying
    errors, or a refusal's message copied onto a form by hand (form.add_error(…, exc.message))."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and OWN_HELPER.search(
            node.name
        ):
            found.append(f"line {node.lineno}: def {node.name}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_error"
            and len(node.args) == 2
            and isinstance(node.args[1], ast.Attribute)
            and node.args[1].attr == "message"
        ):
            found.append(f"line {node.lineno}: add_error(…, {ast.unparse(node.args[1])})")
    return found


def python_modules() -> dict[str, str]:
    """Return the source of every module of the apps, outside bascule/core and the tests."""
    modules = {}
    for path in sorted((ROOT / "bascule").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[1] == "core" or "tests" in relative.parts:
            continue
        modules[str(relative)] = path.read_text()
    return modules


def test_only_the_component_draws_an_error_summary():
    assert template_writers(ROOT / "templates") == []


def test_no_module_builds_a_summary_or_copies_errors_its_own_way():
    offenders = {
        name: found for name, source in python_modules().items() if (found := own_ways(source))
    }
    assert offenders == {}


def test_the_scans_recognise_what_they_look_for(tmp_path):
    (tmp_path / "components").mkdir()
    (tmp_path / COMPONENT).write_text('<div class="error-summary">There is a problem</div>')
    (tmp_path / "page.html").write_text('<div class="alert error-summary">…</div>')
    (tmp_path / "other.html").write_text("{% for e in form.non_field_errors %}{{ e }}{% endfor %}")
    (tmp_path / "fine.html").write_text('<div id="error-summary-slot"></div>{% error_summary f %}')
    assert template_writers(tmp_path) == ["other.html", "page.html"]
    source = (
        "def _error_summary(form):\n    pass\n"
        "def view(form, exc):\n    form.add_error(None, exc.message)\n"
        "def fine(form, exc):\n    add_errors(form, exc)\n"
    )
    assert own_ways(source) == [
        "line 1: def _error_summary",
        "line 4: add_error(…, exc.message)",
    ]
