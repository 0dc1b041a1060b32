"""Every read of feedback, scoped to the asking user (UNSCOPED helpers say so in their
name). Other apps import from here (`from feedback import selectors`).

`public`: what the taxpayer pages read (card by token, who is serving, entry by tracking
code). `cases`: the staff side (entries, follow-ups, ratings, inbox). `metrics`: figures
for assessment and dashboards, aggregated in the database (`windows`: per window and the
overdue entries, for the dashboards). `unscoped`: per-person figures
of many people at once, for assessment's metric providers (UNSCOPED).
"""

from feedback.selectors.cases import *  # noqa: F403
from feedback.selectors.metrics import *  # noqa: F403
from feedback.selectors.public import *  # noqa: F403
from feedback.selectors.unscoped import *  # noqa: F403
from feedback.selectors.windows import *  # noqa: F403
