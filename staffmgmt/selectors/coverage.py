"""Who covers a post on a half day, computed from AB pairings, approved absences and the
work calendar; never stored.

Rule: on a working day the A holder covers the post; when A is away (approved leave for
that half day, or no longer active) the B holder covers; when both are away, or no
pairing is in force, nobody does and the post-half-day is a gap. Posts are not staffed on
weekends and holidays, so those days are never gaps.
"""

from collections import ChainMap, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kernel.errors import invalid
from staffmgmt.errors import StaffError
from staffmgmt.models import Absence, ActingAssignment, Post, PostPairing, Staff
from staffmgmt.selectors.absences import absences_by_staff_day, approved_absence_list_unscoped
from staffmgmt.selectors.org import post_list

__all__ = [
    "HALVES",
    "MAX_COVERAGE_DAYS",
    "CoverageReason",
    "Gap",
    "PostCoverage",
    "gap_list",
    "gaps_if_absence_approved_unscoped",
    "gaps_if_absences_approved_unscoped",
    "post_coverage_list_unscoped",
    "post_coverage_unscoped",
]

HALVES = ("am", "pm")
# Bounds the work of one request; a year is the longest view anyone plans over.
MAX_COVERAGE_DAYS = 366


class CoverageReason:
    """Stable codes for why a post-half-day is (or is not) covered."""

    A_PRESENT = "a_present"
    A_ABSENT_B_COVERS = "a_absent_b_covers"
    A_INACTIVE_B_COVERS = "a_inactive_b_covers"
    BOTH_ABSENT = "both_absent"
    NO_PAIRING = "no_pairing"
    ACTING_COVERS = "acting_covers"
    NON_WORKING_DAY = "non_working_day"
    POST_INACTIVE = "post_inactive"

    UNCOVERED = frozenset({BOTH_ABSENT, NO_PAIRING})


def _half_label(half: str) -> str:
    return _("morning") if half == "am" else _("afternoon")


def _away_text(role: str, person: Staff, absence: Absence | None) -> str:
    if absence is not None:
        return _("%(role)s holder %(name)s is away (%(kind)s)") % {
            "role": role,
            "name": person.name,
            "kind": absence.get_kind_display(),
        }
    return _("%(role)s holder %(name)s is no longer active") % {"role": role, "name": person.name}


@dataclass(frozen=True)
class PostCoverage:
    """Who covers `post` in one half (`"am"`/`"pm"`) of `date`, and why (`reason` code)."""

    post: Post
    date: date
    half: str
    pairing: PostPairing | None
    covered_by: Staff | None
    role: str | None
    reason: str
    a_absence: Absence | None = field(default=None, compare=False)
    b_absence: Absence | None = field(default=None, compare=False)

    @property
    def is_gap(self) -> bool:
        return self.reason in CoverageReason.UNCOVERED

    @property
    def half_label(self) -> str:
        return _half_label(self.half)

    @property
    def absences(self) -> tuple[Absence, ...]:
        return tuple(a for a in (self.a_absence, self.b_absence) if a is not None)

    @property
    def reason_text(self) -> str:
        reason = self.reason
        if reason == CoverageReason.NON_WORKING_DAY:
            return _("Not a working day: the post is not staffed.")
        if reason == CoverageReason.POST_INACTIVE:
            return _("The post is not active.")
        if reason == CoverageReason.NO_PAIRING:
            return _("No AB pairing is in force: nobody covers the post.")
        if reason == CoverageReason.ACTING_COVERS:
            return _("A and B are away; acting holder %(name)s covers.") % {
                "name": self.covered_by.name
            }
        a, b = self.pairing.a_holder, self.pairing.b_holder
        if reason == CoverageReason.A_PRESENT:
            return _("A holder %(name)s covers the post.") % {"name": a.name}
        if reason in (CoverageReason.A_ABSENT_B_COVERS, CoverageReason.A_INACTIVE_B_COVERS):
            return _("%(away)s; B holder %(name)s covers.") % {
                "away": _away_text("A", a, self.a_absence),
                "name": b.name,
            }
        return _("%(a_away)s and %(b_away)s: nobody covers the post.") % {
            "a_away": _away_text("A", a, self.a_absence),
            "b_away": _away_text("B", b, self.b_absence),
        }


@dataclass(frozen=True)
class Gap:
    """A post left with nobody on some halves of a working day."""

    post: Post
    date: date
    halves: tuple[str, ...]
    reason: str
    absences: tuple[Absence, ...]
    coverage: tuple[PostCoverage, ...] = field(compare=False, default=())

    @property
    def reason_text(self) -> str:
        return self.coverage[0].reason_text if self.coverage else ""

    @property
    def halves_label(self) -> str:
        if set(self.halves) == set(HALVES):
            return _("whole day")
        return pgettext("list separator", ", ").join(_half_label(half) for half in self.halves)

    def as_warning(self) -> dict:
        """The plain-dict form pages and the API show as a confirmation warning."""
        return {
            "post_id": self.post.pk,
            "post": self.post.name,
            "date": self.date.isoformat(),
            "halves": list(self.halves),
        }


def _validate_range(start: date, end: date) -> None:
    if end < start:
        raise invalid(
            StaffError.COVERAGE_END_BEFORE_START,
            _("The end date must not be before the start date."),
            field="end",
        )
    if (end - start).days + 1 > MAX_COVERAGE_DAYS:
        raise invalid(
            StaffError.COVERAGE_RANGE_TOO_LONG,
            _("The period may be at most %(days)d days.") % {"days": MAX_COVERAGE_DAYS},
            field="end",
        )


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _pairings_by_post(post_ids: list[int], start: date, end: date) -> dict[int, list]:
    pairings = (
        PostPairing.objects.filter(post_id__in=post_ids, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .select_related("a_holder", "b_holder")
    )
    by_post: dict[int, list[PostPairing]] = defaultdict(list)
    for pairing in pairings:
        by_post[pairing.post_id].append(pairing)
    return by_post


def _away(staff: Staff, day: date, half: str, away_map) -> tuple[bool, Absence | None]:
    """Whether a person is away in a half day, and the absence that takes it (if any)."""
    for absence, halves in away_map.get((staff.pk, day), ()):
        if half in halves:
            return True, absence
    return (not staff.is_active), None


def _acting_cover(post, day, half, pairing, away_map, acting_map, uncovered):
    """An acting holder assigned for the half day, if present, else the uncovered entry."""
    acting = acting_map.get((post.pk, day, half))
    if acting is not None and not _away(acting, day, half, away_map)[0]:
        return PostCoverage(
            post,
            day,
            half,
            pairing,
            acting,
            "acting",
            CoverageReason.ACTING_COVERS,
            a_absence=uncovered.a_absence,
            b_absence=uncovered.b_absence,
        )
    return uncovered


def _cover_half(post, day, half, pairing, away_map, acting_map=None) -> PostCoverage:
    if pairing is None:
        uncovered = PostCoverage(post, day, half, None, None, None, CoverageReason.NO_PAIRING)
        return _acting_cover(post, day, half, pairing, away_map, acting_map or {}, uncovered)
    a_away, a_absence = _away(pairing.a_holder, day, half, away_map)
    if not a_away:
        return PostCoverage(
            post, day, half, pairing, pairing.a_holder, "A", CoverageReason.A_PRESENT
        )
    b_away, b_absence = _away(pairing.b_holder, day, half, away_map)
    if not b_away:
        reason = (
            CoverageReason.A_ABSENT_B_COVERS
            if a_absence is not None
            else CoverageReason.A_INACTIVE_B_COVERS
        )
        return PostCoverage(
            post, day, half, pairing, pairing.b_holder, "B", reason, a_absence=a_absence
        )
    uncovered = PostCoverage(
        post,
        day,
        half,
        pairing,
        None,
        None,
        CoverageReason.BOTH_ABSENT,
        a_absence=a_absence,
        b_absence=b_absence,
    )
    return _acting_cover(post, day, half, pairing, away_map, acting_map or {}, uncovered)


def _compute(
    posts, days, working: set[date], pairings_by_post, away_map: Mapping, acting_map=None
) -> list[PostCoverage]:
    result: list[PostCoverage] = []
    for day in days:
        for post in posts:
            pairing = next(
                (p for p in pairings_by_post.get(post.pk, ()) if p.in_force_on(day)), None
            )
            for half in HALVES:
                if day not in working:
                    result.append(
                        PostCoverage(
                            post, day, half, pairing, None, None, CoverageReason.NON_WORKING_DAY
                        )
                    )
                elif not post.is_active:
                    result.append(
                        PostCoverage(
                            post, day, half, pairing, None, None, CoverageReason.POST_INACTIVE
                        )
                    )
                else:
                    result.append(_cover_half(post, day, half, pairing, away_map, acting_map))
    return result


def _working_set(start: date, end: date) -> set[date]:
    """Working days of [start, end]; one calendar read per MAX_CALENDAR_RANGE_DAYS chunk."""
    from staffmgmt.selectors.calendar import MAX_CALENDAR_RANGE_DAYS, working_days

    working: set[date] = set()
    chunk_start = start
    while chunk_start <= end:
        chunk_end = min(end, chunk_start + timedelta(days=MAX_CALENDAR_RANGE_DAYS - 1))
        working.update(working_days(start=chunk_start, end=chunk_end))
        chunk_start = chunk_end + timedelta(days=1)
    return working


def _load(posts: list[Post], start: date, end: date):
    pairings_by_post = _pairings_by_post([p.pk for p in posts], start, end)
    staff_ids = {
        holder_id
        for pairings in pairings_by_post.values()
        for pairing in pairings
        for holder_id in (pairing.a_holder_id, pairing.b_holder_id)
    }
    acting_map = {
        (a.post_id, a.date, a.half): a.acting_holder
        for a in ActingAssignment.objects.filter(
            post_id__in=[p.pk for p in posts], date__range=(start, end)
        ).select_related("acting_holder")
    }
    staff_ids |= {holder.pk for holder in acting_map.values()}
    absences = (
        list(approved_absence_list_unscoped(staff_ids=staff_ids, start=start, end=end))
        if staff_ids
        else []
    )
    return pairings_by_post, absences, _working_set(start, end), acting_map


def post_coverage_list_unscoped(
    *, posts: Iterable[Post], start: date, end: date
) -> list[PostCoverage]:
    """Coverage of every post for both halves of every day in [start, end], by day then post.

    Unscoped: the caller passes posts the user may see. A constant number of queries:
    pairings in one, absences in one, the calendar in one call.
    """
    _validate_range(start, end)
    posts = list(posts)
    if not posts:
        return []
    pairings_by_post, absences, working, acting_map = _load(posts, start, end)
    away_map = absences_by_staff_day(absences=absences, start=start, end=end)
    return _compute(posts, _days(start, end), working, pairings_by_post, away_map, acting_map)


def post_coverage_unscoped(*, post: Post, day: date) -> list[PostCoverage]:
    """The two halves of one post on one day (a non-working day says so in its reason)."""
    return post_coverage_list_unscoped(posts=[post], start=day, end=day)


def _gaps_from(coverage: Iterable[PostCoverage]) -> list[Gap]:
    grouped: dict[tuple[date, int], list[PostCoverage]] = {}
    for entry in coverage:
        if entry.is_gap:
            grouped.setdefault((entry.date, entry.post.pk), []).append(entry)
    gaps = []
    for entries in grouped.values():
        absences: dict[int, Absence] = {}
        for entry in entries:
            for absence in entry.absences:
                absences.setdefault(absence.pk, absence)
        gaps.append(
            Gap(
                post=entries[0].post,
                date=entries[0].date,
                halves=tuple(entry.half for entry in entries),
                reason=entries[0].reason,
                absences=tuple(absences.values()),
                coverage=tuple(entries),
            )
        )
    return gaps


def _surely_covered(start: date, end: date) -> Exists:
    """Whether the A holder covers the post on every half day of [start, end], as a
    condition on posts the database evaluates (set-based).

    True when a pairing is in force over the whole range and its A holder is active and
    has no approved absence in it; such a post cannot have a gap, whatever B does, so
    gap_list leaves it out in the query instead of loading its pairing and holders.
    """
    away = Absence.objects.filter(
        staff=OuterRef("a_holder"),
        status=Absence.Status.APPROVED,
        start_date__lte=end,
        end_date__gte=start,
    )
    return Exists(
        PostPairing.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=end),
            post=OuterRef("pk"),
            valid_from__lte=start,
            a_holder__is_active=True,
        ).exclude(Exists(away))
    )


def gap_list(*, user, start: date, end: date, units=None) -> list[Gap]:
    """Active posts the user may see (of `units`, a queryset of units, when given) that
    have nobody on some half of a working day.

    The same gaps as those `post_coverage_list_unscoped` shows, by day then post, but only
    posts that may have one are read and expanded day by day: at province scale nearly
    every post has its A holder present throughout, and the database leaves those out
    (`_surely_covered`, one query), so the work is that of the few doubtful posts.
    """
    _validate_range(start, end)
    posts = post_list(user=user).filter(is_active=True)
    if units is not None:
        posts = posts.filter(unit__in=units)
    doubtful = list(posts.exclude(_surely_covered(start, end)))
    if not doubtful:
        return []
    pairings_by_post, absences, working, acting_map = _load(doubtful, start, end)
    away_map = absences_by_staff_day(absences=absences, start=start, end=end)
    return _gaps_from(
        _compute(doubtful, _days(start, end), working, pairings_by_post, away_map, acting_map)
    )


def _overlaps(pairing: PostPairing, start: date, end: date) -> bool:
    return pairing.valid_from <= end and (pairing.valid_to is None or start <= pairing.valid_to)


# Requests further apart than this are previewed separately, so one request years away
# (or a stored one from before the date checks) does not stretch the calendar read.
_CLUSTER_GAP = timedelta(days=62)


def gaps_if_absences_approved_unscoped(*, absences: Iterable[Absence]) -> dict[int, list[Gap]]:
    """For each absence (by pk), the gaps approving it alone would open.

    An absence outside the work calendar (stored before requests were checked) has no
    preview: approving it is refused, and the queue must still show the others. Absences
    are previewed in clusters of nearby periods, a constant number of queries each.
    """
    from staffmgmt.selectors.calendar import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY

    absences = list(absences)
    previews: dict[int, list[Gap]] = {absence.pk: [] for absence in absences}
    in_calendar = sorted(
        (
            a
            for a in absences
            if a.start_date >= CALENDAR_FIRST_DAY and a.end_date <= CALENDAR_LAST_DAY
        ),
        key=lambda a: a.start_date,
    )
    cluster: list[Absence] = []
    cluster_end = None
    for absence in in_calendar:
        if cluster and absence.start_date > cluster_end + _CLUSTER_GAP:
            previews.update(_gaps_if_approved_nearby(cluster))
            cluster = []
        if not cluster:
            cluster_end = absence.end_date
        cluster.append(absence)
        cluster_end = max(cluster_end, absence.end_date)
    if cluster:
        previews.update(_gaps_if_approved_nearby(cluster))
    return previews


def _gaps_if_approved_nearby(absences: list[Absence]) -> dict[int, list[Gap]]:
    """gaps_if_absences_approved for absences close together in time.

    Each preview is relative to the absences approved now, as if only that one were added:
    uncovered with it, covered without it. Gaps that exist anyway (e.g. the partner is
    already away) are not the absence's doing and are left out. One set of queries for the
    whole batch (posts, pairings, approved absences, calendar), however many absences:
    the approval queue shows every preview at once.
    """
    absences = list(absences)
    previews: dict[int, list[Gap]] = {absence.pk: [] for absence in absences}
    if not absences:
        return previews
    span_start = min(absence.start_date for absence in absences)
    span_end = max(absence.end_date for absence in absences)
    absentee_ids = {absence.staff_id for absence in absences}
    held_post_ids = (
        PostPairing.objects.filter(
            Q(a_holder_id__in=absentee_ids) | Q(b_holder_id__in=absentee_ids)
        )
        .filter(valid_from__lte=span_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=span_start))
        .values("post_id")
    )
    posts = list(Post.objects.filter(pk__in=held_post_ids, is_active=True).select_related("unit"))
    if not posts:
        return previews
    pairings_by_post, approved, working, acting_map = _load(posts, span_start, span_end)
    approved_now = absences_by_staff_day(absences=approved, start=span_start, end=span_end)

    for absence in absences:
        start, end = absence.start_date, absence.end_date
        own_posts = [
            post
            for post in posts
            if any(
                absence.staff_id in (p.a_holder_id, p.b_holder_id) and _overlaps(p, start, end)
                for p in pairings_by_post.get(post.pk, ())
            )
        ]
        if not own_posts:
            continue
        own_days = absences_by_staff_day(absences=[absence], start=start, end=end)
        # Overlays on the shared map: only the absentee's own days differ between "with"
        # and "without", so nothing is copied per absence.
        without_changes = {
            key: [entry for entry in approved_now.get(key, ()) if entry[0].pk != absence.pk]
            for key in own_days
        }
        with_changes = {key: [*without_changes[key], *entries] for key, entries in own_days.items()}
        days = _days(start, end)
        without = _compute(
            own_posts,
            days,
            working,
            pairings_by_post,
            ChainMap(without_changes, approved_now),
            acting_map,
        )
        with_it = _compute(
            own_posts,
            days,
            working,
            pairings_by_post,
            ChainMap(with_changes, approved_now),
            acting_map,
        )
        already = {(c.post.pk, c.date, c.half) for c in without if c.is_gap}
        caused = [c for c in with_it if c.is_gap and (c.post.pk, c.date, c.half) not in already]
        previews[absence.pk] = _gaps_from(caused)
    return previews


def gaps_if_absence_approved_unscoped(*, absence: Absence) -> list[Gap]:
    """The gaps approving `absence` would open (see `gaps_if_absences_approved_unscoped`).

    Also used to preview the warning before approval.
    """
    return gaps_if_absences_approved_unscoped(absences=[absence])[absence.pk]
