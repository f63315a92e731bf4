"""The one JSON API: authentication, error mapping, and a router per app."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from bascule.accounts.auth import BearerTokenAuth, SessionAuth
from bascule.core import idempotency
from bascule.core.api_errors import ErrorOut, ValidationErrorOut, field_errors
from bascule.core.api_input import InputParser, RefusedInput
from bascule.core.errors import DomainError, ValidationFailed

# The answers any operation may give besides its own, each in the usual error shape.
ERROR_RESPONSES = {
    400: "Bad request: a business rule refused it, or the body cannot be read",
    401: "Authentication required",
    403: "Forbidden: this role may never do it, or the session's CSRF token is missing",
    404: "Not found, or outside what the caller may see",
    409: "Conflict: the object changed meanwhile, or the work was already done",
    422: "Invalid input: the messages by field",
}
WRITES = {"post", "put", "patch", "delete"}


class BasculeAPI(NinjaAPI):
    """The NinjaAPI whose schema declares, on every operation, the error answers it may give
    (so that clients and schemathesis expect them)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for out in (ErrorOut, ValidationErrorOut):
            components.setdefault(out.__name__, out.model_json_schema())
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                codes = [400, 404, 422]
                if operation.get("security"):
                    codes += [401, 403]
                if method in WRITES:
                    codes.append(409)
                for code in codes:
                    if code in responses or str(code) in responses:
                        continue
                    name = "ValidationErrorOut" if code == 422 else "ErrorOut"
                    responses[code] = {
                        "description": ERROR_RESPONSES[code],
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    }
        return schema


api = BasculeAPI(
    title="Bascule API",
    version="1.0",
    description="Reverse mentoring programs: people, programs, pairs. "
    "Authenticate with your browser session or a personal token (Authorization: Bearer …).",
    # The token first: a request carrying one needs no CSRF token (see accounts/auth.py).
    auth=[BearerTokenAuth(), SessionAuth()],
    # The reference page is bascule.core.api_docs; the schema stays at /api/openapi.json.
    docs_url=None,
    docs_decorator=login_required,
    urls_namespace="api",
    # Refuses NUL characters, lone surrogates, out-of-range integers and non-object bodies.
    parser=InputParser(),
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": _("You do not have permission to do this.")}, status=403
    )


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


def invalid_input(request, problems: list[dict], *, named_body: bool = True):
    """Input the API cannot read (wrong types, missing fields, refused characters): 422 with
    the messages by field, and `detail` the list of problems as older clients read it."""
    body = {
        "message": _("Some values are not valid."),
        "code": "invalid",
        "errors": field_errors(problems, named_body=named_body),
        "detail": problems,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return invalid_input(request, exc.errors)


@api.exception_handler(RefusedInput)
def refused_input(request, exc: RefusedInput):
    return invalid_input(request, [exc.as_error()], named_body=False)


@api.exception_handler(ValidationFailed)
def validation_failed(request, exc: ValidationFailed):
    body = {"message": exc.message, "detail": exc.message, "code": exc.code, "errors": exc.errors}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # django-ninja wraps what the body parser raised in a 400 "Cannot parse request body".
    cause = exc.__cause__
    if isinstance(cause, RefusedInput):
        return refused_input(request, cause)
    if cause is not None:
        detail = _("The request body is not valid JSON.")
        return api.create_response(request, {"detail": detail}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(TooManyFieldsSent)
def unreadable_body(request, exc):
    detail = _("The request body cannot be read: check its Content-Type header.")
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request, exc):
    return api.create_response(request, {"detail": _("The request body is too large.")}, status=413)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, {**exc.details, "detail": exc.message, "code": exc.code}, status=exc.status_code
    )


@api.exception_handler(idempotency.AlreadySubmitted)
def already_submitted(request, exc: idempotency.AlreadySubmitted):
    # A retry with the same Idempotency-Key: the first response again.
    return idempotency.replay_response(request, exc, api)


api.add_router("/accounts/", "bascule.accounts.api.router")
api.add_router("/people/", "bascule.people.api.router")
# Its own router here, not inside people's: nested, its operations had both routers' tags and
# were listed twice in the docs.
api.add_router("/people/imports/", "bascule.people.imports.api.router")
api.add_router("/skills/", "bascule.skills.api.router")
api.add_router("/programs/", "bascule.programs.api.router")
api.add_router("/enrollment/", "bascule.programs.enrollment.api.router")
api.add_router("/matching/", "bascule.pairing.api.router")
api.add_router("/pairs/", "bascule.journey.api.router")
api.add_router("/pairs/", "bascule.journey.checkins.api.router")
api.add_router("/pairs/", "bascule.journey.health.api.router")
api.add_router("/meetings/", "bascule.meetings.api.router")
api.add_router("/evaluations/", "bascule.evaluations.api.router")
api.add_router("/workshops/", "bascule.workshops.api.router")
api.add_router("/recognition/", "bascule.recognition.api.router")
api.add_router("/training/manage/", "bascule.training.requirements.api.router")
api.add_router("/training/authoring/", "bascule.training.authoring.api.router")
api.add_router("/reminders/", "bascule.reminders.api.router")
api.add_router("/training/", "bascule.training.api.router")
api.add_router("/certificates/", "bascule.certificates.api.router")
api.add_router("/verify/", "bascule.certificates.api.verify_router")
api.add_router("/credentials/", "bascule.credentials.api.router")
api.add_router("/notifications/", "bascule.notifications.api.router")
api.add_router("/privacy/", "bascule.privacy.api.router")
api.add_router("/insights/", "bascule.insights.api.router")
api.add_router("/insights/", "bascule.insights.measures_api.router")
