from kernel.nav import navigation_for
from kernel.roles import Role, user_roles


def roles(request):
    """Role flags for the templates; the views still check permissions themselves."""
    names = user_roles(getattr(request, "user", None))
    return {
        "user_roles": names,
        "is_manager": Role.MANAGER in names,
        "is_leadership": Role.LEADERSHIP in names,
        "is_integrity_officer": Role.INTEGRITY_OFFICER in names,
    }


def navigation(request):
    """The menu entries the apps contributed, as far as this user may see them.

    Lazy: pages without the menu (the login page, the print view) run no badge query."""
    user = getattr(request, "user", None)
    cache: dict = {}

    def entries():
        if "entries" not in cache:
            cache["entries"] = navigation_for(user)
        return cache["entries"]

    return {"nav_entries": entries}


def calendar_status(request):
    """Which years' calendars are provisional (not confirmed by an administrator), for the
    marks next to date pickers and on rosters, and the banner calendar editors see while
    this year or the next is provisional. Lazy, and cached by the selector."""
    from django.utils import timezone

    from staffmgmt import selectors

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
