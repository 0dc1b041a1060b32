from rest_framework.routers import DefaultRouter

from jobs import api

router = DefaultRouter()
api.register(router)

urlpatterns = router.urls
