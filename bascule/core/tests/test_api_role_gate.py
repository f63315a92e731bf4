"""The API has one role gate and one way to name the caller (docs/architecture.md, Access
control): `@require(predicate)` from bascule/core/permissions.py, directly under the router's
decorator, and `request.user`. These checks read the API modules' sources, so a new module
or operation is held to the same rules without being listed here."""

import ast
import inspect
from pathlib import Path

import pytest
from django.urls import reverse

from bascule.accounts import services as account_services
from config.api import api

ROOT = Path(__file__).resolve().parents[3]

# Operations without authentication read nobody: the calendar feed's token is its key.
PUBLIC_OPERATIONS = {("bascule.meetings.api", "meeting_feed")}
# The role attributes a predicate reads; an API module that reads one decides a role itself.
ROLE_ATTRIBUTES = {"is_hr_admin", "is_program_manager", "is_participant", "can_manage_people"}
PREDICATE_PREFIXES = ("user_can_", "user_is_", "user_has_")


def api_modules() -> dict[str, Path]:
    """Every module holding API operations: `<app>/api.py`, `<app>/<feature>/api.py` and
    `<app>/<part>_api.py` (an app with two routers, e.g. insights' measures_api.py)."""
    paths = [
        *ROOT.glob("bascule/*/api.py"),
        *ROOT.glob("bascule/*/*/api.py"),
        *ROOT.glob("bascule/*/*_api.py"),
    ]
    return {
        ".".join(path.relative_to(ROOT).with_suffix("").parts): path
        for path in sorted(paths)
        if path.parent.name != "tests"
    }


def operations() -> list:
    reverse("api:openapi-json")  # mounts the routers
    return [
        operation
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]


def source_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def reads_request_auth(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == "auth":
        return isinstance(node.value, ast.Name) and node.value.id == "request"
    if isinstance(node, ast.Call) and name_of(node.func) in {"getattr", "hasattr"}:
        name = node.args[1] if len(node.args) >= 2 else None
        return isinstance(name, ast.Constant) and name.value == "auth"
    return False


def name_of(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def is_router_decorator(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "router"
    )


def on_the_caller(call: ast.Call) -> bool:
    """`user_can_…(request.user)`: a predicate called by hand instead of given to require."""
    return name_of(call.func).startswith(PREDICATE_PREFIXES) and any(
        isinstance(arg, ast.Attribute) and arg.attr == "user" for arg in call.args
    )


def role_checks_in(tree: ast.Module) -> list[str]:
    """What in a module decides a role by itself instead of `require`."""
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Name | ast.Attribute) and name_of(node) == "PermissionDenied":
            found.append(f"line {line}: PermissionDenied (use @require, or an access_* selector)")
        elif isinstance(node, ast.alias) and node.name == "PermissionDenied":
            found.append("imports PermissionDenied")
        elif isinstance(node, ast.ClassDef):
            methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
            bases = {name_of(base) for base in node.bases}
            if "authenticate" in methods or any("Auth" in b or "APIKey" in b for b in bases):
                found.append(f"line {line}: class {node.name} authenticates")
        elif isinstance(node, ast.keyword) and node.arg == "auth":
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                found.append(f"line {line}: auth=… on an operation (only auth=None, public)")
        elif isinstance(node, ast.FunctionDef) and node.name.lstrip("_").startswith(
            PREDICATE_PREFIXES + ("require", "check_", "is_", "manages")
        ):
            found.append(f"line {line}: defines {node.name}() (predicates: core/permissions.py)")
        elif isinstance(node, ast.Attribute) and node.attr in ROLE_ATTRIBUTES:
            found.append(f"line {line}: reads .{node.attr} (a predicate's work)")
        elif isinstance(node, ast.Call) and on_the_caller(node):
            found.append(f"line {line}: calls {name_of(node.func)}() on the caller")
    return found


def test_it_scans_every_module_holding_operations():
    mounted = {inspect.unwrap(operation.view_func).__module__ for operation in operations()}
    assert mounted == set(api_modules())


@pytest.mark.parametrize("module", sorted(api_modules()))
def test_no_api_module_checks_a_role_itself(module):
    found = role_checks_in(source_of(api_modules()[module]))
    assert not found, f"{module}: " + "; ".join(found)


@pytest.mark.parametrize("module", sorted(api_modules()))
def test_require_sits_directly_under_the_router_decorator(module):
    """Under the router's decorator, `require` hands its predicate to authentication (403
    before the body is read) and wraps idempotency's guard, which must see ninja's own run."""
    misplaced = []
    for node in ast.walk(source_of(api_modules()[module])):
        if not isinstance(node, ast.FunctionDef):
            continue
        names = [name_of(d.func) if isinstance(d, ast.Call) else "" for d in node.decorator_list]
        if "require" in names:
            index = names.index("require")
            if index == 0 or not is_router_decorator(node.decorator_list[index - 1]):
                misplaced.append(node.name)
    assert not misplaced, f"{module}: @require not right under @router.…: {misplaced}"


def test_every_operation_reads_the_caller_from_request_user():
    paths = [
        *api_modules().values(),
        ROOT / "config" / "api.py",
        ROOT / "bascule" / "accounts" / "auth.py",
        ROOT / "bascule" / "core" / "idempotency.py",
    ]
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in paths
        for node in ast.walk(source_of(path))
        if reads_request_auth(node)
    ]
    assert not found, f"read request.user, not request.auth: {found}"
    for operation in operations():
        handler = inspect.unwrap(operation.view_func)
        if (handler.__module__, handler.__name__) in PUBLIC_OPERATIONS:
            continue
        assert "request.auth" not in inspect.getsource(handler), handler.__qualname__


# --- The gate's order: 401, then 403, then the input ----------------------------------------


def bearer(user) -> dict[str, str]:
    _token, value = account_services.api_token_create(actor=user, user=user, name="gate")
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/programs/", "/api/skills/", "/api/people/imports/"],
    ids=["auth-class-before", "helper-before", "helper-before-upload"],
)
def test_a_role_that_may_never_call_gets_403_whatever_it_sends(client, company, url):
    body = "{not json"
    assert client.post(url, body, content_type="application/json").status_code == 401
    response = client.post(url, body, content_type="application/json", **bearer(company.sophie))
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this."}
    client.force_login(company.paul)
    assert client.post(url, body, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_an_allowed_role_reaches_the_input_check(client, company):
    response = client.post(
        "/api/programs/", {"name": 3}, content_type="application/json", **bearer(company.alice)
    )
    assert response.status_code == 422


@pytest.mark.django_db
def test_the_token_s_owner_is_request_user_even_with_another_session(client, company):
    client.force_login(company.alice)
    response = client.get("/api/accounts/me", **bearer(company.sophie))
    assert response.status_code == 200
    assert response.json()["email"] == company.sophie.email
