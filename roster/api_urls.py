"""roster's part of the site's API: viewsets registered on the one router `config.urls`
builds, plus plain views under their own paths."""

from django.urls import path

from roster.api import (
    assignments,
    checkin,
    comp_time,
    duty_types,
    edits,
    feeds,
    preferences,
    rosters,
    swaps,
)


def register(router) -> None:
    router.register("duty-types", duty_types.DutyTypeViewSet, basename="duty-type")
    router.register("rosters", rosters.RosterViewSet, basename="roster")
    router.register("assignments", assignments.AssignmentViewSet, basename="assignment")
    router.register("roster-edits", edits.RosterEditViewSet, basename="roster-edit")
    router.register(
        "duty-preferences", preferences.DutyPreferenceViewSet, basename="duty-preference"
    )
    router.register("swaps", swaps.SwapViewSet, basename="swap")
    router.register("checkins", checkin.CheckInViewSet, basename="checkin")


urlpatterns = [
    path("feed-token/", feeds.FeedTokenView.as_view(), name="feed-token"),
    path("comp-time/", comp_time.CompTimeView.as_view(), name="comp-time"),
]
