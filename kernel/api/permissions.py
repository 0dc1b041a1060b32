"""The one permission stack every API view starts from.

Views may only narrow it (add role checks); data scoping by org unit happens in the
selectors that build each view's queryset. Anonymous endpoints opt out one by one with
`permission_classes = [AllowAny]` and a comment saying why.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from kernel.roles import Role, user_has_role


class IsStaffMember(BasePermission):
    """Authenticated users who are cadres of the bureau (or superusers)."""

    message = _("Authentication with a HallMark staff account is required.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


class IsManagerOrReadOnly(IsStaffMember):
    """Reads for every staff member (scoped by selectors); writes for managers."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        return user_has_role(request.user, Role.MANAGER)


class IsManager(IsStaffMember):
    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and user_has_role(request.user, Role.MANAGER)
