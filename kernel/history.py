"""Who changed a row and why, for django-simple-history.

The request middleware fills in the user for changes made in a request; services set
both explicitly so management commands and tests are attributed as well.
"""

from django.db import models


def attribute_change(instance: models.Model, *, actor, reason: str = "") -> models.Model:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    if reason:
        instance._change_reason = reason
    return instance


def save_with_history(instance: models.Model, *, actor, reason: str = "", **save_kwargs):
    """full_clean, attribute and save: the one way services write a tracked row."""
    instance.full_clean()
    attribute_change(instance, actor=actor, reason=reason)
    instance.save(**save_kwargs)
    return instance
