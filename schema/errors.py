"""One table of domain errors: code, HTTP status, default message.

Services raise :class:`DomainError`; the REST middleware answers ``{"error": message}``
with the status, and GraphQL mutations return it as a ``userError``.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorKind:
    """A kind of failure a service can report."""

    code: str
    status: int
    message: str


NOT_FOUND = ErrorKind("NOT_FOUND", 404, "Record not found")
INVALID_CREDENTIALS = ErrorKind("INVALID_CREDENTIALS", 403, "Invalid credentials.")
UNAUTHORIZED = ErrorKind("UNAUTHORIZED", 401, "Invalid credentials.")
FORBIDDEN = ErrorKind("FORBIDDEN", 403, "Forbidden")
INSUFFICIENT_SCOPE = ErrorKind("INSUFFICIENT_SCOPE", 403, "Insufficient permissions.")
NOT_ADMIN = ErrorKind(
    "NOT_ADMIN", 403, "User is not an admin or OAuth admin scope is not granted."
)
BAD_REQUEST = ErrorKind("BAD_REQUEST", 400, "Bad request")
VALIDATION = ErrorKind("VALIDATION", 422, "Validation failed")
CONFLICT = ErrorKind("CONFLICT", 409, "Conflict")
THROTTLED = ErrorKind("THROTTLED", 429, "Throttled")
UNSUPPORTED_MEDIA = ErrorKind("UNSUPPORTED_MEDIA", 415, "Unsupported media type")
TOO_LARGE = ErrorKind("TOO_LARGE", 413, "File is too large")
UNAVAILABLE = ErrorKind("UNAVAILABLE", 503, "Service unavailable")
#: The server could not read or write its own files (Pleroma answers these 500).
STORAGE_ERROR = ErrorKind("STORAGE_ERROR", 500, "Storage error")
#: Another server could not be reached or gave an unusable answer (Pleroma answers 500).
REMOTE_ERROR = ErrorKind("REMOTE_ERROR", 500, "Remote server error")
#: The current password given to confirm an account change is wrong (Pleroma answers 200).
INVALID_PASSWORD = ErrorKind("INVALID_PASSWORD", 200, "Invalid password.")

ALL_KINDS = {
    kind.code: kind
    for kind in (
        NOT_FOUND,
        INVALID_CREDENTIALS,
        UNAUTHORIZED,
        FORBIDDEN,
        INSUFFICIENT_SCOPE,
        NOT_ADMIN,
        BAD_REQUEST,
        VALIDATION,
        CONFLICT,
        THROTTLED,
        UNSUPPORTED_MEDIA,
        TOO_LARGE,
        UNAVAILABLE,
        STORAGE_ERROR,
        REMOTE_ERROR,
        INVALID_PASSWORD,
    )
}


class DomainError(Exception):
    """A rule said no. Carries the kind, a message for the client and an optional field.

    ``body`` replaces the whole REST error body when Pleroma answers with something other
    than ``{"error": message}`` (for example a bare JSON string for invite failures).
    ``status`` overrides the kind's status for Pleroma's odd cases (200 with an error).
    """

    def __init__(
        self,
        kind: ErrorKind,
        message: str | None = None,
        *,
        field: str | None = None,
        status: int | None = None,
        body: Any = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.message = message if message is not None else kind.message
        self.field = field
        self.status = status if status is not None else kind.status
        self.body = body
        self.extra = extra or {}
        super().__init__(self.message)

    @property
    def code(self) -> str:
        """The stable machine-readable code (GraphQL ``userErrors.code``)."""
        return self.kind.code


def openapi_type_name(value: Any) -> str:
    """How Pleroma's OpenAPI errors name the type of a value they refused (``Got: ...``)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "map"
    return "string"


def openapi_error(problems: list[tuple[str, str, str]]) -> DomainError:
    """Pleroma's OpenAPI cast-error answer (400) for ``[(field, message, summary), ...]``.

    ``error`` joins the summaries with spaces (``"max_use - Invalid integer. Got:
    string."``, ``"Missing field: token."``); each ``errors`` item carries the bare
    message (``"Invalid integer. Got: string"``) and points at its field.
    """
    body = {
        "error": " ".join(summary for _, _, summary in problems),
        "errors": [
            {"message": message, "source": {"pointer": f"/{name}"}, "title": "Invalid value"}
            for name, message, _ in problems
        ],
    }
    return DomainError(BAD_REQUEST, body["error"], field=problems[0][0], body=body)
