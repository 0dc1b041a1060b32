from django.urls import path

from assessment.views import cadre, manage, targets

app_name = "assessment"

urlpatterns = [
    path("", cadre.my_periods, name="my-periods"),
    path("periods/<int:period_pk>/me/", cadre.my_scorecard, name="my-scorecard"),
    path("members/<int:pk>/", cadre.scorecard, name="scorecard"),
    path("periods/<int:period_pk>/vote/", cadre.vote, name="vote"),
    path("periods/", manage.period_list, name="period-list"),
    path("periods/<int:pk>/", manage.period_detail, name="period-detail"),
    path("periods/<int:pk>/scores/", manage.score_grid, name="score-grid"),
    path("periods/<int:pk>/review/", manage.review, name="review"),
    path("periods/<int:pk>/objections/", manage.objections, name="objections"),
    path("schemes/", manage.scheme_list, name="scheme-list"),
    path("schemes/new/", manage.scheme_create, name="scheme-create"),
    path("schemes/<int:pk>/", manage.scheme_detail, name="scheme-detail"),
    path("targets/", targets.target_tree, name="target-tree"),
    path("targets/new/", targets.target_create, name="target-create"),
    path("targets/<int:pk>/", targets.target_detail, name="target-detail"),
]
