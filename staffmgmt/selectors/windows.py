"""Windows and the posts tied to them, for apps that work per window (taxpayer feedback).

UNSCOPED helpers: the public rating pages have no user to scope by; their callers decide
what may be shown (a window's number and name, the serving person's name and number).
"""

from django.db.models import QuerySet

from staffmgmt.models import Post, Window

__all__ = ["window_get_unscoped", "window_posts_unscoped"]


def window_get_unscoped(*, pk: int) -> Window:
    """The window with its unit loaded (Window.DoesNotExist if there is none). UNSCOPED."""
    return Window.objects.select_related("unit").get(pk=pk)


def window_posts_unscoped(*, window: Window | int) -> QuerySet[Post]:
    """The active posts tied to `window`, unit loaded, by name. UNSCOPED."""
    return (
        Post.objects.filter(window=window, is_active=True)
        .select_related("unit", "window")
        .order_by("name", "pk")
    )
