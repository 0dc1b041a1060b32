"""The admin base every app's models use: simple-history's admin, safe for any address.

simple-history's history views look the object up with the raw path segment, so a
hand-typed `/admin/app/model/1/change/history/` (object id "1/change") raised a
ValueError, a 500. An object id that is not a valid key of the model is a 404 here.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

__all__ = ["HistoryAdmin"]


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
