"""Post-target assessment: schemes, indicators, targets, periods, scores, democratic
appraisal, results and grades, objections, rewards and punishments.

Points are on one scale everywhere: an indicator scores 0-100, a dimension is the weighted
mean of its indicators (0-100), the composite is the weighted mean of the dimensions
(0-100). Weights are percentages that add up to 100 inside a scheme and inside each
dimension; a scheme whose weights do not add up cannot be activated (scoring.py).

Democratic appraisal is stored so that nothing links a vote to its voter
(docs/adr/0009-assessment.md): a `Ballot` has a random id, no voter, no timestamp and no
history; the only trace of a voter is a `VoterMark` saying "has voted" in that period.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Dimension(models.TextChoices):
    MORALITY = "morality", _("Morality")
    ABILITY = "ability", _("Ability")
    DILIGENCE = "diligence", _("Diligence")
    PERFORMANCE = "performance", _("Performance")
    INTEGRITY = "integrity", _("Integrity")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


# Best first: a grade "above" another has a smaller index.
GRADE_ORDER = [Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.INCOMPETENT]


class Scheme(models.Model):
    """One version of the assessment scheme of a post type."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In force")
        RETIRED = "retired", _("Retired")

    post_type = models.CharField(_("post type"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=120)
    valid_from = models.DateField(_("in force from"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    self_scores_count = models.BooleanField(
        _("self-assessment scores count"),
        default=False,
        help_text=_("When set, a cadre's own rubric scores replace missing assessor scores."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["post_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["post_type", "version"], name="scheme_unique_version_per_post_type"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="scheme_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.post_type} v{self.version}"


class SchemeDimension(models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="dimensions"
    )
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheme dimension")
        verbose_name_plural = _("scheme dimensions")
        ordering = ["scheme_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "dimension"], name="schemedimension_unique_dimension"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100),
                name="schemedimension_weight_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.get_dimension_display()} {self.weight}%"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", _("Quantitative")
        RUBRIC = "rubric", _("Rubric")
        COMPUTED = "computed", _("Computed")

    class Rule(models.TextChoices):
        RATIO_CAPPED = "ratio_capped", _("Ratio to target, capped")
        THRESHOLDS = "thresholds", _("Thresholds to points")
        DEDUCTION = "deduction", _("Deduction per occurrence, with a floor")

    dimension = models.ForeignKey(
        SchemeDimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=160)
    weight = models.DecimalField(
        _("weight within the dimension (%)"), max_digits=5, decimal_places=2
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Quantitative indicators turn an actual value into points by a rule; a computed one
    # may too, or (no rule) take the metric as points, e.g. a satisfaction rate in %.
    rule = models.CharField(_("scoring rule"), max_length=12, choices=Rule.choices, blank=True)
    rule_params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    # Computed indicators read their actual value from a metric provider by this key.
    metric = models.CharField(_("metric"), max_length=80, blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100), name="indicator_weight_0_100"
            ),
            models.CheckConstraint(
                condition=~Q(kind="quantitative") | ~Q(rule=""),
                name="indicator_quantitative_has_rule",
            ),
            models.CheckConstraint(
                condition=~Q(kind="computed") | ~Q(metric=""),
                name="indicator_computed_has_metric",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RubricLevel(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="levels"
    )
    label = models.CharField(_("label"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")
        ordering = ["indicator_id", "-points"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=100), name="rubriclevel_points_0_100"
            ),
            models.UniqueConstraint(fields=["indicator", "label"], name="rubriclevel_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.points})"


class Target(models.Model):
    """A target value of one indicator code, decomposed bureau → unit → post → person."""

    class Level(models.TextChoices):
        BUREAU = "bureau", _("Bureau")
        UNIT = "unit", _("Unit")
        POST = "post", _("Post")
        PERSON = "person", _("Person")

    year = models.PositiveIntegerField(_("year"))
    indicator_code = models.SlugField(_("indicator code"), max_length=40)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent target"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Through staffmgmt's selectors only; the ids are what assessment stores.
    unit = models.ForeignKey(
        "staffmgmt.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.ForeignKey(
        "staffmgmt.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        "staffmgmt.Staff",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    stretch_note = models.CharField(
        _("stretch"),
        max_length=200,
        blank=True,
        help_text=_("Why the children together may exceed this target (a stretch)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "indicator_code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="bureau", parent__isnull=True)
                | (~Q(level="bureau") & Q(parent__isnull=False)),
                name="target_only_bureau_is_root",
            ),
            models.CheckConstraint(
                condition=~Q(level="person") | Q(staff__isnull=False),
                name="target_person_names_staff",
            ),
            models.CheckConstraint(
                condition=~Q(level="post") | Q(post__isnull=False), name="target_post_names_post"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator_code} {self.get_level_display()}: {self.value}"


# Decomposition goes one level down at a time; a personal target has no parts.
TARGET_CHILD_LEVEL = {
    Target.Level.BUREAU: Target.Level.UNIT,
    Target.Level.UNIT: Target.Level.POST,
    Target.Level.POST: Target.Level.PERSON,
}


class Period(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        ANNUAL = "annual", _("Annual")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        SCORING = "scoring", _("Scoring")
        DEMOCRATIC = "democratic", _("Democratic appraisal")
        REVIEW = "review", _("Review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        "staffmgmt.OrgUnit",
        verbose_name=_("assessed unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    excellent_quota_percent = models.DecimalField(
        _("excellent quota (%)"), max_digits=5, decimal_places=2, default=20
    )
    band_excellent = models.DecimalField(
        _("excellent from"), max_digits=5, decimal_places=2, default=90
    )
    band_competent = models.DecimalField(
        _("competent from"), max_digits=5, decimal_places=2, default=70
    )
    band_basic = models.DecimalField(
        _("basically competent from"), max_digits=5, decimal_places=2, default=60
    )
    min_votes = models.PositiveSmallIntegerField(
        _("minimum votes"),
        default=3,
        help_text=_("Fewer votes than this and the democratic appraisal does not count."),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(excellent_quota_percent__gte=0) & Q(excellent_quota_percent__lte=100),
                name="period_quota_0_100",
            ),
            models.CheckConstraint(
                condition=Q(band_excellent__gte=F("band_competent"))
                & Q(band_competent__gte=F("band_basic")),
                name="period_bands_descend",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["published", "archived"]) | Q(published_at__isnull=True),
                name="period_published_at_only_when_published",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.state in (self.State.PUBLISHED, self.State.ARCHIVED)


class AnnualPart(models.Model):
    """One term of an annual period's composite: a quarterly period's composite of the
    same cadre (`quarter` set), or the annual period's own indicators (`quarter` empty),
    with its weight. The weights of an annual period's parts add up to 100."""

    period = models.ForeignKey(
        Period,
        verbose_name=_("annual period"),
        on_delete=models.CASCADE,
        related_name="annual_parts",
    )
    quarter = models.ForeignKey(
        Period,
        verbose_name=_("quarterly period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("part of the annual score")
        verbose_name_plural = _("parts of the annual score")
        ordering = ["period_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "quarter"], name="annualpart_quarter_once"),
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(quarter__isnull=True),
                name="annualpart_own_once",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100), name="annualpart_weight_0_100"
            ),
            models.CheckConstraint(condition=~Q(quarter=F("period")), name="annualpart_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.quarter or '—'} {self.weight}%"


STATE_ORDER = [
    Period.State.OPEN,
    Period.State.SELF_ASSESSMENT,
    Period.State.SCORING,
    Period.State.DEMOCRATIC,
    Period.State.REVIEW,
    Period.State.PUBLISHED,
    Period.State.ARCHIVED,
]


class Member(models.Model):
    """A cadre assessed in a period, under the scheme version in force when it opened."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="members"
    )
    staff = models.ForeignKey(
        "staffmgmt.Staff", verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="+"
    )
    # The cadre's unit when enrolled: quotas and rankings are per unit.
    unit = models.ForeignKey(
        "staffmgmt.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="members"
    )
    self_summary = models.TextField(_("self-assessment summary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessed cadre")
        verbose_name_plural = _("assessed cadres")
        ordering = ["period_id", "unit_id", "staff_id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "staff"], name="member_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.staff}"


class Score(models.Model):
    """The points of one indicator for one assessed cadre, and where they came from."""

    class Source(models.TextChoices):
        PENDING = "pending", _("Not scored yet")
        ASSESSOR = "assessor", _("Assessor")
        IMPORT = "import", _("Upload")
        PROVIDER = "provider", _("Computed")
        SELF = "self", _("Self-assessment")
        DEMOCRATIC = "democratic", _("Democratic appraisal")

    member = models.ForeignKey(
        Member, verbose_name=_("assessed cadre"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    actual_value = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    level = models.ForeignKey(
        RubricLevel,
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    # False when the indicator is left out (too few votes, no source value): its weight
    # goes to the dimension's other indicators, and the scorecard says so.
    counted = models.BooleanField(_("counted"), default=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PENDING
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    self_level = models.ForeignKey(
        RubricLevel,
        verbose_name=_("own level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    self_comment = models.TextField(_("own comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["member_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "indicator"], name="score_once_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | (Q(points__gte=0) & Q(points__lte=100)),
                name="score_points_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.indicator} = {self.points}"


class VoterMark(models.Model):
    """That a cadre has voted in a period: the only trace of the voter. No link to a ballot,
    no time (the order of marks and ballots must not pair them up)."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="voter_marks"
    )
    voter = models.ForeignKey(
        "staffmgmt.Staff", verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("has voted")
        verbose_name_plural = _("have voted")
        constraints = [
            models.UniqueConstraint(fields=["period", "voter"], name="votermark_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.voter_id}"


class Ballot(models.Model):
    """One anonymous set of votes. Found again only by the hash of the receipt the voter
    keeps; no voter, no time, no history (history would record the user)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="ballots"
    )
    unit = models.ForeignKey(
        "staffmgmt.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    receipt_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(_("anonymous ballot"))


class Vote(models.Model):
    # A vote is the grade the voter would give the colleague.
    Choice = Grade

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="votes"
    )
    appraisee = models.ForeignKey(
        Member, verbose_name=_("appraised cadre"), on_delete=models.CASCADE, related_name="votes"
    )
    choice = models.CharField(_("vote"), max_length=12, choices=Choice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "appraisee"], name="vote_once_per_ballot"),
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class Result(models.Model):
    """A cadre's composite score, ranks and grade in a period (computed, then reviewed)."""

    member = models.OneToOneField(
        Member, verbose_name=_("assessed cadre"), on_delete=models.CASCADE, related_name="result"
    )
    composite = models.DecimalField(_("composite score"), max_digits=6, decimal_places=2)
    # Every term of the weighted sum: [{dimension, weight, score, contribution}, ...]
    terms = models.JSONField(_("terms"), default=list)
    rank_in_unit = models.PositiveIntegerField(_("rank in unit"))
    rank_in_post_type = models.PositiveIntegerField(_("rank in post type"))
    proposed_grade = models.CharField(_("proposed grade"), max_length=12, choices=Grade.choices)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices)
    # An annual period derived from its quarters: every part of the weighted sum,
    # [{period, name, weight, effective_weight, score, contribution}, ...] (period None
    # for the year's own indicators, whose composite `terms` explain); empty otherwise.
    parts = models.JSONField(_("parts"), default=list, blank=True)
    # Why the proposal differs from the score band: [{code, message}, ...]
    notes = models.JSONField(_("notes"), default=list, blank=True)
    grade_reason = models.TextField(_("reason for the grade change"), blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["member__unit_id", "rank_in_unit"]
        constraints = [
            models.CheckConstraint(
                condition=Q(composite__gte=0) & Q(composite__lte=100),
                name="result_composite_0_100",
            ),
            models.CheckConstraint(
                condition=Q(grade=F("proposed_grade")) | ~Q(grade_reason=""),
                name="result_changed_grade_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.composite} {self.get_grade_display()}"


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    member = models.ForeignKey(
        Member,
        verbose_name=_("assessed cadre"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    # An objection is to one indicator's score, or (score empty) to the grade.
    score = models.ForeignKey(
        Score,
        verbose_name=_("score objected to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    statement = models.TextField(_("statement"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("objected at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(answered_by__isnull=False) & ~Q(answer="")),
                name="objection_answer_when_decided",
            ),
            models.UniqueConstraint(
                fields=["member", "score"],
                condition=Q(status="open"),
                name="objection_one_open_per_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class RewardPunishment(models.Model):
    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Commendation")
        BONUS = "bonus", _("Bonus grade")
        PROMOTION_BASIS = "promotion", _("Basis for appointment")
        REMINDER_TALK = "talk", _("Reminder talk")
        ADMONISHMENT = "admonishment", _("Admonishment")
        BONUS_WITHHELD = "bonus_withheld", _("Bonus withheld")

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="consequences"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reward or punishment")
        verbose_name_plural = _("rewards and punishments")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()
