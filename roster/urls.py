from roster.views import (
    assignments,
    checkin,
    comp_time,
    duty_types,
    exports,
    feeds,
    notifications,
    preferences,
    rosters,
    swaps,
)

app_name = "roster"

urlpatterns = [
    *rosters.urlpatterns,
    *preferences.urlpatterns,
    *duty_types.urlpatterns,
    *assignments.urlpatterns,
    *swaps.urlpatterns,
    *checkin.urlpatterns,
    *feeds.urlpatterns,
    *exports.urlpatterns,
    *comp_time.urlpatterns,
    *notifications.urlpatterns,
]
