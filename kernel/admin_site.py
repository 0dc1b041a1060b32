"""The admin site, for administrators only.

Django lets any active account with `is_staff` into /admin/, and then shows it whatever its
model permissions allow. In HallMark a manager or an officer may carry `is_staff` (set by
hand, or left over from another role), and the admin edits rows past every service rule and
every history note: so the site itself asks for the administrator role (kernel.roles), the
superuser flag that only the role log grants (with or without `is_staff`). Anyone else is
sent to the admin's login page, as Django does for an account without access.
"""

from django.contrib import admin

from kernel.accounts import is_administrator


class HallMarkAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return is_administrator(request.user)
