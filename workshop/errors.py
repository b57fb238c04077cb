"""Domain errors. They are mapped to HTTP responses and socket acks in one place
(`workshop.http_errors` and `workshop.realtime`). Messages are English msgids with
`%(name)s` parameters, translated at the edge."""


class AihioError(Exception):
    """Base of the domain's errors; `code` is the stable machine-readable name."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None, **params) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
        self.fields = fields or {}


class ValidationFailed(AihioError):
    """Input was rejected; `fields` maps each bad field to a message naming the fix."""

    code = "invalid"
    status = 400


class NotFound(AihioError, LookupError):
    code = "not_found"
    status = 404


class Forbidden(AihioError):
    code = "forbidden"
    status = 403


class Unauthorized(AihioError):
    code = "unauthorized"
    status = 401


class JoiningClosed(AihioError):
    code = "joining_closed"
    status = 403


class Locked(AihioError):
    code = "locked"
    status = 409
