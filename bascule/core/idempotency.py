"""Double submits and retries: a create is carried out once, however many times it is sent.

One mechanism for every create (docs/architecture.md, "Double submits and retries"):

- A create page's form carries a hidden submission key made when the page is rendered
  (`{% submission_key %}`, templatetags/submission.py); its view is decorated with
  `@idempotency.form_view(url=...)`. An API create operation is decorated with
  `@idempotency.api_create()` and honours an `Idempotency-Key` header.
- Either way the request gets a `Submission` (the key and a fingerprint of what was asked),
  which the view or handler passes to the create service. The service calls `claim` first
  thing inside its transaction and `Claim.done` with what it created: the claim is a row
  unique per (user, key), so a second request with the same key waits for the first one's
  transaction and then raises `AlreadySubmitted` instead of creating anything.
- A page then redirects to what the first submission created, with a calm message; the API
  sends the first response again, marked `Idempotent-Replayed: true`. The same API key with
  another request is a 409 (`KeyReused`).
"""

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from bascule.core.errors import ConflictError
from bascule.core.models import IdempotencyKey

# The hidden field of create forms and the header of API creates.
FIELD = "submission_key"
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# How long a key is remembered; `purge_idempotency_keys` deletes older ones.
LIFETIME = dt.timedelta(hours=24)
# Visible ASCII without spaces, as a UUID or any random token is written.
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
# Never part of a form's fingerprint: it changes on every page, not with what is asked.
_NOT_ASKED = {FIELD, "csrfmiddlewaretoken"}


@dataclass(frozen=True)
class Submission:
    """One sending of a create: the key chosen for it and a fingerprint of what it asks."""

    key: str
    fingerprint: str


class AlreadySubmitted(Exception):
    """This submission was already carried out: nothing was done again.

    Not a DomainError on purpose: views show domain errors next to their form, and this one
    must reach `form_view` (or the API's handler), which lead to what was created.
    """

    status_code = 409
    code = "already_submitted"

    def __init__(self, record: IdempotencyKey):
        self.message = _("This was already sent and saved: nothing was done twice.")
        super().__init__(self.message)
        self.record = record

    @property
    def target(self) -> models.Model | None:
        return target_of(self.record)


class KeyReused(ConflictError):
    """An API client sent a key it had already used for another request."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This Idempotency-Key was already used for a different request. "
                "Use a new key for each new request."
            ),
            code="idempotency_key_reused",
        )


# --- Claims, inside the create services ---------------------------------------------------------


class Claim:
    """The right to carry out one submission; `done` records what it created."""

    def __init__(self, record: IdempotencyKey | None = None):
        self.record = record

    def done(self, target: models.Model | None) -> None:
        """Remember `target` as what this submission created (a no-op without a key, or
        without a single object to name: an import of many rows, say)."""
        if self.record is None or target is None:
            return
        self.record.object_type = target._meta.label_lower
        self.record.object_id = str(target.pk)
        self.record.save(update_fields=["object_type", "object_id"])


def claim(*, actor: Any, scope: str, submission: Submission | None) -> Claim:
    """Return the claim of `submission` by `actor` for the operation `scope`.

    Call it first inside the create service's transaction (after the row locks it takes), so
    that it is undone with the create. Raise AlreadySubmitted when the same submission was
    already carried out (a concurrent one is waited for), KeyReused when its key was used for
    another request. Without a submission or a user, return a claim that records nothing.
    """
    if submission is None or not getattr(actor, "is_authenticated", False):
        return Claim()
    record = IdempotencyKey(
        actor=actor, key=submission.key, scope=scope, fingerprint=submission.fingerprint
    )
    for _attempt in range(2):
        try:
            with transaction.atomic():
                record.save(force_insert=True)  # new row
        except IntegrityError:
            earlier = IdempotencyKey.objects.filter(actor=actor, key=submission.key).first()
            if earlier is None or _expired(earlier):
                # Forgotten meanwhile, or too old to count: the key is free again.
                IdempotencyKey.objects.filter(actor=actor, key=submission.key).delete()
                continue
            if earlier.scope != scope or earlier.fingerprint != submission.fingerprint:
                raise KeyReused() from None
            raise AlreadySubmitted(earlier) from None
        return Claim(record)
    raise ConflictError(_("Please send this again."), code="retry")


def check_earlier(*, actor: Any, submission: Submission) -> None:
    """Raise AlreadySubmitted when `actor` already sent `submission`, KeyReused when they
    sent its key with another request; do nothing for a key not seen yet.

    Checked before anything else, so that what the first sending changed (an object gone,
    a status moved on) cannot turn the second one into an error.
    """
    earlier = IdempotencyKey.objects.filter(actor=actor, key=submission.key).first()
    if earlier is None or _expired(earlier):
        return
    if earlier.fingerprint != submission.fingerprint:
        raise KeyReused()
    raise AlreadySubmitted(earlier)


def target_of(record: IdempotencyKey) -> models.Model | None:
    """Return the object `record`'s submission created, or None if it no longer exists."""
    if not record.object_type:
        return None
    model = apps.get_model(record.object_type)
    return model._default_manager.filter(pk=record.object_id).first()


def purge(*, now: dt.datetime | None = None) -> int:
    """Delete the keys older than LIFETIME; return how many were deleted."""
    limit = (now or timezone.now()) - LIFETIME
    deleted, _detail = IdempotencyKey.objects.filter(created_at__lt=limit).delete()
    return deleted


def _expired(record: IdempotencyKey) -> bool:
    return record.created_at < timezone.now() - LIFETIME


# --- Fingerprints -------------------------------------------------------------------------------


def _file_digest(upload: Any) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def request_fingerprint(request: HttpRequest) -> str:
    """Return a hash of what `request` asks: method, path, query, fields and files (or the
    JSON body, whatever the order of its keys); not the CSRF token nor the submission key."""
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        fields = sorted(
            (name, request.POST.getlist(name)) for name in request.POST if name not in _NOT_ASKED
        )
        files = sorted(
            (name, [(f.name, f.size, _file_digest(f)) for f in request.FILES.getlist(name)])
            for name in request.FILES
        )
        payload: Any = [fields, files]
    else:
        body = request.body
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            payload = hashlib.sha256(body).hexdigest()
    asked = [request.method, request.path, sorted(request.GET.lists()), payload]
    text = json.dumps(asked, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def submission(request: HttpRequest) -> Submission | None:
    """Return the submission `request` carries (set by form_view or api_create), or None."""
    return getattr(request, "bascule_submission", None)


def new_key() -> str:
    """Return a fresh submission key for a form."""
    return uuid.uuid4().hex


# --- Pages --------------------------------------------------------------------------------------


def _form_submission(request: HttpRequest) -> Submission | None:
    key = request.POST.get(FIELD, "")
    if not _KEY.fullmatch(key) or not request.user.is_authenticated:
        return None
    fingerprint = request_fingerprint(request)
    # A form's key names one page as rendered; what is typed belongs to the submission too, so
    # a form sent back with other values (back button, change, send) is a new submission.
    derived = hashlib.sha256(f"{key}:{fingerprint}".encode()).hexdigest()
    return Submission(key=f"form:{derived}", fingerprint=fingerprint)


def _replayed(request: HttpRequest, target: models.Model | None, url: Callable, kwargs) -> Any:
    messages.info(request, _("This form was sent twice: it has been saved only once."))
    return redirect(url(target, **kwargs))


def form_view(*, url: Callable[..., str]) -> Callable:
    """Decorate a create page so that its form sent twice creates one object.

    `url(target, **view_kwargs)` is where the user lands when the form was already carried
    out: the object it created (None when it has been deleted since). The view passes
    `idempotency.submission(request)` to the create service.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            sent = _form_submission(request)
            request.bascule_submission = sent
            try:
                if sent is not None:
                    check_earlier(actor=request.user, submission=sent)
                return view(request, *args, **kwargs)
            except AlreadySubmitted as exc:
                # Sent again after the first one was saved, or while it was being saved.
                return _replayed(request, exc.target, url, kwargs)

        return wrapper

    return decorate


# --- API ----------------------------------------------------------------------------------------

HEADER_DOC = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": (
        "A unique key chosen by the client for this request (a UUID, say). Sending the same "
        "request again with the same key within 24 hours creates nothing more: the first "
        "response comes back, with the header `Idempotent-Replayed: true`. The same key with "
        "a different request is refused (409 idempotency_key_reused); a key that is not 1 to "
        "255 visible characters without spaces too (400 invalid_idempotency_key)."
    ),
}


def _guard(run: Callable, *, keep_response: bool) -> Callable:
    operation = run.__self__  # the ninja Operation: its `api` is set once mounted

    @wraps(run)
    def guarded(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, **kwargs)
        if not _KEY.fullmatch(key):
            return operation.api.create_response(
                request,
                {
                    "detail": _(
                        "The Idempotency-Key header must be 1 to 255 visible characters, "
                        "without spaces (a UUID, say)."
                    ),
                    "code": "invalid_idempotency_key",
                },
                status=400,
            )
        request.bascule_submission = Submission(key=key, fingerprint=request_fingerprint(request))
        # The claim and the response it keeps are written in one transaction: a concurrent
        # retry finds both, or neither.
        with transaction.atomic():
            response = run(request, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            elif keep_response and not response.has_header(REPLAYED_HEADER):
                IdempotencyKey.objects.filter(
                    actor=request.user, key=key, response_status=None
                ).update(
                    response_status=response.status_code,
                    response_body=response.content.decode(response.charset),
                )
        return response

    return guarded


def _check_first(handler: Callable) -> Callable:
    @wraps(handler)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        sent = submission(request)
        if sent is not None:
            check_earlier(actor=request.user, submission=sent)
        return handler(request, *args, **kwargs)

    return checked


def _contribute(operation: Any) -> None:
    # The handler is wrapped once ninja has read its signature: a key already used is
    # answered before the handler looks anything up (after authentication, which needs it).
    operation.view_func = _check_first(operation.view_func)
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), HEADER_DOC]
    operation.openapi_extra = extra


def api_create(*, keep_response: bool = True) -> Callable:
    """Decorate an API create operation (under its `@router.post`) so that it honours an
    Idempotency-Key header: the handler passes `idempotency.submission(request)` to the
    service, and a retry gets the first response again.

    `keep_response=False` for a response holding a secret shown once (it is never stored):
    a retry then gets a 409 already_submitted.
    """

    def decorate(func: Callable) -> Callable:
        decorate_view(partial(_guard, keep_response=keep_response))(func)
        contribute_operation_callback(func, _contribute)
        func.idempotent = True
        return func

    return decorate


def replay_response(request: HttpRequest, exc: AlreadySubmitted, api: Any) -> HttpResponse:
    """Return the API's answer to a submission already carried out: its first response
    again, or a 409 already_submitted when that response was not kept."""
    record = exc.record
    if record.response_status is None:
        response = api.create_response(
            request, {"detail": exc.message, "code": exc.code}, status=exc.status_code
        )
    else:
        response = HttpResponse(
            record.response_body,
            status=record.response_status,
            content_type="application/json; charset=utf-8",
        )
    response[REPLAYED_HEADER] = "true"
    return response
