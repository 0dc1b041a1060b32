"""Every route the site serves, read from the URL resolver, as a readable pattern."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

# Parts of the site that are Django's or a library's, not HallMark's: their access rules
# are theirs (the admin: superusers; i18n: language switch; static files in DEBUG).
FOREIGN_PREFIXES = ("admin/", "i18n/", "static/", "__debug__/")

_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _clean(piece: str) -> str:
    piece = piece.lstrip("^").rstrip("$")
    piece = _NAMED_GROUP.sub(r"<\1>", piece)
    piece = _CONVERTER.sub(r"<\1>", piece)
    return piece.replace("\\.", ".").replace("\\", "")


def _walk(patterns, prefix: str = ""):
    for entry in patterns:
        piece = _clean(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield prefix + piece


def served_routes() -> set[str]:
    """HallMark's routes as patterns such as `api/absences/<pk>/approve/`.

    DRF's format-suffix duplicates (`.json`) are left out: they share their route's rules.
    """
    routes = set()
    for route in _walk(get_resolver().url_patterns):
        if route.startswith(FOREIGN_PREFIXES) or "<format>" in route:
            continue
        routes.add(route)
    return routes
