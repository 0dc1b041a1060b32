from staffmgmt.roles import Role, user_roles


def roles(request):
    """Role flags for the navigation; the views still check permissions themselves."""
    names = user_roles(getattr(request, "user", None))
    return {
        "user_roles": names,
        "is_manager": Role.MANAGER in names,
        "is_leadership": Role.LEADERSHIP in names,
        "is_integrity_officer": Role.INTEGRITY_OFFICER in names,
    }
