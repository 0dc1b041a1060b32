"""Query filters of the integrity files API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from integrity_files.models import IntegrityRecord


class RecordFilter(django_filters.FilterSet):
    proposed = django_filters.BooleanFilter(
        method="filter_proposed",
        label=_("proposed"),
        help_text="true: drafts other parts proposed (late check-ins, verified complaints) "
        "awaiting an officer; false: everything else.",
    )

    class Meta:
        model = IntegrityRecord
        fields = ["staff", "status", "category", "kind", "source", "proposed"]

    def filter_proposed(self, queryset, name, value):
        proposal = {"status": IntegrityRecord.Status.DRAFT, "source_ref__isnull": False}
        return queryset.filter(**proposal) if value else queryset.exclude(**proposal)
