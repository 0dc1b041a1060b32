from rest_framework.routers import DefaultRouter

from assessment import api

router = DefaultRouter()
api.register(router)

urlpatterns = [*router.urls]
