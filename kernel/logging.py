"""Structured request logs: one JSON line per request, safe to ship to a log store.

A line names the method, the route pattern (not the path: a feed token or an id typed by
a taxpayer never reaches the log), the view, the status, the time taken, and the user's
id and username. Request bodies, query strings, cookies and headers are never logged, so
neither passwords, tokens nor taxpayers' contact details can be.
"""

import json
import logging
import time

logger = logging.getLogger("hallmark.requests")

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None)))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            authenticated = bool(user is not None and user.is_authenticated)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if authenticated else None,
                    "username": user.get_username() if authenticated else None,
                },
            )
        return response
