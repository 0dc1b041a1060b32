"""Every read of assessment, scoped to the asking user (keyword-only).

Scope: a cadre sees the periods they are assessed in and only their own scores, results
and objections — never another cadre's. A manager or a leader (reviewers) also sees the
members of every unit in their subtree (staffmgmt's unit scope). Integrity officers see
no scores through this app. A superuser sees everything. Helpers marked UNSCOPED are for
services.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from assessment import scoring
from assessment.models import (
    TARGET_CHILD_LEVEL,
    AnnualPart,
    Indicator,
    Member,
    Objection,
    Period,
    RewardPunishment,
    RubricLevel,
    Scheme,
    SchemeDimension,
    Score,
    Target,
    Vote,
    VoterMark,
)
from kernel.roles import Role, user_roles
from staffmgmt import selectors as staff_selectors

REVIEWER_ROLES = {Role.MANAGER, Role.LEADERSHIP}


def reviewer_unit_ids(*, user) -> QuerySet | None:
    """Ids of the units whose members `user` reviews (a values queryset), or None."""
    if not user or not user.is_authenticated:
        return None
    if not (user.is_superuser or user_roles(user) & REVIEWER_ROLES):
        return None
    return staff_selectors.org_unit_list(user=user).values("pk")


def is_reviewer_of(*, user, unit_id: int) -> bool:
    units = reviewer_unit_ids(user=user)
    return units is not None and units.filter(pk=unit_id).exists()


def managed_unit_ids(*, user) -> QuerySet:
    return staff_selectors.managed_org_unit_list(user=user).values("pk")


def _member_scope(user, prefix: str = "") -> Q:
    """Rows of members the user may see: their own, plus their reviewed units'."""
    staff = staff_selectors.staff_for_user(user=user)
    scope = Q(pk__in=[])
    if staff is not None:
        scope |= Q(**{f"{prefix}staff": staff})
    units = reviewer_unit_ids(user=user)
    if units is not None:
        scope |= Q(**{f"{prefix}unit__in": units})
    return scope


# --- schemes --------------------------------------------------------------------------


def scheme_list(*, user) -> QuerySet[Scheme]:
    """Schemes are the bureau's published rules: every signed-in user may read them."""
    if not user or not user.is_authenticated:
        return Scheme.objects.none()
    return schemes_with_tree_unscoped()


def schemes_with_tree_unscoped() -> QuerySet[Scheme]:
    """Schemes with dimensions, indicators and levels prefetched (for services)."""
    return Scheme.objects.prefetch_related(
        Prefetch(
            "dimensions",
            queryset=SchemeDimension.objects.prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.prefetch_related("levels"))
            ),
        )
    )


def scheme_get_for_user(*, user, pk) -> Scheme:
    try:
        return scheme_list(user=user).get(pk=pk)
    except (Scheme.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@dataclass
class SchemeCheck:
    scheme: Scheme
    problems: list[scoring.WeightProblem]

    @property
    def messages(self) -> list[str]:
        return [problem.message() for problem in self.problems]


def scheme_check(*, scheme: Scheme) -> SchemeCheck:
    """Where the scheme's weights do not add up (reads the prefetched tree when loaded)."""
    dimension_weights = {}
    indicator_weights: dict[str, list[Decimal]] = {}
    for dimension in scheme.dimensions.all():
        dimension_weights[dimension.get_dimension_display()] = dimension.weight
        indicator_weights[dimension.get_dimension_display()] = [
            indicator.weight for indicator in dimension.indicators.all()
        ]
    return SchemeCheck(scheme, scoring.weight_problems(dimension_weights, indicator_weights))


def scheme_in_force_unscoped(*, post_type: str, on_day) -> Scheme | None:
    """The active version of a post type's scheme in force on a day (latest version)."""
    return (
        Scheme.objects.filter(
            post_type=post_type, status=Scheme.Status.ACTIVE, valid_from__lte=on_day
        )
        .order_by("-valid_from", "-version")
        .first()
    )


# --- periods --------------------------------------------------------------------------


def period_list(*, user) -> QuerySet[Period]:
    """Periods the user is assessed in or reviews (any member of their units)."""
    if not user or not user.is_authenticated:
        return Period.objects.none()
    qs = Period.objects.select_related("unit")
    if user.is_superuser:
        return qs
    visible_members = Member.objects.filter(_member_scope(user), period=OuterRef("pk"))
    scope = Exists(visible_members)
    units = reviewer_unit_ids(user=user)
    if units is not None:
        scope = scope | Q(unit__in=units)
    return qs.filter(scope)


def period_get_for_user(*, user, pk) -> Period:
    try:
        return period_list(user=user).get(pk=pk)
    except (Period.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def annual_quarter_candidates(*, user, period: Period) -> list[Period]:
    """The quarterly periods of an annual period's unit within its dates, as far as the
    user sees them (what the annual score may be derived from), first quarter first."""
    if period.kind != Period.Kind.ANNUAL:
        return []
    return list(
        period_list(user=user)
        .filter(
            kind=Period.Kind.QUARTERLY,
            unit_id=period.unit_id,
            start_date__gte=period.start_date,
            end_date__lte=period.end_date,
        )
        .order_by("start_date", "id")
    )


def annual_part_list(*, period: Period) -> list[AnnualPart]:
    """The parts of an annual period's composite (own part first); the caller got the
    period through a scoped selector."""
    return list(AnnualPart.objects.filter(period=period).select_related("quarter").order_by("id"))


def member_for_user(*, user, period: Period) -> Member | None:
    """The user's own membership of a period (None when not assessed in it)."""
    staff = staff_selectors.staff_for_user(user=user)
    if staff is None:
        return None
    return (
        Member.objects.select_related("staff", "unit", "scheme", "period")
        .filter(period=period, staff=staff)
        .first()
    )


def member_list(*, user, period: Period | None = None) -> QuerySet[Member]:
    qs = Member.objects.select_related("staff", "unit", "scheme", "period")
    if not (user and user.is_authenticated):
        return qs.none()
    if not user.is_superuser:
        qs = qs.filter(_member_scope(user))
    if period is not None:
        qs = qs.filter(period=period)
    return qs


def reviewed_member_list(*, user, period: Period) -> QuerySet[Member]:
    """Members of the period in the units the user reviews (not their own row as a
    cadre): what score grids and review pages list."""
    units = reviewer_unit_ids(user=user)
    qs = Member.objects.select_related("staff", "unit", "scheme").filter(period=period)
    if user.is_superuser:
        return qs
    if units is None:
        return qs.none()
    return qs.filter(unit__in=units)


def members_unscoped(*, period: Period) -> QuerySet[Member]:
    return Member.objects.filter(period=period).select_related("staff", "unit", "scheme")


# --- scores ---------------------------------------------------------------------------


def score_list(*, user, period: Period | None = None) -> QuerySet[Score]:
    qs = Score.objects.select_related(
        "member",
        "member__staff",
        "member__period",
        "indicator",
        "indicator__dimension",
        "level",
        "self_level",
        "assessor",
    )
    if not (user and user.is_authenticated):
        return qs.none()
    if not user.is_superuser:
        qs = qs.filter(_member_scope(user, "member__"))
    if period is not None:
        qs = qs.filter(member__period=period)
    return qs


def score_get_for_user(*, user, pk) -> Score:
    try:
        return score_list(user=user).get(pk=pk)
    except (Score.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@dataclass
class ScoreGrid:
    """Members by indicators of one scheme for the manager's grid: `rows` are
    (member, [score or None per indicator])."""

    indicators: list[Indicator]
    rows: list[tuple[Member, list[Score | None]]]
    levels: dict[int, list[RubricLevel]] = field(default_factory=dict)


def score_grid(*, user, period: Period, scheme: Scheme | None = None) -> list[ScoreGrid]:
    """One grid per scheme used in the period, over the members the user reviews (their
    own row left out: an assessor never scores themselves). Four queries in all."""
    me = staff_selectors.staff_for_user(user=user)
    members = list(
        reviewed_member_list(user=user, period=period).order_by("unit__path", "staff__name")
    )
    if me is not None:
        members = [m for m in members if m.staff_id != me.pk]
    scheme_ids = sorted({m.scheme_id for m in members})
    if scheme is not None:
        scheme_ids = [s for s in scheme_ids if s == scheme.pk]
    indicators = list(
        Indicator.objects.filter(dimension__scheme_id__in=scheme_ids)
        .select_related("dimension")
        .prefetch_related("levels")
        .order_by("dimension__scheme_id", "dimension_id", "id")
    )
    scores = Score.objects.filter(member__in=[m.pk for m in members]).select_related("level")
    by_id = {i.pk: i for i in indicators}
    by_key = {}
    for score in scores:
        if score.indicator_id not in by_id:
            continue
        # The indicators are loaded once above; each score shares them instead of a join.
        score.indicator = by_id[score.indicator_id]
        by_key[(score.member_id, score.indicator_id)] = score
    grids = []
    for scheme_id in scheme_ids:
        own = [i for i in indicators if i.dimension.scheme_id == scheme_id]
        rows = [
            (m, [by_key.get((m.pk, i.pk)) for i in own])
            for m in members
            if m.scheme_id == scheme_id
        ]
        grids.append(
            ScoreGrid(indicators=own, rows=rows, levels={i.pk: list(i.levels.all()) for i in own})
        )
    return grids


# --- scorecard ----------------------------------------------------------------------


@dataclass
class ScorecardLine:
    score: Score
    rule_words: str
    source_label: str


@dataclass
class ScorecardDimension:
    code: str
    label: str
    weight: Decimal
    score: Decimal | None
    lines: list[ScorecardLine]


def scorecard(*, user, member: Member) -> list[ScorecardDimension]:
    """The member's indicators by dimension, each with target, actual, rule in words,
    points and source. The caller got `member` through a scoped selector."""
    from assessment.providers import DEMOCRATIC_METRIC, provider_by_key

    providers = provider_by_key()
    dimensions = list(SchemeDimension.objects.filter(scheme_id=member.scheme_id).order_by("id"))
    scores = list(
        Score.objects.filter(member=member)
        .select_related("indicator", "level", "self_level", "assessor")
        .order_by("indicator_id")
    )
    result_terms = {}
    try:
        result = member.result
    except Member.result.RelatedObjectDoesNotExist:
        result = None
    if result is not None:
        result_terms = {t["dimension"]: t for t in result.terms}
    out = []
    for dimension in dimensions:
        lines = []
        for score in scores:
            indicator = score.indicator
            if indicator.dimension_id != dimension.pk:
                continue
            if indicator.metric == DEMOCRATIC_METRIC:
                words = scoring.democratic_rule_in_words(member.period.min_votes)
                source = str(Score.Source.DEMOCRATIC.label)
            elif indicator.kind == Indicator.Kind.RUBRIC:
                words = scoring.rule_in_words("", {}, None)
                source = score.get_source_display()
            else:
                target = (
                    score.target_value if score.target_value is not None else indicator.target_value
                )
                if indicator.rule:
                    words = scoring.rule_in_words(indicator.rule, indicator.rule_params, target)
                else:
                    words = str(_metric_as_points())
                provider = providers.get(indicator.metric)
                source = (
                    f"{score.get_source_display()} · {provider.source}"
                    if provider is not None and provider.source
                    else score.get_source_display()
                )
            lines.append(ScorecardLine(score=score, rule_words=words, source_label=source))
        term = result_terms.get(dimension.dimension)
        out.append(
            ScorecardDimension(
                code=dimension.dimension,
                label=dimension.get_dimension_display(),
                weight=dimension.weight,
                score=Decimal(term["score"]) if term and term["score"] is not None else None,
                lines=lines,
            )
        )
    return out


def _metric_as_points():
    from django.utils.translation import gettext

    return gettext("Points = the figure itself (0-100).")


# --- democratic appraisal -------------------------------------------------------------


def colleagues_to_appraise(*, user, period: Period) -> list[Member]:
    """The members of the voter's unit in the period, the voter left out."""
    me = member_for_user(user=user, period=period)
    if me is None:
        return []
    return list(
        Member.objects.filter(period=period, unit_id=me.unit_id)
        .exclude(pk=me.pk)
        .select_related("staff")
        .order_by("staff__name")
    )


def has_voted(*, user, period: Period) -> bool:
    staff = staff_selectors.staff_for_user(user=user)
    return staff is not None and VoterMark.objects.filter(period=period, voter=staff).exists()


@dataclass
class Turnout:
    unit_name: str
    members: int
    voted: int


def turnout(*, user, period: Period) -> list[Turnout]:
    """Per unit: members and how many have voted (counts only: never who voted how)."""
    members = reviewed_member_list(user=user, period=period)
    me = member_for_user(user=user, period=period)
    if not members.exists() and me is not None:
        members = Member.objects.filter(period=period, unit_id=me.unit_id)
    voted = set(
        VoterMark.objects.filter(
            period=period, voter_id__in=members.values("staff_id")
        ).values_list("voter_id", flat=True)
    )
    by_unit: dict[int, Turnout] = {}
    for member in members.select_related("unit"):
        row = by_unit.setdefault(member.unit_id, Turnout(member.unit.name, 0, 0))
        row.members += 1
        row.voted += member.staff_id in voted
    return list(by_unit.values())


def non_voters_unscoped(*, period: Period) -> list[Member]:
    return list(
        Member.objects.filter(period=period)
        .exclude(staff_id__in=VoterMark.objects.filter(period=period).values("voter_id"))
        .select_related("staff")
    )


def vote_tallies_unscoped(*, period: Period) -> dict[int, dict[str, int]]:
    """Per appraised member: {choice: count}. One grouped query; no ballot is read."""
    rows = (
        Vote.objects.filter(appraisee__period=period)
        .values("appraisee_id", "choice")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tallies: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        tallies[row["appraisee_id"]][row["choice"]] = row["n"]
    return dict(tallies)


def vote_summary(*, user, member: Member) -> dict[str, int]:
    """Counts of each vote on `member` (already scoped by the caller), once published or
    to reviewers: never which ballot said what."""
    tally = vote_tallies_unscoped(period=member.period).get(member.pk, {})
    return {choice: tally.get(choice, 0) for choice in Vote.Choice.values}


# --- results --------------------------------------------------------------------------


def result_list(*, user, period: Period | None = None):
    from assessment.models import Result

    qs = Result.objects.select_related(
        "member", "member__staff", "member__unit", "member__scheme", "member__period"
    )
    if not (user and user.is_authenticated):
        return qs.none()
    if not user.is_superuser:
        # A cadre's own result only once published: during review it is a proposal.
        own = Q(member__staff=staff_selectors.staff_for_user(user=user)) & Q(
            member__period__state__in=[Period.State.PUBLISHED, Period.State.ARCHIVED]
        )
        units = reviewer_unit_ids(user=user)
        scope = own | Q(member__unit__in=units) if units is not None else own
        qs = qs.filter(scope)
    if period is not None:
        qs = qs.filter(member__period=period)
    return qs


def reviewed_result_list(*, user, period: Period):
    from assessment.models import Result

    units = reviewer_unit_ids(user=user)
    qs = Result.objects.select_related("member", "member__staff", "member__unit").filter(
        member__period=period
    )
    if user.is_superuser:
        return qs.order_by("member__unit__path", "rank_in_unit")
    if units is None:
        return qs.none()
    return qs.filter(member__unit__in=units).order_by("member__unit__path", "rank_in_unit")


@dataclass
class QuotaLine:
    unit_name: str
    members: int
    quota: int
    excellent: int

    @property
    def exceeded(self) -> bool:
        return self.excellent > self.quota


def quota_summary(*, results, period: Period) -> list[QuotaLine]:
    """Per unit of the results shown: size, quota and grades of "excellent" now."""
    from assessment.models import Grade

    sizes = Counter()
    excellent = Counter()
    names = {}
    for result in results:
        unit_id = result.member.unit_id
        names[unit_id] = result.member.unit.name
        sizes[unit_id] += 1
        excellent[unit_id] += result.grade == Grade.EXCELLENT
    full_sizes = dict(
        Member.objects.filter(period=period, unit_id__in=list(sizes))
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        QuotaLine(
            unit_name=names[unit_id],
            members=full_sizes.get(unit_id, sizes[unit_id]),
            quota=scoring.quota_size(
                full_sizes.get(unit_id, sizes[unit_id]), period.excellent_quota_percent
            ),
            excellent=excellent[unit_id],
        )
        for unit_id in sizes
    ]


# --- objections, rewards --------------------------------------------------------------


def objection_list(*, user, period: Period | None = None) -> QuerySet[Objection]:
    qs = Objection.objects.select_related(
        "member", "member__staff", "member__period", "score", "score__indicator", "answered_by"
    )
    if not (user and user.is_authenticated):
        return qs.none()
    if not user.is_superuser:
        qs = qs.filter(_member_scope(user, "member__"))
    if period is not None:
        qs = qs.filter(member__period=period)
    return qs


def objection_get_for_user(*, user, pk) -> Objection:
    try:
        return objection_list(user=user).get(pk=pk)
    except (Objection.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def consequence_list(*, user, member: Member) -> QuerySet[RewardPunishment]:
    return RewardPunishment.objects.filter(
        result__member=member, result__member__in=member_list(user=user)
    ).select_related("recorded_by")


# --- targets --------------------------------------------------------------------------


@dataclass
class TargetNode:
    target: Target
    children: list[TargetNode]
    children_sum: Decimal | None
    # "ok", "short" (children below the parent), "over" (above it, no stretch stated),
    # "stretch" (above it, stated), "leaf".
    status: str

    @property
    def difference(self) -> Decimal | None:
        """The target minus its parts (None for a leaf): what is left to decompose, or,
        below zero, the stretch."""
        return None if self.children_sum is None else self.target.value - self.children_sum


def target_list(*, user) -> QuerySet[Target]:
    """The targets `user` may see: a manager or a leader those of the units in their
    subtree (staffmgmt's unit scope); anyone else (a cadre, an integrity officer) only
    their own personal targets; a superuser all."""
    if not user or not user.is_authenticated:
        return Target.objects.none()
    targets = Target.objects.select_related("unit", "post", "staff")
    units = reviewer_unit_ids(user=user)
    if units is not None:
        return targets.filter(unit__in=units)
    staff = staff_selectors.staff_for_user(user=user)
    if staff is None:
        return Target.objects.none()
    return targets.filter(level=Target.Level.PERSON, staff=staff)


def target_get_for_user(*, user, pk) -> Target:
    try:
        return target_list(user=user).select_related("parent").get(pk=pk)
    except (Target.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def target_node(target: Target, children: list[Target]) -> TargetNode:
    """One target with its direct children (leaves), for the target's own page."""
    nodes = [TargetNode(child, [], None, "leaf") for child in children]
    return _node(target, nodes)


def _node(target: Target, children: list[TargetNode]) -> TargetNode:
    if not children:
        return TargetNode(target, [], None, "leaf")
    total = sum((c.target.value for c in children), Decimal(0))
    if total == target.value:
        status = "ok"
    elif total < target.value:
        status = "short"
    else:
        status = "stretch" if target.stretch_note else "over"
    return TargetNode(target, children, total, status)


def target_forest(*, user, year: int) -> dict[str, list[TargetNode]]:
    """Every indicator's decomposition for a year, by indicator code: one query."""
    targets = list(target_list(user=user).filter(year=year).order_by("indicator_code", "id"))
    by_parent: dict[int | None, list[Target]] = defaultdict(list)
    ids = {t.pk for t in targets}
    for target in targets:
        # A target whose parent the user does not see (a hall manager below the
        # bureau's target) is a root of what they see.
        parent = target.parent_id if target.parent_id in ids else None
        by_parent[parent].append(target)

    def build(target: Target) -> TargetNode:
        return _node(target, [build(child) for child in by_parent.get(target.pk, [])])

    forest: dict[str, list[TargetNode]] = defaultdict(list)
    for root in by_parent.get(None, []):
        forest[root.indicator_code].append(build(root))
    return dict(forest)


def target_tree(*, user, year: int, indicator_code: str) -> list[TargetNode]:
    """The decomposition of one indicator's targets for a year, with where the children
    no longer add up to their parent, as far as `user` sees the targets; one query."""
    return target_forest(user=user, year=year).get(indicator_code, [])


def target_years(*, user) -> list[int]:
    return list(target_list(user=user).order_by("-year").values_list("year", flat=True).distinct())


def target_codes(*, user) -> list[tuple[int, str]]:
    return list(
        target_list(user=user)
        .values_list("year", "indicator_code")
        .distinct()
        .order_by("-year", "indicator_code")
    )


def target_history(*, target: Target) -> list:
    """Who changed the target, when and why (django-simple-history), newest first."""
    return list(target.history.select_related("history_user").order_by("-history_date"))


def target_child_candidates(*, user, parent: Target) -> list:
    """What a target may be decomposed into, one level down, among what `user` manages:
    the units below a bureau target's unit, the posts of a unit target's subtree, the
    people of a post target's unit. Those already holding a child target are left out."""
    managed = staff_selectors.managed_org_unit_list(user=user)
    subtree = staff_selectors.org_unit_subtree_unscoped(unit=parent.unit).values("pk")
    taken = Target.objects.filter(parent=parent)
    if parent.level == Target.Level.BUREAU:
        return list(
            managed.filter(pk__in=subtree)
            .exclude(pk=parent.unit_id)
            .exclude(pk__in=taken.values("unit_id"))
            .order_by("name")
        )
    if parent.level == Target.Level.UNIT:
        return list(
            staff_selectors.post_list(user=user)
            .filter(unit__in=subtree)
            .filter(unit__in=managed.values("pk"))
            .exclude(pk__in=taken.exclude(post=None).values("post_id"))
            .select_related("unit")
            .order_by("unit__name", "name")
        )
    if parent.level == Target.Level.POST:
        unit = parent.post.unit if parent.post_id else parent.unit
        return list(
            staff_selectors.staff_of_unit_list(user=user, unit=unit)
            .filter(unit__in=managed.values("pk"))
            .exclude(pk__in=taken.exclude(staff=None).values("staff_id"))
            .order_by("name")
        )
    return []


def target_child_level(target: Target) -> str | None:
    """The level of `target`'s parts (None for a personal target). Pure."""
    return TARGET_CHILD_LEVEL.get(target.level)


def target_indicator_codes() -> list[str]:
    """The codes of the quantitative indicators of every scheme (targets name them)."""
    return list(
        Indicator.objects.filter(kind=Indicator.Kind.QUANTITATIVE)
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )


def enrolment_candidate_list(*, user, period: Period):
    """The active people of the period's unit (and below) whom `user` manages and who are
    not yet assessed in it: whom the period page offers to enrol."""
    enrolled = Member.objects.filter(period=period).values("staff_id")
    return (
        staff_selectors.staff_of_unit_list(user=user, unit=period.unit)
        .filter(unit__in=managed_unit_ids(user=user))
        .exclude(pk__in=enrolled)
        .order_by("name")
    )


def active_post_types() -> list[str]:
    """The post types with a scheme in force (periods enrol under them)."""
    return sorted(
        set(Scheme.objects.filter(status=Scheme.Status.ACTIVE).values_list("post_type", flat=True))
    )
