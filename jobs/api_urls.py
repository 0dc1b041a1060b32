from jobs.api import register

__all__ = ["register", "urlpatterns"]

urlpatterns: list = []
