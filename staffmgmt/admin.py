"""Django admin for the reference data of staffmgmt, every model with its history.

Org units, skills, windows, posts and calendar overrides are edited here; saves of units,
windows, posts and staff go through the services (paths, unit rules, who changed what).
AB pairings and absences are read-only: their rules (no overlap, approvals, coverage
warnings) live in the services and the pages/API that call them, and a silent admin edit
would bypass them. Their history stays viewable.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from kernel.admin import HistoryAdmin
from staffmgmt import selectors, services
from staffmgmt.models import (
    Absence,
    CalendarOverride,
    OrgUnit,
    Post,
    PostPairing,
    Skill,
    Staff,
    Window,
)


class UnitScopedAdmin(HistoryAdmin):
    """Lists only rows of units the user manages (everything for a superuser); saves call
    services, and a rule a service refuses comes back as a message, not a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The admin's own transaction has rolled back: nothing of the save is kept.
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())

    unit_field = "unit"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            **{
                f"{self.unit_field}__in": selectors.managed_org_unit_list(user=request.user).values(
                    "pk"
                )
            }
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is OrgUnit and not request.user.is_superuser:
            kwargs["queryset"] = selectors.managed_org_unit_list(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """Viewable with its history; never added, changed, reverted or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's revert checks only view permission before saving a POST.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class OrgUnitAdminForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent"]

    def clean(self):
        cleaned = super().clean()
        if "kind" in cleaned and "parent" in cleaned:
            try:
                services.org_unit_check_parent(
                    unit=self.instance if self.instance.pk else None,
                    kind=cleaned["kind"],
                    parent=cleaned["parent"],
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(OrgUnit)
class OrgUnitAdmin(UnitScopedAdmin):
    form = OrgUnitAdminForm
    list_display = ["name", "code", "kind", "parent", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "path"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]
    unit_field = "pk"
    ordering = ["path"]

    def get_queryset(self, request):
        queryset = HistoryAdmin.get_queryset(self, request).select_related("parent")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            pk__in=selectors.managed_org_unit_list(user=request.user).values("pk")
        )

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in ("code", "name", "kind", "parent")}
        if change:
            services.org_unit_update(actor=request.user, unit=obj, **fields)
            return
        created = services.org_unit_create(actor=request.user, **fields)
        # The admin goes on with `obj` (log entry, redirect): make it the saved row.
        obj.pk, obj.path = created.pk, created.path
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        # Staff, posts and history hang on units; a unit is kept, not deleted.
        return False


@admin.register(Skill)
class SkillAdmin(HistoryAdmin):
    list_display = ["code", "name", "name_zh"]
    search_fields = ["code", "name", "name_zh"]


@admin.register(Staff)
class StaffAdmin(UnitScopedAdmin):
    """Changes go through `staff_update`; new cadres come with a user account and roles,
    which `staff_create` (API, management commands) makes together."""

    list_display = ["name", "employee_no", "unit", "title", "is_leader", "is_active"]
    list_filter = ["is_active", "is_leader", "unit__kind", "skills"]
    search_fields = ["name", "employee_no", "user__username"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["skills"]
    readonly_fields = ["user"]
    fields = ["user", "employee_no", "name", "unit", "title", "skills", "is_leader", "is_active"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        services.staff_update(actor=request.user, staff=obj, **data)

    def save_related(self, request, form, formsets, change):
        # Skills were set by staff_update; form.save_m2m() would set them a second time.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Window)
class WindowAdmin(UnitScopedAdmin):
    list_display = ["number", "name", "unit", "is_full_service", "is_active"]
    list_filter = ["is_active", "is_full_service", "unit__kind"]
    search_fields = ["number", "name", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]

    def get_readonly_fields(self, request, obj=None):
        # A window stays in its unit: its posts and ratings belong there.
        return ["unit"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            services.window_update(actor=request.user, window=obj, **data)
            return
        created = services.window_create(
            actor=request.user,
            unit=obj.unit,
            number=obj.number,
            name=obj.name,
            is_full_service=obj.is_full_service,
        )
        if not obj.is_active:
            services.window_update(actor=request.user, window=created, is_active=False)
        obj.pk = created.pk
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["unit", "window", "name", "duties", "required_skills", "is_critical", "is_active"]

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit") or (self.instance.unit if self.instance.pk else None)
        if unit is not None and "window" in cleaned:
            try:
                services.post_check_window(unit=unit, window=cleaned["window"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Post)
class PostAdmin(UnitScopedAdmin):
    form = PostAdminForm
    list_display = ["name", "unit", "window", "is_critical", "is_active"]
    list_filter = ["is_critical", "is_active", "unit__kind"]
    search_fields = ["name", "duties", "unit__name"]
    list_select_related = ["unit", "window"]
    autocomplete_fields = ["unit", "window"]
    filter_horizontal = ["required_skills"]

    def get_readonly_fields(self, request, obj=None):
        # A post stays in its unit: its pairings, targets and history belong there.
        return ["unit"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            # The required skills are a many-to-many set by save_related (form.save_m2m).
            data = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name != "required_skills"
            }
            services.post_update(actor=request.user, post=obj, **data)
            return
        created = services.post_create(
            actor=request.user,
            unit=obj.unit,
            name=obj.name,
            window=obj.window,
            duties=obj.duties,
            is_critical=obj.is_critical,
        )
        obj.pk = created.pk
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PostPairing)
class PostPairingAdmin(ReadOnlyHistoryAdmin):
    list_display = ["post", "a_holder", "b_holder", "valid_from", "valid_to"]
    list_filter = ["valid_from", "post__is_critical"]
    search_fields = ["post__name", "a_holder__name", "b_holder__name"]
    list_select_related = ["post", "a_holder", "b_holder"]
    date_hierarchy = "valid_from"

    def get_queryset(self, request):
        return selectors.pairing_list(user=request.user)


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["staff", "kind", "start_date", "end_date", "status", "decided_by"]
    list_filter = ["status", "kind"]
    search_fields = ["staff__name", "staff__employee_no", "reason"]
    list_select_related = ["staff", "decided_by"]
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(staff__unit__in=selectors.org_unit_id_list(user=request.user))


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(HistoryAdmin):
    list_display = ["date", "kind", "name", "note"]
    list_filter = ["kind"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"


admin.site.site_header = _("HallMark administration")
admin.site.site_title = _("HallMark")
