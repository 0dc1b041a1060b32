from rest_framework.routers import DefaultRouter

from roster import api, api_extras

router = DefaultRouter()
api.register(router)
api_extras.register(router)

urlpatterns = [*router.urls, *api_extras.urlpatterns]
