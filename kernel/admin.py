"""The admin's user accounts, and the logs of who created them and who granted their roles.

Django's own user admin edits groups and the superuser flag directly, which no history
sees. Here those two go through `kernel.accounts` instead: each role added or taken away,
and the administrator flag, is a logged grant or revocation naming the administrator and
the reason given on the form; only an administrator changes them. A user added here
is recorded as created by the administrator who added it. The logs are read-only.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kernel.accounts import (
    ADMINISTRATOR,
    account_origin_record,
    is_administrator,
    role_grant,
    role_revoke,
)
from kernel.models import AccountOrigin, RoleGrant
from kernel.roles import Role

User = get_user_model()


class UserRolesForm(UserChangeForm):
    """The change form, with the reason a role change needs; `admin_user` is set per request."""

    admin_user = None
    role_reason = forms.CharField(
        label=_("Why the roles change"),
        required=False,
        max_length=500,
        help_text=_("Kept in the role log with your name when roles or the superuser flag change."),
    )

    def clean(self):
        cleaned = super().clean()
        changes_roles = "groups" in self.changed_data or "is_superuser" in self.changed_data
        if changes_roles and not is_administrator(self.admin_user):
            raise forms.ValidationError(_("Only an administrator may change roles."))
        if changes_roles and self.instance.pk and not cleaned.get("role_reason", "").strip():
            self.add_error("role_reason", _("Say why the roles change."))
        return cleaned


class HallMarkUserAdmin(UserAdmin):
    form = UserRolesForm
    fieldsets = (*UserAdmin.fieldsets, (_("Role change"), {"fields": ("role_reason",)}))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"admin_user": request.user})

    def save_model(self, request, obj, form, change):
        # The flag is granted through the log below, not by the form's save.
        wanted_admin = obj.is_superuser
        if change:
            obj.is_superuser = (
                User.objects.filter(pk=obj.pk).values_list("is_superuser", flat=True).get()
            )
        else:
            obj.is_superuser = False
        super().save_model(request, obj, form, change)
        if not change:
            account_origin_record(account=obj, created_by=request.user, note="admin")
        form._wanted_admin = wanted_admin

    def save_related(self, request, form, formsets, change):
        user = form.instance
        reason = form.cleaned_data.get("role_reason", "") or (
            "account created in the admin" if not change else ""
        )
        before = set(user.groups.values_list("pk", flat=True))
        groups = form.cleaned_data.get("groups")
        wanted = set(groups.values_list("pk", flat=True)) if groups is not None else before
        role_groups = dict(Group.objects.filter(name__in=Role.values).values_list("pk", "name"))
        # Role groups are left as they are by the form's save and changed through the log.
        if groups is not None:
            kept = (wanted - set(role_groups)) | (before & set(role_groups))
            form.cleaned_data["groups"] = Group.objects.filter(pk__in=kept)
        super().save_related(request, form, formsets, change)
        for pk in sorted((wanted - before) & set(role_groups)):
            role_grant(actor=request.user, user=user, role=role_groups[pk], reason=reason)
        for pk in sorted((before - wanted) & set(role_groups)):
            role_revoke(actor=request.user, user=user, role=role_groups[pk], reason=reason)
        wanted_admin = getattr(form, "_wanted_admin", user.is_superuser)
        if wanted_admin and not user.is_superuser:
            role_grant(actor=request.user, user=user, role=ADMINISTRATOR, reason=reason)
        elif not wanted_admin and user.is_superuser:
            role_revoke(actor=request.user, user=user, role=ADMINISTRATOR, reason=reason)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, HallMarkUserAdmin)


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """An append-only log: readable, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "user", "role", "action", "actor", "reason"]
    list_filter = ["role", "action"]
    search_fields = ["user__username", "actor__username", "reason"]
    list_select_related = ["user", "actor"]
    date_hierarchy = "at"


@admin.register(AccountOrigin)
class AccountOriginAdmin(ReadOnlyLogAdmin):
    list_display = ["user", "created_by", "created_at", "note"]
    search_fields = ["user__username", "created_by__username"]
    list_select_related = ["user", "created_by"]


# simple-history's history views look the object up with the raw path segment, so a
# hand-typed `/admin/app/model/1/change/history/` (object id "1/change") raised a
# ValueError, a 500. An object id that is not a valid key of the model is a 404 here.
class HistoryAdmin(SimpleHistoryAdmin):
    def _require_valid_key(self, object_id) -> None:
        from django.contrib.admin.utils import unquote

        try:
            self.model._meta.pk.to_python(unquote(str(object_id)))
        except (ValidationError, ValueError, TypeError) as error:
            raise Http404 from error

    def history_view(self, request, object_id, extra_context=None):
        self._require_valid_key(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_valid_key(object_id)
        self._require_valid_key_of_history(version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _require_valid_key_of_history(self, version_id) -> None:
        try:
            int(str(version_id))
        except ValueError as error:
            raise Http404 from error
