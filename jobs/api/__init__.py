"""The jobs API: follow, cancel and retry the jobs one started or whose unit one manages."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jobs import selectors, services
from jobs.models import Job
from jobs.serializers import JobSerializer


class JobFilter(django_filters.FilterSet):
    class Meta:
        model = Job
        fields = ["kind", "state"]


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    filterset_class = JobFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A worker killed outright cannot say so: its job is failed here, before it is read.
        services.job_mark_lost()

    def get_queryset(self):
        return selectors.job_list(user=self.request.user)

    @extend_schema(request=None, responses={200: JobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = services.job_cancel(actor=request.user, job=self.get_object())
        return Response(JobSerializer(job).data)

    @extend_schema(request=None, responses={201: JobSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        job = services.job_retry(actor=request.user, job=self.get_object())
        return Response(JobSerializer(job).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("jobs", JobViewSet, basename="job")
