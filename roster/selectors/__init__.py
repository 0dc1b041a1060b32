"""Every read of roster. Selectors are keyword-only and take the asking `user` where they
scope; those whose name ends in `_unscoped` take no user and are for services and other
apps' selectors, which decide who may see the result.

`rosters`: duty types, rosters, assignments, the month grid. `duties`: what follows
publishing (swaps, check-ins, calendar feeds, compensatory time, notices).
Other apps import from here (`from roster import selectors`).
"""

from roster.selectors.decisions import *  # noqa: F403
from roster.selectors.duties import *  # noqa: F403
from roster.selectors.edits import *  # noqa: F403
from roster.selectors.figures import *  # noqa: F403
from roster.selectors.inbox import *  # noqa: F403
from roster.selectors.metrics import *  # noqa: F403
from roster.selectors.on_duty import *  # noqa: F403
from roster.selectors.preferences import *  # noqa: F403
from roster.selectors.rosters import *  # noqa: F403
