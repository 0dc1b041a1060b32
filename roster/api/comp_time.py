"""Compensatory time earned by holiday duty, taken, pending and the balance."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from roster import selectors
from roster.serializers import CompTimeSerializer
from staffmgmt import selectors as staff_selectors


class CompTimeView(APIView):
    """Compensatory time earned by holiday duty, taken, pending and the balance."""

    @extend_schema(
        parameters=[
            OpenApiParameter("staff", int, description="Default: yourself."),
            OpenApiParameter("year", int, description="Default: all years."),
        ],
        responses={200: CompTimeSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        me = staff_selectors.staff_for_user(request.user)
        raw_staff, raw_year = request.query_params.get("staff"), request.query_params.get("year")
        try:
            staff_id = int(raw_staff) if raw_staff else (me.pk if me else None)
            year = int(raw_year) if raw_year else None
        except ValueError as error:
            raise ValidationError("staff and year are whole numbers.") from error
        if staff_id is None:
            raise ValidationError({"staff": _("Name the staff member.")})
        # Own balance, or that of someone in a unit the user manages (it is leave data).
        if me is not None and staff_id == me.pk:
            staff = me
        else:
            staff = (
                staff_selectors.staff_list(request.user)
                .filter(pk=staff_id, unit__in=staff_selectors.units_managed_by(request.user))
                .first()
            )
        if staff is None:
            raise ValidationError({"staff": _("Unknown staff member.")})
        balance = selectors.comp_time_balance(staff, year=year)
        return Response(CompTimeSerializer({"staff": staff.pk, "year": year, **balance}).data)
