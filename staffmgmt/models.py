"""Org units, cadres, windows, posts, AB pairings, absences and the work calendar.

Coverage (who is at a post on a day) is not stored: it is computed from pairings and
approved absences by `staffmgmt.selectors`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        BUREAU = "bureau", _("Bureau")
        BRANCH = "branch", _("Branch")
        HALL = "hall", _("Tax service hall")
        SECTION = "section", _("Section")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("bureau/branch-1/hall-1/"): "this unit and everything
    # below it" is one indexed prefix query instead of a recursive walk.
    path = models.CharField(max_length=500, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=False) | Q(kind="bureau"),
                name="orgunit_only_bureau_is_root",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_zh and (get_language() or "").startswith("zh"):
            return self.name_zh
        return self.name


class Staff(models.Model):
    """A cadre of the bureau, who logs in with the linked user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    employee_no = models.CharField(_("employee number"), max_length=20, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=80)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff"
    )
    title = models.CharField(_("title"), max_length=80, blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), blank=True, related_name="staff"
    )
    is_leader = models.BooleanField(
        _("leader"),
        default=False,
        help_text=_("Holds a leading position (may be the leader on call on holidays)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    service_start = models.DateField(
        _("in service since"),
        null=True,
        blank=True,
        help_text=_(
            "First day of work counted for years of service (annual leave). Empty: the "
            "annual-leave balance is not known and not checked."
        ),
    )

    history = HistoricalRecords(m2m_fields=[skills])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["unit__path", "employee_no"]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_no})"


class Window(models.Model):
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="windows"
    )
    number = models.CharField(_("number"), max_length=10)
    name = models.CharField(_("name"), max_length=80)
    is_full_service = models.BooleanField(
        _("full service window"),
        default=False,
        help_text=_("Receives first-time or unsure taxpayers (any matter at this window)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["unit__path", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="window_unique_number_in_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"


class Post(models.Model):
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="posts"
    )
    window = models.ForeignKey(
        Window,
        verbose_name=_("window"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    name = models.CharField(_("name"), max_length=120)
    duties = models.TextField(_("duties"), blank=True)
    required_skills = models.ManyToManyField(
        Skill,
        verbose_name=_("required skills"),
        blank=True,
        related_name="posts",
        help_text=_("Who may act at the post when A and B are both away."),
    )
    is_critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_("A critical post must never be left uncovered on a working day."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[required_skills])

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="post_unique_name_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class PostPairing(models.Model):
    """The A holder (organiser) and B holder (co-organiser) of a post for a period.

    At most one pairing is in force per post per day: a database constraint
    (migration 0002) backs the service's check, so a race cannot create two.
    """

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="pairings"
    )
    a_holder = models.ForeignKey(
        Staff, verbose_name=_("A holder"), on_delete=models.PROTECT, related_name="a_pairings"
    )
    b_holder = models.ForeignKey(
        Staff, verbose_name=_("B holder"), on_delete=models.PROTECT, related_name="b_pairings"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Leave empty while in force.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("AB pairing")
        verbose_name_plural = _("AB pairings")
        ordering = ["post_id", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(a_holder=F("b_holder")), name="postpairing_a_differs_from_b"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="postpairing_valid_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["post", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.post}: A {self.a_holder.name} / B {self.b_holder.name}"

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Absence(models.Model):
    """A leave request and, once decided, the record of the absence.

    Half days: an absence starts in the morning or at noon of its first day and ends at
    noon or in the evening of its last day.
    """

    class Kind(models.TextChoices):
        # The leave kinds of the civil-service rules; how each is counted and whether it
        # has a yearly balance is in staffmgmt.selectors.leave (LEAVE_RULES, ADR 0010).
        ANNUAL = "annual", _("Annual leave")
        SICK = "sick", _("Sick leave")
        PERSONAL = "personal", _("Personal leave")
        MARRIAGE = "marriage", _("Marriage leave")
        MATERNITY = "maternity", _("Maternity leave")
        PATERNITY = "paternity", _("Paternity leave")
        BEREAVEMENT = "bereavement", _("Bereavement leave")
        HOME_VISIT = "home_visit", _("Home-visit leave")
        COMPENSATORY = "compensatory", _("Compensatory time off")
        # Away from the post without being leave: they uncover posts all the same.
        BUSINESS_TRIP = "business_trip", _("Business trip")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    class StartHalf(models.TextChoices):
        MORNING = "am", _("from the morning")
        AFTERNOON = "pm", _("from noon")

    class EndHalf(models.TextChoices):
        NOON = "am", _("until noon")
        EVENING = "pm", _("until the evening")

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("first day"))
    start_half = models.CharField(
        _("starts"), max_length=2, choices=StartHalf.choices, default=StartHalf.MORNING
    )
    end_date = models.DateField(_("last day"))
    end_half = models.CharField(
        _("ends"), max_length=2, choices=EndHalf.choices, default=EndHalf.EVENING
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="absences_requested",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absences_decided",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    working_days = models.DecimalField(
        _("working days"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Working days the absence takes, half days as 0.5, from the calendar."),
    )
    counted_days = models.DecimalField(
        _("days counted"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_(
            "Days counted against the kind's balance: working days or calendar days, "
            "by the kind's rule."
        ),
    )
    gaps_confirmed = models.BooleanField(
        _("gaps confirmed"),
        default=False,
        help_text=_("The approver was warned that posts would be uncovered and confirmed."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date"))
                | (Q(end_date=F("start_date")) & ~Q(start_half="pm", end_half="am")),
                name="absence_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "cancelled"]) | Q(decided_by__isnull=False),
                name="absence_decision_has_decider",
            ),
        ]
        indexes = [models.Index(fields=["staff", "status", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.staff.name}: {self.get_kind_display()} {self.start_date} - {self.end_date}"

    def halves_on(self, day) -> frozenset[str]:
        """Which halves ("am", "pm") of `day` this absence takes."""
        if day < self.start_date or day > self.end_date:
            return frozenset()
        halves = {"am", "pm"}
        if day == self.start_date and self.start_half == self.StartHalf.AFTERNOON:
            halves.discard("am")
        if day == self.end_date and self.end_half == self.EndHalf.NOON:
            halves.discard("pm")
        return frozenset(halves)

    @property
    def is_half_day(self) -> bool:
        return self.start_date == self.end_date and (
            self.start_half == self.StartHalf.AFTERNOON or self.end_half == self.EndHalf.NOON
        )


class DayKind(models.TextChoices):
    WORKING = "working", _("Working day")
    WEEKEND = "weekend", _("Weekend")
    HOLIDAY = "holiday", _("Public holiday")


class CalendarOverride(models.Model):
    """A bureau's own word on one day, over the default Chinese calendar.

    The State Council publishes next year's schedule late in the year; until the
    `holidays` library catches up, administrators enter the days here.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=80, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"


class ActingAssignment(models.Model):
    """Someone acting at a post for one half day when its A and B holders are both away.

    Assigned by a manager for a gap; coverage then counts the post as covered by the
    acting holder (while that person is present). Removing one keeps it in history.
    """

    class Half(models.TextChoices):
        MORNING = "am", _("morning")
        AFTERNOON = "pm", _("afternoon")

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="acting"
    )
    date = models.DateField(_("date"))
    half = models.CharField(_("half day"), max_length=2, choices=Half.choices)
    acting_holder = models.ForeignKey(
        Staff,
        verbose_name=_("acting holder"),
        on_delete=models.PROTECT,
        related_name="acting_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acting_assigned",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acting assignment")
        verbose_name_plural = _("acting assignments")
        ordering = ["date", "post_id", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "date", "half"], name="acting_one_per_post_half_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post}: {self.acting_holder.name} {self.date} {self.half}"


class CalendarYear(models.Model):
    """An administrator's confirmation that a year's calendar matches the published schedule.

    A year without a confirmed row is provisional: the `holidays` library's estimate,
    possibly without the adjusted working days the State Council publishes late.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_years_confirmed",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed=False) | Q(confirmed_at__isnull=False),
                name="calendaryear_confirmed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)
