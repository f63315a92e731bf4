"""The API reference page, /api/docs: the OpenAPI schema as a page of the site.

Built from the same schema as /api/openapi.json, server-rendered in the site's layout and
language: every operation with its method, path, parameters, request body and answers, and
every data schema with its fields. No script is needed to read it.
"""

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# One section per domain, in the order of the site's menus, with what it is about.
DOMAINS = [
    ("accounts", _("Accounts"), _("The account the request is authenticated as.")),
    ("people", _("People"), _("The employee directory and its departments.")),
    ("imports", _("HR file import"), _("Upload the HR system's export, preview it, apply it.")),
    ("skills", _("Skills"), _("The skills taxonomy: list, create, rename, merge, retire.")),
    ("programs", _("Programs"), _("Programs, their settings and their lifecycle.")),
    ("enrollment", _("Enrollment"), _("Invitations and applications to programs.")),
    ("matching", _("Matching"), _("Matching settings, runs, proposals, publication, pairs.")),
    ("journey", _("Pairs"), _("A pair's space: kickoff, goals, notes and check-ins.")),
    ("pair health", _("Pair health"), _("HR's view of how pairs are doing, and its actions.")),
    ("meetings", _("Meetings"), _("A pair's meetings and the private calendar feed.")),
    ("evaluations", _("Evaluations"), _("Surveys, answers and results.")),
    ("reminders", _("Reminders"), _("Reminder e-mails: each person's choices, programs' rules.")),
]
WRITES = {"post", "put", "patch", "delete"}


@dataclass
class Property:
    name: str
    type: str
    required: bool
    description: str
    schema_link: str = ""


@dataclass
class DataSchema:
    name: str
    anchor: str
    description: str
    properties: list[Property]


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    authenticated: bool
    parameters: list[dict[str, Any]] = field(default_factory=list)
    body_type: str = ""
    body_schema: DataSchema | None = None
    responses: list[dict[str, str]] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        return self.method in WRITES


@dataclass
class Domain:
    tag: str
    label: str
    description: str
    anchor: str
    operations: list[Operation]


def _anchor(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")


def _prose(text: str) -> str:
    """Return a docstring's text with its hard line breaks joined (blank lines kept)."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text.strip())


def _ref_name(schema: dict[str, Any]) -> str:
    return schema["$ref"].rsplit("/", 1)[1] if "$ref" in schema else ""


def describe_type(schema: dict[str, Any]) -> str:
    """Return a short English description of a JSON schema's type, e.g. "array of integer"."""
    if "$ref" in schema:
        return _ref_name(schema)
    if "anyOf" in schema:
        kinds = [describe_type(option) for option in schema["anyOf"]]
        nullable = "null" in kinds
        kinds = [kind for kind in kinds if kind != "null"]
        text = " or ".join(kinds) or "any"
        return f"{text} or null" if nullable else text
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "array of " + describe_type(schema.get("items", {}))
    if kind == "object" and "additionalProperties" in schema:
        values = schema["additionalProperties"]
        return "object of " + (describe_type(values) if isinstance(values, dict) else "any")
    text = kind
    if "format" in schema:
        text += f" ({schema['format']})"
    bounds = []
    for key, sign in (
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("exclusiveMinimum", ">"),
        ("exclusiveMaximum", "<"),
    ):
        if key in schema:
            bounds.append(f"{sign} {schema[key]}")
    if "maxLength" in schema:
        bounds.append(f"at most {schema['maxLength']} characters")
    if bounds:
        text += ", " + ", ".join(bounds)
    return text


def _first_ref(schema: dict[str, Any]) -> str:
    """Return the name of the data schema `schema` points to, directly or in a list/union."""
    if "$ref" in schema:
        return _ref_name(schema)
    for option in schema.get("anyOf", []):
        if found := _first_ref(option):
            return found
    if "items" in schema:
        return _first_ref(schema["items"])
    return ""


def _data_schema(name: str, schema: dict[str, Any]) -> DataSchema:
    required = set(schema.get("required", []))
    properties = [
        Property(
            name=prop_name,
            type=describe_type(prop),
            required=prop_name in required,
            description=prop.get("description", ""),
            schema_link=_anchor("schema", ref) if (ref := _first_ref(prop)) else "",
        )
        for prop_name, prop in schema.get("properties", {}).items()
    ]
    return DataSchema(
        name=name,
        anchor=_anchor("schema", name),
        description=schema.get("description", ""),
        properties=properties,
    )


@functools.cache
def reference() -> tuple[list[Domain], list[DataSchema]]:
    """Return the API's operations by domain, and its data schemas (built once)."""
    from config.api import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    by_tag: dict[str, list[Operation]] = {}
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            operation = Operation(
                method=method,
                path=path,
                anchor=_anchor(method, path),
                summary=spec.get("summary", ""),
                description=_prose(spec.get("description", "")),
                authenticated=bool(spec.get("security")),
            )
            for parameter in spec.get("parameters", []):
                param_schema = parameter.get("schema", {})
                operation.parameters.append(
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "type": describe_type(param_schema),
                        "required": parameter.get("required", False),
                        "description": parameter.get(
                            "description", param_schema.get("description", "")
                        ),
                    }
                )
            body = spec.get("requestBody", {}).get("content", {})
            for content_type, content in body.items():
                operation.body_type = content_type
                body_schema = content.get("schema", {})
                name = _ref_name(body_schema)
                resolved = components.get(name, body_schema)
                operation.body_schema = _data_schema(name or content_type, resolved)
            for code, answer in sorted(spec.get("responses", {}).items(), key=lambda c: str(c[0])):
                answer_schema = next(iter(answer.get("content", {}).values()), {}).get("schema", {})
                ref = _first_ref(answer_schema)
                operation.responses.append(
                    {
                        "code": str(code),
                        "description": answer.get("description", ""),
                        "type": describe_type(answer_schema) if answer_schema else "",
                        "link": _anchor("schema", ref) if ref else "",
                    }
                )
            for tag in spec.get("tags", ["other"])[:1]:
                by_tag.setdefault(tag, []).append(operation)
    domains = []
    for tag, label, description in DOMAINS:
        if tag in by_tag:
            domains.append(Domain(tag, label, description, _anchor("domain", tag), by_tag.pop(tag)))
    for tag, operations in sorted(by_tag.items()):
        domains.append(Domain(tag, tag.capitalize(), "", _anchor("domain", tag), operations))
    data_schemas = [_data_schema(name, spec) for name, spec in sorted(components.items())]
    return domains, data_schemas


def api_docs(request: HttpRequest) -> HttpResponse:
    """Return the API reference page."""
    domains, data_schemas = reference()
    return render(
        request,
        "core/api_docs.html",
        {
            "domains": domains,
            "data_schemas": data_schemas,
            "operations_count": sum(len(domain.operations) for domain in domains),
        },
    )
