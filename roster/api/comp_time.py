"""Compensatory time earned by holiday duty, taken, pending and the balance."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.errors import invalid
from roster import selectors
from roster.errors import RosterError
from roster.serializers import CompTimeQuerySerializer, CompTimeSerializer
from staffmgmt import selectors as staff_selectors


class CompTimeView(APIView):
    """Compensatory time earned by holiday duty, taken, pending and the balance."""

    @extend_schema(
        parameters=[CompTimeQuerySerializer],
        responses={200: CompTimeSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        me = staff_selectors.staff_for_user(user=request.user)
        query_input = CompTimeQuerySerializer(data=request.query_params)
        query_input.is_valid(raise_exception=True)
        query = query_input.validated_data
        staff_id = query.get("staff") or (me.pk if me else None)
        year = query.get("year")
        if staff_id is None:
            raise invalid(RosterError.STAFF_REQUIRED, _("Name the staff member."), field="staff")
        staff = selectors.comp_time_people_list(user=request.user).filter(pk=staff_id).first()
        if staff is None:
            raise invalid(RosterError.UNKNOWN_STAFF, _("Unknown staff member."), field="staff")
        balance = selectors.comp_time_balance_unscoped(staff=staff, year=year)
        return Response(CompTimeSerializer({"staff": staff.pk, "year": year, **balance}).data)
