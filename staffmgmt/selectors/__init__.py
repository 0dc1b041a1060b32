"""Every read of staffmgmt, already scoped to the asking user.

Other apps import from here (`from staffmgmt import selectors`), never from models.
"""

from staffmgmt.selectors.absences import *  # noqa: F403
from staffmgmt.selectors.acting import *  # noqa: F403
from staffmgmt.selectors.calendar import *  # noqa: F403
from staffmgmt.selectors.coverage import *  # noqa: F403
from staffmgmt.selectors.leave import *  # noqa: F403
from staffmgmt.selectors.org import *  # noqa: F403
