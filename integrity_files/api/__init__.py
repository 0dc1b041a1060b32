"""The integrity files REST API: records (draft, confirm, dismiss, correct, evidence,
acknowledge, object), objections (decide), talks, training credits, requirements,
summaries, the access log and the evidence download.

Querysets come from `integrity_files.selectors` (a row outside the user's scope is a 404);
every write is one service call. Confirmed records have no update and no delete here:
PATCH answers 400 `integrity.record_frozen`, DELETE is not offered. Every read of a file's
content (records, talks, credits, evidence) is written to the access log.
"""

from django.http import FileResponse, Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from integrity_files import selectors, services
from integrity_files.errors import IntegrityFileError as E
from integrity_files.filters import RecordFilter
from integrity_files.models import FileAccess
from integrity_files.serializers import (
    CreditRequirementSerializer,
    CreditRequirementSetSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    FileAccessSerializer,
    ObjectionDecisionSerializer,
    PeriodQuerySerializer,
    ReasonSerializer,
    RecordCorrectSerializer,
    RecordCreateSerializer,
    RecordSerializer,
    RecordUpdateSerializer,
    ResponseSerializer,
    StatementSerializer,
    SummarySerializer,
    TalkCreateSerializer,
    TalkFollowUpDoneSerializer,
    TalkSerializer,
    TrainingCreditCreateSerializer,
    TrainingCreditSerializer,
)
from kernel.api.permissions import IsStaffMember
from kernel.api.viewsets import ReadOnlyServiceViewSet, ServiceMixin, ServiceViewSet, service_schema
from kernel.errors import invalid
from kernel.roles import Role, user_has_role
from staffmgmt import selectors as staff_selectors

__all__ = ["extra_urlpatterns", "register"]


def kept_staff_or_400(user, pk: int, field: str = "staff"):
    from django.utils.translation import gettext as _

    staff = selectors.kept_staff(user=user).filter(pk=pk).first()
    if staff is None:
        raise invalid(E.OUT_OF_SCOPE, _("Unknown staff member."), field=field)
    return staff


class IsIntegrityOfficer(IsStaffMember):
    """Writes to files are integrity officers' (the services then check the unit)."""

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and user_has_role(
            request.user, Role.INTEGRITY_OFFICER
        )


class OfficersWrite(IsStaffMember):
    """Reads for every staff member (scoped by selectors); creating for officers."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in ("GET", "HEAD", "OPTIONS") or user_has_role(
            request.user, Role.INTEGRITY_OFFICER
        )


class LoggedReadMixin:
    """Lists and reads write one access-log row per file whose content they return."""

    access_what: str = ""

    def staff_id_of(self, row) -> int:
        return row.staff_id

    def _log(self, rows):
        services.file_access_record(
            viewer=self.request.user,
            staff_ids=[self.staff_id_of(row) for row in rows],
            what=self.access_what,
            detail=self.request.get_full_path(),
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        self._log(rows)
        serializer = self.get_serializer(rows, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self._log([instance])
        return Response(self.get_serializer(instance).data)


@service_schema(RecordSerializer, create=RecordCreateSerializer, update=RecordUpdateSerializer)
class RecordViewSet(LoggedReadMixin, ServiceViewSet):
    """Integrity records. Drafts are written by officers keeping the file; a confirmed
    record is never changed or deleted: it is corrected by a superseding record."""

    permission_classes = [OfficersWrite]
    serializer_class = RecordSerializer
    create_serializer_class = RecordCreateSerializer
    update_serializer_class = RecordUpdateSerializer
    filterset_class = RecordFilter
    access_what = FileAccess.What.API_RECORDS

    def get_queryset(self):
        return selectors.record_list(user=self.request.user).prefetch_related("evidence")

    def perform_service_create(self, data):
        data["staff"] = kept_staff_or_400(self.request.user, data["staff"])
        return services.record_create(actor=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.record_update(actor=self.request.user, record=instance, **data)

    @extend_schema(request=None, responses=RecordSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsIntegrityOfficer])
    def confirm(self, request, pk=None):
        return self.respond(services.record_confirm(actor=request.user, record=self.get_object()))

    @extend_schema(request=ReasonSerializer, responses=RecordSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsIntegrityOfficer])
    def dismiss(self, request, pk=None):
        record = self.get_object()
        data = self.validated(ReasonSerializer)
        return self.respond(services.record_dismiss(actor=request.user, record=record, **data))

    @extend_schema(request=RecordCorrectSerializer, responses={201: RecordSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsIntegrityOfficer])
    def correct(self, request, pk=None):
        record = self.get_object()
        data = self.validated(RecordCorrectSerializer)
        correction = services.record_correct(actor=request.user, record=record, **data)
        return self.respond(correction, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsIntegrityOfficer],
        parser_classes=[MultiPartParser, FormParser],
    )
    def evidence(self, request, pk=None):
        record = self.get_object()
        data = self.validated(EvidenceUploadSerializer)
        evidence = services.evidence_add(actor=request.user, record=record, upload=data["file"])
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: ResponseSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsStaffMember])
    def acknowledge(self, request, pk=None):
        answer = services.record_acknowledge(actor=request.user, record=self.get_object())
        return Response(ResponseSerializer(answer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatementSerializer, responses={201: ResponseSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsStaffMember], url_path="object")
    def lodge_objection(self, request, pk=None):
        record = self.get_object()
        data = self.validated(StatementSerializer)
        answer = services.objection_lodge(actor=request.user, record=record, **data)
        return Response(ResponseSerializer(answer).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(LoggedReadMixin, ReadOnlyServiceViewSet):
    """Objections to records: the officers keeping the file decide them. A statement is
    part of the file: reading objections is logged like reading records."""

    serializer_class = ResponseSerializer
    filterset_fields = ["status"]
    access_what = FileAccess.What.API_OBJECTIONS

    def staff_id_of(self, row) -> int:
        return row.record.staff_id

    def get_queryset(self):
        return selectors.objection_list(user=self.request.user)

    @extend_schema(request=ObjectionDecisionSerializer, responses=ResponseSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsIntegrityOfficer])
    def decide(self, request, pk=None):
        objection = self.get_object()
        data = self.validated(ObjectionDecisionSerializer)
        return self.respond(
            services.objection_decide(actor=request.user, objection=objection, **data)
        )


@service_schema(TalkSerializer, create=TalkCreateSerializer)
class TalkViewSet(
    LoggedReadMixin,
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Heart-to-heart talks (routine, reminder, admonishment)."""

    permission_classes = [OfficersWrite]
    serializer_class = TalkSerializer
    create_serializer_class = TalkCreateSerializer
    filterset_fields = ["staff", "kind"]
    access_what = FileAccess.What.API_TALKS

    def get_queryset(self):
        return selectors.talk_list(user=self.request.user)

    def perform_service_create(self, data):
        data["staff"] = kept_staff_or_400(self.request.user, data["staff"])
        return services.talk_record(actor=self.request.user, **data)

    @extend_schema(request=TalkFollowUpDoneSerializer, responses=TalkSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="follow-up-done",
        permission_classes=[IsIntegrityOfficer],
    )
    def follow_up_done(self, request, pk=None):
        """Mark the talk's follow-up done, once (`talk_follow_up_done`)."""
        talk = self.get_object()
        data = self.validated(TalkFollowUpDoneSerializer)
        talk = services.talk_follow_up_done(actor=request.user, talk=talk, **data)
        # The answer is the talk's content: read like a detail, so logged like one.
        self._log([talk])
        return self.respond(talk)


@service_schema(TrainingCreditSerializer, create=TrainingCreditCreateSerializer)
class TrainingCreditViewSet(
    LoggedReadMixin,
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Learning and training credits."""

    permission_classes = [OfficersWrite]
    serializer_class = TrainingCreditSerializer
    create_serializer_class = TrainingCreditCreateSerializer
    filterset_fields = ["staff"]
    access_what = FileAccess.What.API_CREDITS

    def get_queryset(self):
        return selectors.training_credit_list(user=self.request.user)

    def perform_service_create(self, data):
        data["staff"] = kept_staff_or_400(self.request.user, data["staff"])
        return services.training_credit_record(actor=self.request.user, **data)


@service_schema(CreditRequirementSerializer, create=CreditRequirementSetSerializer)
class CreditRequirementViewSet(
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Yearly credit requirements per unit; POST sets (creates or replaces) one."""

    permission_classes = [OfficersWrite]
    serializer_class = CreditRequirementSerializer
    create_serializer_class = CreditRequirementSetSerializer
    filterset_fields = ["unit", "year"]

    def get_queryset(self):
        return selectors.credit_requirement_list(user=self.request.user)

    def perform_service_create(self, data):
        from django.utils.translation import gettext as _

        unit = staff_selectors.org_unit_list(user=self.request.user).filter(pk=data["unit"]).first()
        if unit is None:
            raise invalid(E.OUT_OF_SCOPE, _("Unknown unit."), field="unit")
        data["unit"] = unit
        return services.credit_requirement_set(actor=self.request.user, **data)


@extend_schema_view(
    list=extend_schema(
        description="Who read which file, when and what: integrity officers for the files "
        "they keep, a cadre for their own."
    )
)
class FileAccessViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FileAccessSerializer
    filterset_fields = ["staff", "what"]

    def get_queryset(self):
        return selectors.file_access_list(user=self.request.user)


class SummaryView(APIView):
    """Per-period integrity summary per cadre (points by category, open objections,
    talks, credit shortfall): managers for their staff, officers and leadership for their
    units, a cadre for themself."""

    @extend_schema(
        parameters=[PeriodQuerySerializer],
        # A unit the user may not see is not found (404), like an item outside the scope.
        responses={
            200: SummarySerializer(many=True),
            404: OpenApiResponse(description="A unit the user may not see."),
        },
    )
    def get(self, request):
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit = None
        if "unit" in query.validated_data:
            unit = (
                staff_selectors.org_unit_list(user=request.user)
                .filter(pk=query.validated_data["unit"])
                .first()
            )
            if unit is None:
                raise Http404
        rows = selectors.integrity_summary_list(
            user=request.user,
            start=query.validated_data["start"],
            end=query.validated_data["end"],
            unit=unit,
        )
        return Response(SummarySerializer(rows, many=True).data)


class EvidenceDownloadView(APIView):
    """The one way an evidence file leaves the server: checked against the reader's scope
    and written to the access log."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        return evidence_response(request, pk)


def evidence_response(request, pk: int) -> FileResponse:
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    if evidence is None:
        raise Http404
    services.file_access_record(
        viewer=request.user,
        staff_ids=[evidence.record.staff_id],
        what=FileAccess.What.EVIDENCE,
        detail=f"#{evidence.record_id}: {evidence.original_name}",
    )
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def register(router) -> None:
    router.register("integrity/records", RecordViewSet, basename="integrity-record")
    router.register("integrity/objections", ObjectionViewSet, basename="integrity-objection")
    router.register("integrity/talks", TalkViewSet, basename="integrity-talk")
    router.register("integrity/credits", TrainingCreditViewSet, basename="integrity-credit")
    router.register(
        "integrity/credit-requirements",
        CreditRequirementViewSet,
        basename="integrity-credit-requirement",
    )
    router.register("integrity/access-log", FileAccessViewSet, basename="integrity-access")


extra_urlpatterns = [
    path("integrity/summaries/", SummaryView.as_view(), name="integrity-summaries"),
    path(
        "integrity/evidence/<int:pk>/download/",
        EvidenceDownloadView.as_view(),
        name="integrity-evidence-download",
    ),
]
