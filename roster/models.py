"""Duty types, rosters and their assignments, swaps, check-ins, calendar feeds, notices.

Business rules live in `roster.services`; the database backs the ones a race could break
(one duty per person per day, one open swap per duty, one active feed token per person).
"""

import secrets
from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kernel.errors import invalid
from staffmgmt.models import Absence, OrgUnit, Skill, Staff


class DutyType(models.Model):
    """A kind of duty a unit staffs: noon duty, holiday duty or weekend opening."""

    class Kind(models.TextChoices):
        NOON = "noon", _("Noon duty")
        HOLIDAY = "holiday", _("Holiday duty")
        WEEKEND = "weekend", _("Weekend opening")

    DEFAULT_HOURS = {
        Kind.NOON: (time(12, 0), time(14, 0)),
        Kind.HOLIDAY: (time(9, 0), time(17, 0)),
        Kind.WEEKEND: (time(9, 0), time(17, 0)),
    }

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="duty_types"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=80)
    start_time = models.TimeField(_("starts at"), default=time(12, 0))
    end_time = models.TimeField(_("ends at"), default=time(14, 0))
    report_minutes_before = models.PositiveSmallIntegerField(
        _("report minutes before start"),
        default=15,
        help_text=_("The person on duty arrives this many minutes early (hygiene duty)."),
    )
    headcount = models.PositiveSmallIntegerField(
        _("people per day"), default=1, validators=[MinValueValidator(1)]
    )
    leader_on_call = models.BooleanField(
        _("leader on call"),
        default=False,
        help_text=_("One of the people on duty each day must be a leader."),
    )
    comp_days_per_duty = models.DecimalField(
        _("compensatory days per duty"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Days of compensatory time off earned by one duty (e.g. 1 for holiday duty)."),
    )
    min_gap_days = models.PositiveSmallIntegerField(
        _("minimum days between duties"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Two duties of one person closer than this are avoided where possible."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    skills = models.ManyToManyField(
        Skill,
        through="DutyTypeSkill",
        verbose_name=_("required skills"),
        blank=True,
        related_name="duty_types",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty type")
        verbose_name_plural = _("duty types")
        ordering = ["unit__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="dutytype_unique_name_in_unit"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="dutytype_headcount_min_1"),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="dutytype_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(comp_days_per_duty__gte=0), name="dutytype_comp_days_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The report time is on the duty's own day: check-in windows, leave halves and the
        # calendar feed all read it as a time of that day.
        if self.start_time is None or self.report_minutes_before is None:
            return
        since_midnight = self.start_time.hour * 60 + self.start_time.minute
        if self.report_minutes_before > since_midnight:
            raise invalid(
                "roster.report_before_midnight",
                _("Reporting %(minutes)d minutes early would be on the day before.")
                % {"minutes": self.report_minutes_before},
                field="report_minutes_before",
            )


class DutyTypeSkill(models.Model):
    """At least `min_count` of each day's people on this duty have `skill`."""

    duty_type = models.ForeignKey(
        DutyType,
        verbose_name=_("duty type"),
        on_delete=models.CASCADE,
        related_name="required_skills",
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    min_count = models.PositiveSmallIntegerField(
        _("at least"), default=1, validators=[MinValueValidator(1)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        ordering = ["duty_type_id", "skill__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty_type", "skill"], name="dutytypeskill_unique_skill_per_type"
            ),
            models.CheckConstraint(
                condition=Q(min_count__gte=1), name="dutytypeskill_min_count_min_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty_type}: {self.min_count} x {self.skill}"


class Roster(models.Model):
    """One duty type of one unit over a date range, generated then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="rosters"
    )
    duty_type = models.ForeignKey(
        DutyType, verbose_name=_("duty type"), on_delete=models.PROTECT, related_name="rosters"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    figures = models.JSONField(
        _("figures"),
        default=dict,
        blank=True,
        help_text=_("Fairness figures of the generation: counts, spread, optimal, seconds."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rosters_created",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rosters_published",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="roster_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="roster_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["duty_type", "status", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.duty_type} {self.start_date} - {self.end_date}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("roster:roster-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class DutyAssignment(models.Model):
    """One person on one duty on one day."""

    roster = models.ForeignKey(
        Roster, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="assignments"
    )
    # Denormalised from the roster so queries and constraints see it without a join.
    duty_type = models.ForeignKey(
        DutyType,
        verbose_name=_("duty type"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="duty_assignments",
    )
    date = models.DateField(_("date"))
    is_leader_on_call = models.BooleanField(_("leader on call"), default=False)
    # A short code ("leave"), not a sentence: `flag_message` renders it in the reader's
    # language from `flag_params`. Rows flagged before the code existed hold English text,
    # which `flag_message` shows as it is.
    flagged_reason = models.CharField(
        _("flagged"),
        max_length=300,
        blank=True,
        help_text=_("Set when leave was approved over this duty: it needs a replacement."),
    )
    flag_params = models.JSONField(_("flag parameters"), default=dict, blank=True)
    proposed_replacement = models.ForeignKey(
        Staff,
        verbose_name=_("proposed replacement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")
        ordering = ["date", "duty_type_id", "staff_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "date"], name="dutyassignment_one_duty_per_person_per_day"
            ),
            models.UniqueConstraint(
                fields=["roster", "date", "staff"], name="dutyassignment_unique_in_roster"
            ),
        ]
        indexes = [
            models.Index(fields=["roster", "date"]),
            models.Index(fields=["duty_type", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.duty_type}: {self.staff.name}"

    FLAG_LEAVE = "leave"

    @property
    def is_flagged(self) -> bool:
        return bool(self.flagged_reason)

    @property
    def flag_message(self) -> str:
        """Why the duty is flagged, in the active language ("" when it is not)."""
        if self.flagged_reason != self.FLAG_LEAVE:
            return self.flagged_reason
        params = self.flag_params or {}
        try:
            kind = Absence.Kind(params.get("kind")).label
        except ValueError:
            # A context of its own: staffmgmt's "Leave" is the leave menu ("请销假").
            kind = pgettext_lazy("kind of absence", "Leave")
        return _("%(kind)s approved from %(start)s to %(end)s") % {
            "kind": kind,
            "start": _local_date(params.get("start")),
            "end": _local_date(params.get("end")),
        }


class SwapRequest(models.Model):
    """A cadre asks a colleague to exchange (or take over) a duty; the manager decides."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted by colleague")
        DECLINED = "declined", _("Declined by colleague")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.REQUESTED, Status.ACCEPTED)

    assignment = models.ForeignKey(
        DutyAssignment,
        verbose_name=_("duty"),
        on_delete=models.CASCADE,
        related_name="swap_requests",
    )
    requester = models.ForeignKey(
        Staff,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="swaps_requested",
    )
    counterpart = models.ForeignKey(
        Staff,
        verbose_name=_("colleague"),
        on_delete=models.PROTECT,
        related_name="swaps_offered",
    )
    counterpart_assignment = models.ForeignKey(
        DutyAssignment,
        verbose_name=_("colleague's duty in exchange"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="swap_counter_requests",
        help_text=_("Empty when the colleague takes the duty over without an exchange."),
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="swaps_decided",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty swap request")
        verbose_name_plural = _("duty swap requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status__in=["requested", "accepted"]),
                name="swaprequest_one_open_per_assignment",
            ),
            models.CheckConstraint(
                condition=~Q(requester=F("counterpart")), name="swaprequest_not_with_oneself"
            ),
            # A duty exchanged for itself is no exchange; NULL is the plain hand-over.
            models.CheckConstraint(
                condition=Q(counterpart_assignment__isnull=True)
                | ~Q(counterpart_assignment=F("assignment")),
                name="swaprequest_counterpart_duty_differs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ⇄ {self.counterpart.name} ({self.get_status_display()})"


class CheckIn(models.Model):
    """The person on duty reporting for it; late when after the report time."""

    assignment = models.OneToOneField(
        DutyAssignment, verbose_name=_("duty"), on_delete=models.CASCADE, related_name="checkin"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)
    minutes_late = models.PositiveIntegerField(_("minutes late"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_late=True) | Q(minutes_late=0),
                name="checkin_minutes_late_only_when_late",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} @ {self.checked_in_at:%H:%M}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a person's private iCalendar feed URL; revoked, it stops working."""

    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=Q(revoked_at__isnull=True),
                name="calendarfeedtoken_one_active_per_staff",
            ),
        ]

    def __str__(self) -> str:
        # Outside the f-string: xgettext does not look inside one, so makemessages missed it.
        state = _("revoked") if self.revoked_at else _("active")
        return f"{self.staff.name} ({state})"


class DutyNotification(models.Model):
    """A notice to a person about their duties, rendered in the reader's language.

    The message is not stored as text: `kind` picks a translatable template and `params`
    fills it when displayed, so a cadre reading in Chinese sees Chinese.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Roster published")
        ADDED = "added", _("Duty added")
        REMOVED = "removed", _("Duty removed")
        MOVED = "moved", _("Duty moved")
        FLAGGED = "flagged", _("Duty needs a replacement")
        REPLACED = "replaced", _("Duty replaced")
        SWAP = "swap", _("Duty swap")
        WITHDRAWN = "withdrawn", _("Roster withdrawn")

    recipient = models.ForeignKey(
        Staff,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="duty_notifications",
    )
    assignment = models.ForeignKey(
        DutyAssignment,
        verbose_name=_("duty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty notification")
        verbose_name_plural = _("duty notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient.name}: {self.get_kind_display()}"

    MESSAGES = {
        Kind.PUBLISHED: _("You are on %(duty)s on %(date)s (report at %(report_time)s)."),
        Kind.ADDED: _("You were added to %(duty)s on %(date)s."),
        Kind.REMOVED: _("Your %(duty)s on %(date)s was removed: %(reason)s"),
        Kind.MOVED: _("Your %(duty)s was moved from %(from_date)s to %(date)s."),
        Kind.FLAGGED: _(
            "%(staff)s is on leave during %(duty)s on %(date)s; proposed replacement: "
            "%(replacement)s."
        ),
        Kind.REPLACED: _("%(duty)s on %(date)s: %(staff)s replaces %(replaced)s."),
        Kind.SWAP: _("Duty swap for %(duty)s on %(date)s: %(status)s."),
        Kind.WITHDRAWN: _(
            "The %(duty)s roster from %(start)s to %(end)s was withdrawn for changes: %(reason)s"
        ),
    }

    def get_absolute_url(self) -> str:
        """Where the notice's matter is dealt with: the swap list for swaps, the roster
        (at the duty) for flagged and replaced duties, one's own duties otherwise."""
        from django.urls import reverse

        if self.kind == self.Kind.SWAP:
            return reverse("roster:swap-list")
        if self.assignment_id and self.kind in (self.Kind.FLAGGED, self.Kind.REPLACED):
            return reverse("roster:roster-detail", args=[self.assignment.roster_id]) + (
                f"#duty-{self.assignment_id}"
            )
        return reverse("roster:my-duties")

    @property
    def message(self) -> str:
        """The notice in the active language, filled from `params` (missing ones left blank)."""
        template = self.MESSAGES.get(self.kind, "%(duty)s %(date)s")
        params = _BlankDefault(self.params or {})
        try:
            return str(template) % params
        except (TypeError, ValueError):
            return str(self.get_kind_display())


class RosterEdit(models.Model):
    """One change a manager made to a roster by hand (or its undoing, withdrawing,
    publishing), shown in the roster's edit log.

    `before` and `after` are the changed duties as lists of
    {"id", "staff", "staff_name", "date"}: a duty only in `before` was removed, one only in
    `after` was added. Undoing restores `before` when the duties still are as in `after`.
    """

    class Action(models.TextChoices):
        ADD = "add", _("Duty added")
        MOVE = "move", _("Duty moved")
        SWAP = "swap", _("Duties swapped")
        REPLACE = "replace", _("Duty replaced")
        REMOVE = "remove", _("Duty removed")
        UNDO = "undo", _("Edit undone")
        PUBLISH = "publish", _("Roster published")
        WITHDRAW = "withdraw", _("Roster withdrawn")

    UNDOABLE = (Action.ADD, Action.MOVE, Action.SWAP, Action.REPLACE, Action.REMOVE)

    roster = models.ForeignKey(
        Roster, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="edits"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    before = models.JSONField(_("before"), default=list, blank=True)
    after = models.JSONField(_("after"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roster_edits",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    undoes = models.OneToOneField(
        "self",
        verbose_name=_("undoes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="undone_by",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roster edit")
        verbose_name_plural = _("roster edits")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(undoes__isnull=True) | Q(action="undo"),
                name="rosteredit_only_an_undo_undoes",
            ),
        ]
        indexes = [models.Index(fields=["roster", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.roster_id} {self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def changes(self) -> list[dict]:
        """The duties changed, paired by id: {"before": ..., "after": ...}, each None or
        {"name", "date"} (a date), for the log to read "Li, 3 March → Wang, 3 March"."""

        def shown(entry: dict | None) -> dict | None:
            if entry is None:
                return None
            try:
                day = date.fromisoformat(entry.get("date", ""))
            except ValueError:
                day = None
            return {"name": entry.get("staff_name", ""), "date": day}

        old = {e.get("id"): e for e in self.before or []}
        new = {e.get("id"): e for e in self.after or []}
        order = list(old) + [pk for pk in new if pk not in old]
        return [{"before": shown(old.get(pk)), "after": shown(new.get(pk))} for pk in order]

    @property
    def is_undoable(self) -> bool:
        """Of a kind that can be undone and not undone yet (whether the duties are still
        as it left them is the undo service's to check)."""
        if self.action not in self.UNDOABLE:
            return False
        try:
            self.undone_by  # noqa: B018 - the reverse one-to-one raises when absent
        except RosterEdit.DoesNotExist:
            return True
        return False


class DutyPreference(models.Model):
    """A cadre's wish about one day: rather not on duty, or glad to be.

    A wish, not a rule: generation keeps avoided days free and gives preferred days where the
    hard rules and fairness allow (the solver weighs them last). One wish per person per day.
    """

    class Kind(models.TextChoices):
        AVOID = "avoid", _("I'd rather not be on duty")
        PREFER = "prefer", _("I'd like to be on duty")

    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="duty_preferences",
    )
    kind = models.CharField(_("wish"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("stated at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty preference")
        verbose_name_plural = _("duty preferences")
        ordering = ["date", "staff_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "date"], name="dutypreference_one_per_person_per_day"
            ),
        ]
        indexes = [models.Index(fields=["date", "staff"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class DutyWeekdayPreference(models.Model):
    """A weekday a cadre would like their duties on (Monday = 0), e.g. the day a child is
    looked after by someone else. Honoured where possible, like `DutyPreference`."""

    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="duty_weekday_preferences",
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=sorted(WEEKDAYS.items()), validators=[MaxValueValidator(6)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("preferred duty weekday")
        verbose_name_plural = _("preferred duty weekdays")
        ordering = ["staff_id", "weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "weekday"], name="dutyweekdaypreference_unique_per_person"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="dutyweekdaypreference_weekday_0_to_6"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_weekday_display())


def _local_date(value: str | None) -> str:
    """An ISO date from stored params in the active locale's format ("—" if unreadable)."""
    try:
        return formats.date_format(date.fromisoformat(value or ""), "DATE_FORMAT")
    except ValueError:
        return "—"


class _BlankDefault(dict):
    def __missing__(self, key: str) -> str:
        return "—"
