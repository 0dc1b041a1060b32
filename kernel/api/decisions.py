"""The `deciders` of a pending item in the API: who can decide it (ADR 0005)."""

from rest_framework import serializers


class DeciderSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text="The decider's user account.")
    name = serializers.CharField()
    unit = serializers.CharField(help_text="Their unit; empty for an administrator.")
    is_administrator = serializers.BooleanField()


class DecidersListSerializer(serializers.ListSerializer):
    """A list whose items' deciders are found in one batch before the items are shown.

    The item serializer names the batch in `Meta.fill_deciders`: a callable taking the
    items, that sets `pending_deciders` on each (e.g. roster.selectors.swap_decisions).
    """

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        fill = getattr(self.child.Meta, "fill_deciders", None)
        if fill is not None and items:
            request = self.context.get("request")
            fill(getattr(request, "user", None), items)
        return super().to_representation(items)
