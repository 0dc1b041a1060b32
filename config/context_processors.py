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
