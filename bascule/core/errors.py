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
