"""Rosters: read as the user may see them; managers generate drafts and publish them."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from jobs.presenters import JobSerializer
from kernel.api.permissions import IsManager
from kernel.api.viewsets import ReadOnlyServiceViewSet
from kernel.errors import invalid
from roster import selectors, services
from roster.errors import RosterError
from roster.filters import RosterFilter
from roster.serializers import (
    RosterGenerateSerializer,
    RosterSerializer,
    RosterWithdrawSerializer,
)


@extend_schema_view(
    list=extend_schema(
        description="Rosters the user may see: published ones of their units; "
        "drafts too for managers of the unit."
    ),
)
class RosterViewSet(ReadOnlyServiceViewSet):
    """Rosters of duty: drafts (managers of the unit) and published ones."""

    serializer_class = RosterSerializer
    filterset_class = RosterFilter

    def get_queryset(self):
        return selectors.roster_list(user=self.request.user)

    @extend_schema(
        request=RosterGenerateSerializer,
        responses={202: JobSerializer, 400: OpenApiTypes.OBJECT},
        description="Start generating a draft roster with the CP-SAT solver, as a background "
        "job: the answer (202) is the job, at once. Follow it at `/api/jobs/{id}/` (progress: "
        "elapsed time, best spread so far, proven bound); when done its `result.roster_id` "
        "names the draft, with the fairness figures on `/api/rosters/{id}/`. An impossible "
        "roster fails the job with the day and rule in `reasons`, and saves nothing. Bad "
        "input answers 400 at once, and so does a second generation of the same unit over "
        "overlapping dates while the first is queued or running "
        "(`roster.generation_running`).",
    )
    @action(detail=False, methods=["post"], permission_classes=[IsManager])
    def generate(self, request):
        data = self.validated(RosterGenerateSerializer)
        duty_type = selectors.duty_type_list(user=request.user).filter(pk=data["duty_type"]).first()
        if duty_type is None:
            raise invalid(RosterError.UNKNOWN_DUTY_TYPE, _("Unknown duty type."), field="duty_type")
        job = services.roster_generation_start(
            actor=request.user,
            duty_type=duty_type,
            start_date=data["start_date"],
            end_date=data["end_date"],
            time_limit_s=data["time_limit_s"],
        )
        return Response(
            JobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("job-detail", args=[job.pk])},
        )

    @extend_schema(request=None, responses={200: RosterSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsManager])
    def publish(self, request, pk=None):
        return self.respond(services.roster_publish(actor=request.user, roster=self.get_object()))

    @extend_schema(
        request=RosterWithdrawSerializer,
        responses={200: RosterSerializer, 400: OpenApiTypes.OBJECT},
        description="Take a published roster back to draft with a reason; everyone on it "
        "is notified. Publishing it again tells those who lost a duty meanwhile.",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsManager])
    def withdraw(self, request, pk=None):
        roster = self.get_object()
        data = self.validated(RosterWithdrawSerializer)
        return self.respond(
            services.roster_withdraw(actor=request.user, roster=roster, reason=data["reason"])
        )
