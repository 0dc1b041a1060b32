"""Per-person figures of staffmgmt for other apps' metrics (assessment's providers).

UNSCOPED: the caller (a metric provider inside assessment's computation) decides who may
see the result. Keyword-only, so a later rename of a positional helper elsewhere in
staffmgmt cannot silently reorder arguments here.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from staffmgmt.models import Post, PostPairing
from staffmgmt.selectors.coverage import CoverageReason, post_coverage_list_unscoped

__all__ = ["ab_covers_taken_unscoped"]


def ab_covers_taken_unscoped(*, staff_ids: Iterable[int], start: date, end: date) -> dict[int, int]:
    """Per person: half working days in [start, end] on which they covered a post as its B
    holder because the A holder was away or inactive. People with none are left out.

    A constant number of queries (the posts they are B of, then `post_coverage_list_unscoped`'
    own), however many people and days; ranges longer than it accepts
    are read in chunks of a year.
    """
    staff_ids = set(staff_ids)
    if not staff_ids:
        return {}
    post_ids = (
        PostPairing.objects.filter(b_holder_id__in=staff_ids, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .values("post_id")
    )
    posts = list(Post.objects.filter(pk__in=post_ids))
    counts: Counter[int] = Counter()
    covering = {CoverageReason.A_ABSENT_B_COVERS, CoverageReason.A_INACTIVE_B_COVERS}
    chunk_start = start
    while chunk_start <= end:
        chunk_end = min(end, date.fromordinal(chunk_start.toordinal() + 365))
        for entry in post_coverage_list_unscoped(posts=posts, start=chunk_start, end=chunk_end):
            if entry.reason in covering and entry.covered_by.pk in staff_ids:
                counts[entry.covered_by.pk] += 1
        chunk_start = date.fromordinal(chunk_end.toordinal() + 1)
    return dict(counts)
