"""Every write use case of staffmgmt: atomic, validated, with the actor recorded.

Other apps import from here (`from staffmgmt import services`), never from models.
"""

from staffmgmt.services.absences import *  # noqa: F403
from staffmgmt.services.acting import *  # noqa: F403
from staffmgmt.services.calendar import *  # noqa: F403
from staffmgmt.services.imports import *  # noqa: F403
from staffmgmt.services.org import *  # noqa: F403
