from rest_framework.routers import DefaultRouter

from integrity_files import api

router = DefaultRouter()
api.register(router)

urlpatterns = [*router.urls, *api.extra_urlpatterns]
