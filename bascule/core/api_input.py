"""What the API accepts as input, checked in one place before any schema sees it.

Every JSON body, query string and form field of every operation goes through `InputParser`
(config/api.py). It refuses, with a 422 in the usual shape, what no database column can
store or what the operations never mean:

- a NUL character (PostgreSQL cannot store it in text),
- a lone surrogate such as "\\ud800" in JSON (not a character: it cannot be encoded),
- an integer outside the 64-bit range of the databases' integer columns, or a number that
  is not finite (JSON's NaN and Infinity, or 1e400),
- a JSON body that is not an object (every operation takes an object).

Numbers with a narrower meaning (an offset, a page) are bounded by their schema, e.g.
`BoundedLimitOffsetPagination`.
"""

import json
import math
import re
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

# The largest value of the databases' 64-bit integer columns (SQLite INTEGER, bigint).
MAX_INTEGER = 2**63 - 1
# Far beyond any list of this application, and small enough that offset + limit stays
# within a 64-bit integer.
MAX_OFFSET = 2**31 - 1
_INTEGER_TEXT = re.compile(r"^\s*[+-]?\d+\s*$")


class RefusedInput(Exception):
    """An input value no operation accepts: answered 422 by config/api.py."""

    def __init__(self, *, loc: list[str | int], kind: str, message: str):
        super().__init__(message)
        self.loc = loc
        self.kind = kind
        self.message = message
        self.source = "body"

    def as_error(self) -> dict[str, Any]:
        """Return the refusal as one item of a 422 answer's `detail` list."""
        return {"type": self.kind, "loc": [self.source, *self.loc], "msg": self.message}


def _has_lone_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)


def check_text(text: str, loc: list[str | int]) -> None:
    """Refuse `text` when it holds a NUL character or a lone surrogate."""
    if "\x00" in text:
        raise RefusedInput(
            loc=loc, kind="string_nul", message=_("This text contains a NUL character.")
        )
    if _has_lone_surrogate(text):
        raise RefusedInput(
            loc=loc,
            kind="string_unicode",
            message=_("This text contains an invalid character (a lone UTF-16 surrogate)."),
        )


def check_integer(number: int, loc: list[str | int]) -> None:
    """Refuse an integer no database column can hold."""
    if not -MAX_INTEGER <= number <= MAX_INTEGER:
        raise RefusedInput(
            loc=loc,
            kind="int_too_large",
            message=_("This number is too large."),
        )


def check_value(value: Any, loc: list[str | int]) -> None:
    """Refuse `value`, or anything nested in it, that no operation accepts."""
    if isinstance(value, str):
        check_text(value, loc)
        if _INTEGER_TEXT.match(value) and len(value.strip().lstrip("+-")) > 18:
            # Query strings carry numbers as text: the same bound as in JSON.
            check_integer(int(value), loc)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        check_integer(value, loc)
    elif isinstance(value, float) and not math.isfinite(value):
        raise RefusedInput(
            loc=loc, kind="finite_number", message=_("This number is not a finite number.")
        )
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(str(key), [*loc, str(key)])
            check_value(item, [*loc, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_value(item, [*loc, index])


class InputParser(Parser):
    """django-ninja's parser, with the checks above on every value it hands over."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise RefusedInput(
                loc=[], kind="model_type", message=_("The request body must be a JSON object.")
            )
        check_value(data, [])
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        source = "query" if data is request.GET else "form"
        try:
            for key, value in result.items():
                # Uploaded files are not text: Django already made their names safe.
                if isinstance(value, str | list):
                    check_text(key, [key])
                    check_value(value, [key])
        except RefusedInput as refused:
            refused.source = source
            raise
        return result


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """django-ninja's limit/offset pagination with an upper bound on the offset."""

    class Input(LimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
