"""Every write of assessment (keyword-only, `actor` explicit, atomic, validated).

Other apps and the background jobs import from here (`from assessment import services`).
"""

from assessment.services.objections import *  # noqa: F403
from assessment.services.periods import *  # noqa: F403
from assessment.services.results import *  # noqa: F403
from assessment.services.schemes import *  # noqa: F403
from assessment.services.scores import *  # noqa: F403
from assessment.services.votes import *  # noqa: F403
