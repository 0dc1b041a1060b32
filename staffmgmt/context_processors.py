"""Template context of staffmgmt's: the work calendar's provisional years (config may not
import the apps, so this lives here; settings list it among the context processors)."""

from staffmgmt import selectors


def calendar_status(request):
    """Which years' calendars are provisional (not confirmed by an administrator), for the
    marks next to date pickers and on rosters, and the banner calendar editors see while
    this year or the next is provisional. Lazy, and cached by the selector."""
    from django.utils import timezone

    user = getattr(request, "user", None)
    cache: dict = {}

    def provisional():
        if "years" not in cache:
            this_year = timezone.localdate().year
            cache["years"] = selectors.provisional_years(
                first_year=this_year - 1, last_year=this_year + 2
            )
        return cache["years"]

    def banner_years():
        if not (user and user.is_authenticated and selectors.can_override_calendar(user=user)):
            return []
        this_year = timezone.localdate().year
        return [y for y in provisional() if y in (this_year, this_year + 1)]

    return {"provisional_years": provisional, "calendar_banner_years": banner_years}
