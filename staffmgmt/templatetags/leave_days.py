"""Filters for day counts that may hold half days (Decimal 0.5, 1.5, ...)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plural_count(value) -> int:
    """An integer that picks the right plural form: gettext takes integers only, and
    English reads "1 day" but "0.5 days" and "1.5 days"."""
    value = Decimal(value or 0)
    if value == value.to_integral():
        return int(value)
    return 2
