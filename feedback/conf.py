"""The feedback settings (settings.FEEDBACK), with their defaults; read on every use so
tests and deployments can change them without a restart of the module."""

from django.conf import settings

DEFAULTS = {
    # Where taxpayers' phones reach the public pages (the QR codes' address); empty: the
    # host the card was printed from.
    "PUBLIC_BASE_URL": "",
    "RATING_DEVICE_SECONDS": 600,
    "RATINGS_PER_IP_HOUR": 300,
    "ENTRIES_PER_DEVICE_HOUR": 5,
    "ENTRIES_PER_IP_HOUR": 60,
    # Public reads (a window's page, an entry by tracking code, their API) per address and
    # minute: a hall's taxpayers behind one network address stay far below it; guessing
    # tracking codes or scraping the cards does not.
    "PUBLIC_READS_PER_IP_MINUTE": 300,
    "DEADLINE_DAYS": {
        "question": 3,
        "suggestion": 3,
        "praise": 3,
        "complaint_accept": 1,
        "complaint_attitude": 10,
        "complaint_quality": 20,
        "negative_rating": 5,
    },
}


def setting(name: str):
    return {**DEFAULTS, **getattr(settings, "FEEDBACK", {})}[name]


def deadline_days(kind: str) -> int:
    return {**DEFAULTS["DEADLINE_DAYS"], **setting("DEADLINE_DAYS")}[kind]
