"""assessment's REST API: schemes, periods, scores, votes (write-only), results,
objections and targets. Every read through a scoped selector, every write one service."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from assessment import selectors, serializers, services
from assessment.models import RubricLevel
from kernel.api.permissions import IsManagerOrReadOnly, IsStaffMember
from kernel.api.viewsets import ReadOnlyServiceViewSet, ServiceMixin, ServiceViewSet, service_schema
from kernel.errors import invalid
from kernel.roles import user_roles
from staffmgmt import selectors as staff_selectors


def pick(queryset, pk, field: str):
    """The row `pk` of a scoped queryset named in the body, or a 400 on that field: a row
    outside the user's scope is, for them, an unknown value of the input (never a 500,
    never a leak of whether it exists)."""
    if pk is None:
        return None
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise invalid(
            "assessment.unknown_row",
            _("No %(field)s %(pk)s among what you may see.") % {"field": field, "pk": pk},
            field=field,
        )
    return row


class IsSchemeAuthorOrReadOnly(IsStaffMember):
    """Reads for every staff member; writes for managers and leadership (the services
    check the same, `require_scheme_author`)."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return user.is_superuser or bool(user_roles(user) & selectors.REVIEWER_ROLES)


@extend_schema(tags=["assessment"])
@service_schema(serializers.SchemeSerializer, serializers.SchemeCreateSerializer)
class SchemeViewSet(
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.SchemeSerializer
    create_serializer_class = serializers.SchemeCreateSerializer
    permission_classes = [IsSchemeAuthorOrReadOnly]
    filterset_fields = ["post_type", "status"]

    def get_queryset(self):
        return selectors.scheme_list(user=self.request.user)

    def perform_service_create(self, data):
        return services.scheme_create(actor=self.request.user, **data)

    @extend_schema(request=None, responses=serializers.SchemeSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self.respond(services.scheme_activate(actor=request.user, scheme=self.get_object()))


@extend_schema(tags=["assessment"])
@service_schema(serializers.PeriodSerializer, serializers.PeriodCreateSerializer)
class PeriodViewSet(
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.PeriodSerializer
    create_serializer_class = serializers.PeriodCreateSerializer
    permission_classes = [IsStaffMember]
    filterset_fields = ["state", "kind", "unit"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return selectors.period_list(user=self.request.user)

    def perform_service_create(self, data):
        data["unit"] = pick(
            staff_selectors.org_unit_list(user=self.request.user), data["unit"], "unit"
        )
        return services.period_create(actor=self.request.user, **data)

    @extend_schema(request=serializers.AdvanceSerializer, responses=serializers.PeriodSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        data = self.validated(serializers.AdvanceSerializer)
        return self.respond(
            services.period_advance(actor=request.user, period=self.get_object(), **data)
        )

    @extend_schema(request=None, responses=serializers.ResultSerializer(many=True))
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        period = self.get_object()
        services.period_compute_results(actor=request.user, period=period)
        results = selectors.result_list(user=request.user, period=period)
        return Response(serializers.ResultSerializer(results, many=True).data)

    @extend_schema(request=None, responses=serializers.PeriodSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.respond(services.period_approve(actor=request.user, period=self.get_object()))

    @extend_schema(request=serializers.ImportSerializer, responses={200: dict})
    @action(detail=True, methods=["post"], url_path="import-actuals")
    def import_actuals(self, request, pk=None):
        period = self.get_object()
        data = self.validated(serializers.ImportSerializer)
        upload = data.get("file")
        # No file still goes to the service: who may upload is checked before the file.
        count = services.actuals_import(
            actor=request.user,
            period=period,
            content=upload.read() if upload else b"",
            filename=upload.name if upload else "",
        )
        return Response({"scores": count})

    @extend_schema(
        request=serializers.SelfAssessmentSerializer, responses=serializers.MemberSerializer
    )
    @action(detail=True, methods=["post"], url_path="self-assessment")
    def self_assessment(self, request, pk=None):
        period = self.get_object()
        data = self.validated(serializers.SelfAssessmentSerializer)
        member = selectors.member_for_user(user=request.user, period=period)
        if member is None:
            raise PermissionDenied(_("You are not assessed in this period."))
        levels = {
            int(score_id): (
                pick(RubricLevel.objects.all(), level_id, "self_levels") if level_id else None
            )
            for score_id, level_id in data["self_levels"].items()
        }
        member = services.self_assessment_save(
            actor=request.user, member=member, summary=data["summary"], self_levels=levels
        )
        return Response(serializers.MemberSerializer(member).data)

    @extend_schema(
        request=serializers.AnnualPartsInput,
        responses=serializers.AnnualPartSerializer(many=True),
    )
    @action(detail=True, methods=["post"], url_path="annual-parts")
    def annual_parts(self, request, pk=None):
        """Derive an annual period's composite from its quarters: the weight of the year's
        own indicators and of each quarterly period (adding up to 100)."""
        period = self.get_object()
        data = self.validated(serializers.AnnualPartsInput)
        visible = selectors.period_list(user=request.user)
        quarters = [
            (pick(visible, item["quarter"], "quarters"), item["weight"])
            for item in data["quarters"]
        ]
        parts = services.period_set_annual_parts(
            actor=request.user, period=period, own_weight=data["own_weight"], quarters=quarters
        )
        return Response(serializers.AnnualPartSerializer(parts, many=True).data)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def turnout(self, request, pk=None):
        rows = selectors.turnout(user=request.user, period=self.get_object())
        return Response(
            [{"unit": r.unit_name, "members": r.members, "voted": r.voted} for r in rows]
        )


@extend_schema(tags=["assessment"])
@service_schema(serializers.ScoreSerializer, update=serializers.ScoreUpdateSerializer)
class ScoreViewSet(
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.ScoreSerializer
    update_serializer_class = serializers.ScoreUpdateSerializer
    permission_classes = [IsManagerOrReadOnly]
    http_method_names = ["get", "patch", "head", "options"]
    filterset_fields = ["member", "member__period", "indicator"]

    def get_queryset(self):
        return selectors.score_list(user=self.request.user).order_by("member_id", "indicator_id")

    def perform_service_update(self, instance, data):
        level = pick(instance.indicator.levels.all(), data.pop("level", None), "level")
        return services.score_set(actor=self.request.user, score=instance, level=level, **data)


@extend_schema(tags=["assessment"])
class BallotViewSet(viewsets.ViewSet):
    """POST only: there is no route that reads a vote, and the answer is the receipt."""

    permission_classes = [IsStaffMember]

    @extend_schema(
        request=serializers.BallotSerializer, responses={201: serializers.BallotReceiptSerializer}
    )
    def create(self, request):
        shape = serializers.BallotSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        period = pick(selectors.period_list(user=request.user), data["period"], "period")
        receipt = services.ballot_cast(
            actor=request.user,
            period=period,
            votes={item["member"]: item["choice"] for item in data["votes"]},
            receipt=data["receipt"] or None,
        )
        body = {"receipt": receipt.receipt, "votes": receipt.votes, "changed": receipt.changed}
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["assessment"])
class ResultViewSet(ReadOnlyServiceViewSet):
    serializer_class = serializers.ResultSerializer
    filterset_fields = ["member__period", "grade"]

    def get_queryset(self):
        return selectors.result_list(user=self.request.user).order_by("member__period_id", "id")

    @extend_schema(
        request=serializers.GradeChangeSerializer, responses=serializers.ResultSerializer
    )
    @action(detail=True, methods=["post"], url_path="change-grade")
    def change_grade(self, request, pk=None):
        data = self.validated(serializers.GradeChangeSerializer)
        return self.respond(
            services.result_grade_change(actor=request.user, result=self.get_object(), **data)
        )

    @extend_schema(request=serializers.RewardInput, responses={201: serializers.RewardSerializer})
    @action(detail=True, methods=["post"])
    def consequences(self, request, pk=None):
        data = self.validated(serializers.RewardInput)
        record = services.reward_record(actor=request.user, result=self.get_object(), **data)
        return Response(serializers.RewardSerializer(record).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["assessment"])
@service_schema(serializers.ObjectionSerializer, serializers.ObjectionCreateSerializer)
class ObjectionViewSet(
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.ObjectionSerializer
    create_serializer_class = serializers.ObjectionCreateSerializer
    permission_classes = [IsStaffMember]
    filterset_fields = ["status", "member__period"]

    def get_queryset(self):
        return selectors.objection_list(user=self.request.user)

    def perform_service_create(self, data):
        user = self.request.user
        member = pick(selectors.member_list(user=user), data["member"], "member")
        score = pick(selectors.score_list(user=user), data.get("score"), "score")
        return services.objection_file(
            actor=user, member=member, score=score, statement=data["statement"]
        )

    @extend_schema(
        request=serializers.ObjectionAnswerSerializer, responses=serializers.ObjectionSerializer
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        objection = self.get_object()
        data = self.validated(serializers.ObjectionAnswerSerializer)
        levels = RubricLevel.objects.filter(indicator__scores=objection.score_id)
        data["level"] = pick(levels, data.get("level"), "level")
        return self.respond(
            services.objection_answer(actor=request.user, objection=objection, **data)
        )


@extend_schema(tags=["assessment"])
@service_schema(
    serializers.TargetSerializer,
    serializers.TargetCreateSerializer,
    serializers.TargetUpdateSerializer,
)
class TargetViewSet(ServiceViewSet):
    serializer_class = serializers.TargetSerializer
    create_serializer_class = serializers.TargetCreateSerializer
    update_serializer_class = serializers.TargetUpdateSerializer
    permission_classes = [IsManagerOrReadOnly]
    filterset_fields = ["year", "indicator_code", "level"]

    def get_queryset(self):
        return selectors.target_list(user=self.request.user).order_by(
            "year", "indicator_code", "id"
        )

    def perform_service_create(self, data):
        user = self.request.user
        data["unit"] = pick(staff_selectors.org_unit_list(user=user), data["unit"], "unit")
        data["parent"] = pick(self.get_queryset(), data.get("parent"), "parent")
        data["post"] = pick(staff_selectors.post_list(user=user), data.get("post"), "post")
        data["staff"] = pick(staff_selectors.staff_list(user=user), data.get("staff"), "staff")
        return services.target_create(actor=user, **data)

    def perform_service_update(self, instance, data):
        return services.target_update(actor=self.request.user, target=instance, **data)


def register(router) -> None:
    router.register("assessment/schemes", SchemeViewSet, basename="assessment-scheme")
    router.register("assessment/periods", PeriodViewSet, basename="assessment-period")
    router.register("assessment/scores", ScoreViewSet, basename="assessment-score")
    router.register("assessment/votes", BallotViewSet, basename="assessment-vote")
    router.register("assessment/results", ResultViewSet, basename="assessment-result")
    router.register("assessment/objections", ObjectionViewSet, basename="assessment-objection")
    router.register("assessment/targets", TargetViewSet, basename="assessment-target")
