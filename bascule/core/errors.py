"""Domain errors: raised by services, mapped to HTTP once (config/api.py, the views)."""


class DomainError(Exception):
    """A request that cannot be carried out; `message` is translated and shown to the user.

    `details` are plain values a program may need (e.g. a count to confirm); the API adds
    them to the error's JSON.
    """

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid", details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details or {}


class ConflictError(DomainError):
    """The object changed meanwhile or the work was already done (e.g. an import run twice)."""

    status_code = 409


class ValidationFailed(DomainError):
    """Values that cannot be saved: `errors` maps each field to its translated messages.

    The API answers 422 with the messages per field (config/api.py); pages copy them onto
    their form (bascule.core.forms.add_errors). `message` defaults to every message joined.
    """

    status_code = 422

    def __init__(self, errors: dict[str, list[str]], message: str | None = None):
        if message is None:
            message = " ".join(text for texts in errors.values() for text in texts)
        super().__init__(message, code="invalid")
        self.errors = errors
