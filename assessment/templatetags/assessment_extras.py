from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` (a dict keyed by ids, for the scoring grid)."""
    if not mapping:
        return ()
    return mapping.get(key, ())
