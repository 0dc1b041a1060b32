"""The service-backed viewset: every app's API writes through it.

Reads come from `get_queryset()` (a selector scoped to the asking user). Writes validate
an input shape, call one service with `actor=request.user` and answer with the read shape
of the row, re-read through the scoped queryset:

    class PostViewSet(ServiceViewSet):
        serializer_class = PostSerializer            # the read shape
        create_serializer_class = PostCreateSerializer
        update_serializer_class = PostUpdateSerializer

        def get_queryset(self):
            return selectors.post_list(user=self.request.user)

        def perform_service_create(self, data):
            return services.post_create(actor=self.request.user, **data)

Workflow steps are `@action`s that validate their input and call one service:

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        absence = self.get_object()
        data = self.validated(AbsenceDecisionSerializer)
        return self.respond(services.absence_approve(actor=request.user, absence=absence, **data))

PUT is not offered: a partial update says what it changes.
"""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response


class ServiceStepsMixin:
    """`validated` and `respond` for workflow steps (`@action`s), for any GenericViewSet.

    It offers no create or update of its own, so a read-only viewset built on it answers
    POST and PATCH on its rows with 405 instead of failing for want of an input shape.
    """

    def validated(self, serializer_class, *, data: Any = None, **kwargs) -> dict:
        """The request body (or `data`) checked against an input shape: a 400 if not."""
        serializer = serializer_class(
            data=self.request.data if data is None else data,
            context=self.get_serializer_context(),
            **kwargs,
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, instance, *, status_code: int = status.HTTP_200_OK, serializer_class=None):
        """The read shape of `instance`, re-read through the scoped queryset so the answer
        carries exactly what a GET would (annotations included)."""
        queryset = self.get_queryset()
        reread = queryset.filter(pk=instance.pk).first() if queryset is not None else None
        instance = reread or instance
        serializer_class = serializer_class or self.get_serializer_class()
        serializer = serializer_class(instance, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)


class ServiceMixin(ServiceStepsMixin):
    """The input → service → read-shape idiom, for any GenericViewSet: create and partial
    update through `perform_service_create/update`, and the steps of ServiceStepsMixin."""

    create_serializer_class = None
    update_serializer_class = None

    def __init_subclass__(cls, **kwargs):
        """A viewset with no update shape and no update of its own serves no PATCH (nor
        does its schema list one): DRF answers 405 instead of the update failing. A
        subclass that adds an update shape gets PATCH back."""
        super().__init_subclass__(**kwargs)
        names = list(cls.http_method_names)
        own_update = cls.partial_update is not ServiceMixin.partial_update
        if cls.update_serializer_class is None and not own_update:
            cls.http_method_names = [name for name in names if name != "patch"]
            cls._patch_withheld = "patch" in names or getattr(cls, "_patch_withheld", False)
        elif getattr(cls, "_patch_withheld", False):
            cls.http_method_names = names if "patch" in names else [*names, "patch"]
            cls._patch_withheld = False

    def perform_service_create(self, data: dict):  # pragma: no cover - abstract hook
        raise NotImplementedError(f"{type(self).__name__} does not create")

    def perform_service_update(self, instance, data: dict):  # pragma: no cover
        raise NotImplementedError(f"{type(self).__name__} does not update")

    def create(self, request, *args, **kwargs):
        if self.create_serializer_class is None:
            # POST on the list reaches every viewset with this mixin; one without a create
            # shape creates nothing.
            raise MethodNotAllowed(request.method)
        instance = self.perform_service_create(self.validated(self.create_serializer_class))
        return self.respond(instance, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.validated(self.update_serializer_class, partial=True)
        instance = self.perform_service_update(instance, data)
        return self.respond(instance)


class ServiceViewSet(
    ServiceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and partially update, the writes through services."""

    http_method_names = ["get", "post", "patch", "head", "options"]


class ReadOnlyServiceViewSet(ServiceStepsMixin, viewsets.ReadOnlyModelViewSet):
    """List and read; workflow steps as actions through services."""


def service_schema(read, create=None, update=None):
    """The OpenAPI schema of a ServiceViewSet's writes: input shapes in, the read shape out."""
    views = {}
    if create is not None:
        views["create"] = extend_schema(request=create, responses={201: read})
    if update is not None:
        views["partial_update"] = extend_schema(request=update, responses=read)
    return extend_schema_view(**views)
