"""Template tags other apps' pages may use without importing roster (roster -> staffmgmt
is the only dependency direction in code)."""

from django import template

from roster import selectors

register = template.Library()


@register.simple_tag
def upcoming_duties_for(user, days: int = 30):
    """`{% upcoming_duties_for request.user as duties %}`: published duties ahead."""
    return list(selectors.upcoming_duties(user, days=days))
