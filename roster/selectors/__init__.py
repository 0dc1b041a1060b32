"""Every read of roster, already scoped to the asking user (helpers marked UNSCOPED are
for other apps' services and selectors, which decide who may see the result).

`rosters`: duty types, rosters, assignments, the month grid. `duties`: what follows
publishing (swaps, check-ins, calendar feeds, compensatory time, notices).
Other apps import from here (`from roster import selectors`).
"""

from roster.selectors.duties import *  # noqa: F403
from roster.selectors.figures import *  # noqa: F403
from roster.selectors.preferences import *  # noqa: F403
from roster.selectors.rosters import *  # noqa: F403
