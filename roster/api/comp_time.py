"""Compensatory time earned by holiday duty, taken, pending and the balance."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.errors import invalid
from roster import selectors
from roster.errors import RosterError
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
        me = staff_selectors.staff_for_user(user=request.user)
        raw_staff, raw_year = request.query_params.get("staff"), request.query_params.get("year")
        try:
            staff_id = int(raw_staff) if raw_staff else (me.pk if me else None)
            year = int(raw_year) if raw_year else None
        except ValueError as error:
            raise invalid(RosterError.BAD_QUERY, _("staff and year are whole numbers.")) from error
        if staff_id is None:
            raise invalid(RosterError.STAFF_REQUIRED, _("Name the staff member."), field="staff")
        staff = selectors.comp_time_people_list(user=request.user).filter(pk=staff_id).first()
        if staff is None:
            raise invalid(RosterError.UNKNOWN_STAFF, _("Unknown staff member."), field="staff")
        balance = selectors.comp_time_balance_unscoped(staff=staff, year=year)
        return Response(CompTimeSerializer({"staff": staff.pk, "year": year, **balance}).data)
