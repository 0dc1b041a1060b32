from django.utils.translation import gettext_lazy as _

from kernel.errors import ErrorCode


class RosterError(ErrorCode):
    GENERATION_RUNNING = (
        "roster.generation_running",
        _("A generation for the same unit and dates is already queued or running"),
    )
