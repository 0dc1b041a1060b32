"""Who made each account, and every grant and revocation of a role.

Roles are Django groups (kernel.roles), and django-simple-history does not see changes to
a user's groups: these two append-only tables are the record instead. Both are written
only by `kernel.accounts`; neither is ever changed or deleted (the admin shows them
read-only), so "who made this account a manager, when and why" always has an answer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.roles import role_label


class AppendOnly(models.Model):
    """A row that is written once: saving an existing row or deleting one is refused.

    The rule is here, not only in the admin, because an audit log that a shell or a
    careless script can rewrite is not a log.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise RuntimeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__name__} rows are append-only")


class AccountOrigin(AppendOnly):
    """Who created a user account (none: the system, a command, or before this log)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="account_origin",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts_created",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    note = models.CharField(_("how"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("account origin")
        verbose_name_plural = _("account origins")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by"], name="accountorigin_created_by")]

    def __str__(self) -> str:
        return f"{self.user} ← {self.created_by or '-'}"


class RoleGrant(AppendOnly):
    """One grant or revocation of a role: whose, which role, by whom, when and why."""

    class Action(models.TextChoices):
        GRANT = "grant", pgettext_lazy("role log", "granted")
        REVOKE = "revoke", pgettext_lazy("role log", "revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="role_grants",
    )
    # A role name (kernel.roles.Role) or "administrator" (the superuser flag).
    role = models.CharField(_("role"), max_length=40)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_grants_made",
        help_text=_("Empty: the system (a command, the demo, data loaded before the log)."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["grant", "revoke"]), name="rolegrant_action_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "at"], name="rolegrant_user_at")]

    def __str__(self) -> str:
        return f"{self.user}: {self.role} {self.get_action_display()}"

    @property
    def role_display(self) -> str:
        return role_label(self.role)


# API tokens are defined with their authentication (kernel.tokens).
from kernel.tokens import ApiToken  # noqa: E402

__all__ = ["AccountOrigin", "ApiToken", "RoleGrant"]
