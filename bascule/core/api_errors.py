"""The API's error answers, declared once: every router's `response=` uses `ERRORS`.

Every error answers `ErrorOut` (`detail`, `code`, and any extras a DomainError carries)
except invalid input, which answers 422 `ValidationErrorOut`: `message`, `errors` by field,
`code` "invalid", and `detail` kept for older clients (config/api.py builds both).
"""

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class ErrorOut(Schema):
    """A refused request: what went wrong, in words and as a stable code."""

    # A DomainError's details (e.g. a count to confirm) are added beside `detail`.
    model_config = ConfigDict(extra="allow")

    detail: str = Field(description="What went wrong, in the caller's language")
    code: str | None = Field(
        None, description="A stable code, e.g. invalid, stale_version, frozen, not_found"
    )


class ValidationErrorOut(Schema):
    """Invalid input: every problem, by field (the same shape for every API)."""

    message: str = Field(description="What went wrong, in the caller's language")
    code: str = Field("invalid", description="Always invalid")
    errors: dict[str, list[str]] = Field(
        description="Messages by field, in the caller's language (`__all__`: the whole input)"
    )
    detail: str | list[dict[str, Any]] = Field(
        description="Kept for older clients: the message, or for input the API cannot read "
        "at all (wrong types, missing fields), the list of problems with their location"
    )


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}

# The first item of a location names where the value was sent, not a field.
_SOURCES = {"body", "query", "path", "form", "header", "cookie", "file"}


def field_errors(
    problems: list[dict[str, Any]], *, named_body: bool = True
) -> dict[str, list[str]]:
    """Return pydantic-style `problems` ({"loc", "msg"}) as messages by field name
    ("milestones.0.title" for a nested one, "__all__" for the whole input).

    django-ninja names the operation's body parameter after the source (["body", "payload",
    "title"]); `named_body=False` for locations that do not (the input parser's refusals).
    """
    errors: dict[str, list[str]] = {}
    for problem in problems:
        loc = [str(part) for part in problem.get("loc", ())]
        source = loc.pop(0) if loc and loc[0] in _SOURCES else ""
        if named_body and source in {"body", "form"} and loc:
            loc = loc[1:]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(problem.get("msg", "")))
    return errors
