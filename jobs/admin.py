"""Jobs in the admin: to look, not to edit (state changes go through the services)."""

from django.contrib import admin

from jobs.models import Job, ScheduledDispatch


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "state", "started_by", "unit_id", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    search_fields = ["kind", "scope", "error_code"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ScheduledDispatch)
class ScheduledDispatchAdmin(admin.ModelAdmin):
    list_display = ["job_key", "subject", "done_at"]
    search_fields = ["job_key", "subject"]
    readonly_fields = ["job_key", "subject", "job", "done_at"]

    def has_add_permission(self, request):
        return False
