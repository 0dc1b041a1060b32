"""Who is submitting, as far as the abuse limits need to know (feedback.throttling)."""

import secrets

from feedback.errors import FeedbackError
from feedback.throttling import Client

DEVICE_COOKIE = "hm_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
THROTTLE_CODES = frozenset(
    {FeedbackError.RATING_THROTTLED, FeedbackError.ENTRY_THROTTLED, FeedbackError.IP_THROTTLED}
)


def client_from_request(request, *, device: str = "") -> Client:
    """The device (an id the client sends, else the device cookie) and the address.

    REMOTE_ADDR is the peer: behind a load balancer, the deployment's proxy sets it from
    the forwarded header it trusts (a client-supplied header would let anyone pick any
    address)."""
    device = device or request.COOKIES.get(DEVICE_COOKIE, "")
    return Client(device=device[:64], ip=request.META.get("REMOTE_ADDR", ""))


def ensure_device_cookie(request, response) -> None:
    """Give a phone its device id on the first page it opens (no JavaScript needed)."""
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def is_throttle(error) -> bool:
    codes = {getattr(part, "code", None) for part in getattr(error, "error_list", [error])}
    if hasattr(error, "error_dict"):
        codes = {part.code for parts in error.error_dict.values() for part in parts}
    return bool(codes & {str(code) for code in THROTTLE_CODES})
