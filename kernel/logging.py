"""Structured logs: one JSON line per request, and every other line carrying its request's
context, safe to ship to a log store.

A request line names the method, the route pattern (not the path: a feed token, a
tracking code or an id typed by a taxpayer never reaches the log), the view, the status,
the time taken, the user's id and username and the user's unit (`request_log_context`:
staffmgmt adds the unit; the kernel knows no units). Request bodies, query strings,
cookies and headers are never logged, so neither passwords, tokens nor taxpayers' contact
details can be.

Any other line written while a request is served (an error with its traceback, a
warning) carries the same context (`RequestContextFilter`), and Django's own lines about
a request ("Not Found: /t/<code>/", "Internal Server Error: ...") name the route pattern
instead of the path (`RedactPathFilter`).
"""

import contextvars
import json
import logging
import time

from django.utils.functional import empty

from kernel.extensions import ErrorPolicy, extension_point

logger = logging.getLogger("hallmark.requests")

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None)))
# Attributes Django's request logging adds that hold the whole request (its path, query
# string, headers and body): never written out.
_WITHHELD = {"request"}

request_log_context = extension_point(
    "kernel.request_log_context",
    policy=ErrorPolicy.LOG_AND_SKIP,
    doc="Callables (user) -> dict of fields added to the log lines of a signed-in user's "
    "request (staffmgmt: the user's unit), asked once a request. Never a body, a query "
    "string or a header.",
)

_context: contextvars.ContextVar = contextvars.ContextVar("hallmark_log_request", default=None)
_filtering: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "hallmark_log_filtering", default=False
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(
            {
                key: value
                for key, value in vars(record).items()
                if key not in _STANDARD and key not in _WITHHELD
            }
        )
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def _route(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.route if match else None


def _signed_in_user(request):
    """The request's user if already loaded (never a query: a line may be about the
    database failing), or None."""
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not wrapped.is_authenticated:
        return None
    return wrapped


def _request_fields(request) -> dict:
    match = getattr(request, "resolver_match", None)
    user = _signed_in_user(request)
    fields = {
        "method": request.method,
        "route": match.route if match else None,
        "view": match.view_name if match else None,
        "user_id": user.pk if user else None,
        "username": user.get_username() if user else None,
    }
    if user is not None:
        for extra in request_log_context.call(user):
            fields.update(extra or {})
    return fields


class RequestContextFilter(logging.Filter):
    """Adds the current request's method, route, user and unit to a record (on a handler:
    every line written while a request is served says whose request it was). Worked out
    once a request; should that fail (the line may be about the database failing), the
    failure is logged without context and the line goes out with what is known."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _context.get()
        if current is None or _filtering.get():
            return True
        if current.get("fields") is None:
            marker = _filtering.set(True)
            try:
                current["fields"] = _request_fields(current["request"])
            except Exception:
                current["fields"] = {}
            finally:
                _filtering.reset(marker)
        for key, value in current["fields"].items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class RedactPathFilter(logging.Filter):
    """Django's request lines ("Not Found: %s", "Internal Server Error: %s") name the path;
    they name the route pattern instead, and drop the request object."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple):
            path = getattr(request, "path", "")
            # Django escapes the path it logs (log_response): either form is replaced.
            paths = {path, path.encode("unicode_escape").decode("ascii")}
            route = _route(request) or "(no route)"
            record.args = tuple(route if arg in paths else arg for arg in record.args)
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        token = _context.set({"request": request, "fields": None})
        try:
            response = self.get_response(request)
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    "request",
                    extra={
                        **_request_fields(request),
                        "status": response.status_code,
                        "ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            _context.reset(token)
