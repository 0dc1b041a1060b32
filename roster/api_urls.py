from rest_framework.routers import DefaultRouter

from roster import api

router = DefaultRouter()
api.register(router)

urlpatterns = [*router.urls]
