from rest_framework import serializers

from jobs.models import Job
from jobs.presenters import job_payload


class JobSerializer(serializers.Serializer):
    """A job as the person who started it (or a manager of its unit) follows it."""

    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=Job.State.choices, read_only=True)
    state_label = serializers.CharField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    started_by = serializers.CharField(read_only=True, allow_null=True)
    unit_id = serializers.IntegerField(read_only=True, allow_null=True)
    params = serializers.DictField(read_only=True)
    progress = serializers.DictField(
        read_only=True,
        help_text="Roster generation: phase, elapsed_s, time_limit_s, solutions, best_spread, "
        "spread_lower_bound (proven), objective, objective_bound.",
    )
    progress_text = serializers.CharField(read_only=True)
    result = serializers.DictField(read_only=True, help_text="e.g. {'roster_id': 12}")
    result_url = serializers.CharField(read_only=True, allow_null=True)
    result_text = serializers.CharField(read_only=True)
    error_code = serializers.CharField(read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    cancel_requested = serializers.BooleanField(read_only=True)
    retry_of = serializers.UUIDField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    heartbeat_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True)
    status_url = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        return job_payload(instance)
