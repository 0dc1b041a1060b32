"""The unread duty notices badge for the navigation bar."""

from django import template

from roster import selectors

register = template.Library()


@register.simple_tag
def unread_duty_notices(user) -> int:
    """`{% unread_duty_notices request.user as n %}`: one COUNT query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return selectors.notification_unread_count(user=user)
