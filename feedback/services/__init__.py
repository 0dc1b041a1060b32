"""Every write of feedback (`<entity>_<action>`, keyword-only, atomic, with the actor).

`public`: what taxpayers submit (ratings, entries), behind the abuse limits. `cases`:
what staff do with them (take, assign, reply, close, verify, follow up) and the windows'
rating cards. `reminders`: the daily deadline reminders and escalations. `rollups`: the daily rating
counts, kept on every rating and rebuilt from the ratings.
"""

from feedback.services.cases import *  # noqa: F403
from feedback.services.public import *  # noqa: F403
from feedback.services.reminders import *  # noqa: F403
from feedback.services.rollups import *  # noqa: F403
