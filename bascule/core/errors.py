"""Domain errors: raised by services, mapped to HTTP once (config/api.py, the views)."""


class DomainError(Exception):
    """A request that cannot be carried out; `message` is translated and shown to the user."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class ConflictError(DomainError):
    """The object changed meanwhile or the work was already done (e.g. an import run twice)."""

    status_code = 409
