from django.urls import path

from roster import views, views_extras

app_name = "roster"

urlpatterns = [
    path("", views.roster_index, name="roster-list"),
    path("mine/", views.my_duties, name="my-duties"),
    path("preferences/", views.duty_preferences, name="duty-preferences"),
    path(
        "preferences/<int:pk>/remove/",
        views.duty_preference_remove,
        name="duty-preference-remove",
    ),
    path("generate/", views.roster_generate, name="generate"),
    path("duty-types/", views.duty_type_list, name="duty-type-list"),
    path("duty-types/new/", views.duty_type_edit, name="duty-type-create"),
    path("duty-types/<int:pk>/edit/", views.duty_type_edit, name="duty-type-edit"),
    path("<int:pk>/", views.roster_detail, name="roster-detail"),
    path("<int:pk>/publish/", views.roster_publish, name="roster-publish"),
    path("<int:pk>/edit/<str:operation>/", views.roster_edit, name="roster-edit"),
    path(
        "<int:pk>/duties/<int:assignment_pk>/accept-replacement/",
        views.accept_replacement,
        name="accept-replacement",
    ),
    *views_extras.urlpatterns,
]
