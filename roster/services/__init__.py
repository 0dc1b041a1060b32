"""Every write use case of roster: atomic, validated, with the actor recorded.

Other apps import from here (`from roster import services`), never from models.
"""

from roster.services.assignments import *  # noqa: F403
from roster.services.checkin import *  # noqa: F403
from roster.services.comp_time import *  # noqa: F403
from roster.services.duty_types import *  # noqa: F403
from roster.services.edits import *  # noqa: F403
from roster.services.exports import *  # noqa: F403
from roster.services.feeds import *  # noqa: F403
from roster.services.generation import *  # noqa: F403
from roster.services.generation_jobs import *  # noqa: F403
from roster.services.notifications import *  # noqa: F403
from roster.services.preferences import *  # noqa: F403
from roster.services.swaps import *  # noqa: F403
