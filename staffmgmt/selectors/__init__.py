"""Every read of staffmgmt. Selectors are keyword-only and take the asking `user` where they
scope; those whose name ends in `_unscoped` take no user and are for services and other
apps' selectors, which decide who may see the result. The work calendar is the same for
everybody, so its reads take no user and need no suffix.

Other apps import from here (`from staffmgmt import selectors`), never from models.
"""

from staffmgmt.selectors.absences import *  # noqa: F403
from staffmgmt.selectors.acting import *  # noqa: F403
from staffmgmt.selectors.calendar import *  # noqa: F403
from staffmgmt.selectors.coverage import *  # noqa: F403
from staffmgmt.selectors.decisions import *  # noqa: F403
from staffmgmt.selectors.leave import *  # noqa: F403
from staffmgmt.selectors.metrics import *  # noqa: F403
from staffmgmt.selectors.on_duty import *  # noqa: F403
from staffmgmt.selectors.org import *  # noqa: F403
from staffmgmt.selectors.windows import *  # noqa: F403
