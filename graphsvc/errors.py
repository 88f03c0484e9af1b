"""The one error hierarchy: every error graphsvc raises on purpose is a GraphsvcError."""

from __future__ import annotations


class GraphsvcError(Exception):
    """Base of every deliberate graphsvc error. `code` is a short machine-readable name."""

    code = "error"
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(GraphsvcError):
    """A setting is missing, malformed or contradicts another."""

    code = "config_error"


class StoreError(GraphsvcError):
    """The graph store failed to answer a query."""

    code = "store_error"


class StoreUnavailable(StoreError):
    """The graph store cannot be started or reached."""

    code = "store_unavailable"
    status = 503


class StoreStartError(StoreUnavailable):
    """The embedded store could not be started (binary missing, port taken, data dir in use)."""

    code = "store_start_failed"


class QueryError(StoreError):
    """A query was rejected by the store (syntax, semantics)."""

    code = "query_error"
    status = 400


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""

    code = "query_timeout"
    status = 408


class ReadOnlyViolation(GraphsvcError):
    """A query that would change the graph was sent where only reads are allowed."""

    code = "read_only"
    status = 403


class NotFound(GraphsvcError):
    """An id names no node of the requested kind."""

    code = "not_found"
    status = 404


class InvalidParameter(GraphsvcError):
    """A request parameter is out of range or malformed."""

    code = "invalid_parameter"
    status = 422


class Conflict(GraphsvcError):
    """The request contradicts the current state (e.g. claiming an author already claimed)."""

    code = "conflict"
    status = 409


class AuthError(GraphsvcError):
    """Missing or wrong credentials."""

    code = "unauthorized"
    status = 401


class Forbidden(GraphsvcError):
    """The credentials are valid but their role does not allow this."""

    code = "forbidden"
    status = 403


class RateLimited(GraphsvcError):
    """Too many requests for one key in the current window."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotReady(GraphsvcError):
    """A derived structure (e.g. the recommendation index) is still being built: retry."""

    code = "not_ready"
    status = 503


class LoadError(GraphsvcError):
    """A whole input cannot be read (missing file, unknown format). Bad records are RecordErrors."""

    code = "load_error"
    status = 400


class RecordError(GraphsvcError):
    """One input record is bad: names its source (file, line or record id) and field."""

    code = "bad_record"
    status = 422

    def __init__(self, source: str, field: str, reason: str) -> None:
        super().__init__(f"{source}: field {field!r}: {reason}")
        self.source = source
        self.field = field
        self.reason = reason
