"""The `deciders` of a pending item in the API: who can decide it (ADR 0005)."""

from rest_framework import serializers


class DeciderSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text="The decider's user account.")
    name = serializers.CharField()
    unit = serializers.CharField(help_text="Their unit; empty for an administrator.")
    is_administrator = serializers.BooleanField()


class DecidersListSerializer(serializers.ListSerializer):
    """A list whose items' deciders are found in one batch before the items are shown.

    The item serializer has a method `fill_deciders(user, items)` (the asking user and
    the items shown) that sets `pending_deciders` on each, e.g. with one selector call.
    """

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        if items:
            request = self.context.get("request")
            self.child.fill_deciders(getattr(request, "user", None), items)
        return super().to_representation(items)
