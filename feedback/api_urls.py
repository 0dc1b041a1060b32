from rest_framework.routers import DefaultRouter

from feedback.api import public, staff

router = DefaultRouter()
public.register(router)
staff.register(router)

urlpatterns = [*router.urls]
