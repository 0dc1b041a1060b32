from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

# The reason logged for an account that was a superuser from its first save.
CREATED_AS_SUPERUSER = "account created as a superuser (createsuperuser)"


def log_superuser_created(sender, instance, created, raw=False, **kwargs):
    """An account saved for the first time with the superuser flag (`createsuperuser`, the
    first day's administrator) enters the role log like any later grant: every role in
    force is explained by the log. Fixtures being loaded (`raw`) bring their own log."""
    if not created or raw or not instance.is_superuser:
        return
    from kernel.accounts import ADMINISTRATOR
    from kernel.models import RoleGrant

    RoleGrant.objects.create(
        user=instance,
        role=ADMINISTRATOR,
        action=RoleGrant.Action.GRANT,
        reason=CREATED_AS_SUPERUSER,
    )


class KernelConfig(AppConfig):
    name = "kernel"
    verbose_name = _("HallMark kernel")

    def ready(self) -> None:
        post_save.connect(
            log_superuser_created,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="kernel.log_superuser_created",
        )
