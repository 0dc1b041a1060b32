"""Taxpayer feedback: window rating cards, ratings, negative-rating follow-ups, the
suggestion book (entries and replies) and the reminders sent about their deadlines.

Ratings and entries name the staff member serving the window when they arrived (from the
AB posts, coverage and duty of that moment; `feedback.selectors.serving_staff`), so a
later change of post or a departure leaves the attribution as it was.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staffmgmt.models import OrgUnit, Staff, Window

# No 0/O, 1/I/L: codes are read off a phone screen and typed back by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_card_token() -> str:
    return new_code(8)


def new_tracking_code() -> str:
    return new_code(10)


class RatingLevel(models.IntegerChoices):
    """The national five-level scale of tax halls (好差评, since 2020)."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


# Levels at or below this are negative ratings (差评), each followed up.
NEGATIVE_MAX_LEVEL = RatingLevel.DISSATISFIED
# Levels at or above this count toward the positive rate (好评率).
POSITIVE_MIN_LEVEL = RatingLevel.BASICALLY_SATISFIED


class NegativeReason(models.TextChoices):
    WAITED = "waited", _("Waited too long")
    ATTITUDE = "attitude", _("Attitude")
    UNCLEAR = "unclear", _("Unclear explanation")
    CAME_BACK = "came_back", _("Had to come back")
    OTHER = "other", _("Other")


class WindowCard(models.Model):
    """The evaluation card of one window: the token its QR code carries (/r/<token>/)."""

    window = models.OneToOneField(
        Window, verbose_name=_("window"), on_delete=models.PROTECT, related_name="feedback_card"
    )
    token = models.CharField(_("token"), max_length=16, unique=True, default=new_card_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("window rating card")
        verbose_name_plural = _("window rating cards")
        ordering = ["window_id"]

    def __str__(self) -> str:
        return f"{self.window} ({self.token})"


class Rating(models.Model):
    """One taxpayer's rating of one visit. Written once, never changed: no history table
    (ADR 0007), and the row is the record."""

    window = models.ForeignKey(
        Window, verbose_name=_("window"), on_delete=models.PROTECT, related_name="ratings"
    )
    # Denormalised from the window at the time of rating: unit figures are one indexed
    # range scan, and a window moved later keeps its past ratings where they were given.
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ratings"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=RatingLevel.choices)
    # Comma-separated NegativeReason codes ("waited,attitude"); empty unless negative.
    reasons = models.CharField(_("reasons"), max_length=100, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)
    # The random id of the rating page's form (empty through the API and for demo data):
    # the same form sent twice, by a double tap or a retrying browser, stores one rating.
    submission = models.CharField(_("form id"), max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"], condition=~Q(submission=""), name="rating_one_per_form"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="rating_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(level__lte=NEGATIVE_MAX_LEVEL) | (Q(reasons="") & Q(comment="")),
                name="rating_reasons_only_when_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "created_at"], name="rating_unit_time"),
            models.Index(fields=["window", "created_at"], name="rating_window_time"),
            models.Index(fields=["staff", "created_at"], name="rating_staff_time"),
        ]

    def __str__(self) -> str:
        return f"{self.window}: {self.get_level_display()}"

    @property
    def is_negative(self) -> bool:
        return self.level <= NEGATIVE_MAX_LEVEL

    @property
    def reason_list(self) -> list[str]:
        return [code for code in self.reasons.split(",") if code]

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(NegativeReason.choices)
        return [str(labels.get(code, code)) for code in self.reason_list]


class DailyWindowRating(models.Model):
    """How many ratings of one level one window got on one local day while one person
    served it (or nobody could be named): the daily rollup the figures read instead of
    the raw ratings (ADR 0007). Kept current by `rating_submit` in the rating's own
    transaction (one upsert) and rebuilt from the ratings by `manage.py
    rebuild_feedback_rollups`; never edited by hand, hence no history."""

    day = models.DateField(_("day"))
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    window = models.ForeignKey(
        Window, verbose_name=_("window"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=RatingLevel.choices)
    count = models.PositiveIntegerField(_("ratings"), default=0)

    class Meta:
        verbose_name = _("daily window rating count")
        verbose_name_plural = _("daily window rating counts")
        ordering = ["day", "window_id", "level"]
        # Two partial unique keys, because NULLs are distinct in a unique index on both
        # databases (NULLS NOT DISTINCT is PostgreSQL 15 only): the upsert names the one
        # its row falls under (`ON CONFLICT (...) WHERE ...`).
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit", "window", "staff", "level"],
                condition=Q(staff__isnull=False),
                name="rollup_one_row_per_day_window_staff_level",
            ),
            models.UniqueConstraint(
                fields=["day", "unit", "window", "level"],
                condition=Q(staff__isnull=True),
                name="rollup_one_row_per_day_window_level_unnamed",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="rollup_level_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "day"], name="rollup_unit_day"),
            models.Index(fields=["staff", "day"], name="rollup_staff_day"),
            models.Index(fields=["window", "day"], name="rollup_window_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.window}: {self.get_level_display()} x{self.count}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class FollowUp(models.Model):
    """The hall's call-back or check after a negative rating, with its deadline."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("rating"), on_delete=models.PROTECT, related_name="follow_up"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    owner = models.ForeignKey(
        Staff,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_follow_ups",
    )
    due_date = models.DateField(_("due"))
    note = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (Q(done_at__isnull=False) & ~Q(note="") & Q(owner__isnull=False)),
                name="followup_done_has_note_owner_time",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status", "due_date"], name="followup_queue")]

    def __str__(self) -> str:
        return f"{self.rating} → {self.get_status_display()}"


class EntryKind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    PRAISE = "praise", _("Praise")
    QUESTION = "question", _("Question")


class ComplaintTopic(models.TextChoices):
    ATTITUDE = "attitude", _("Service attitude")
    QUALITY = "quality", _("Service quality")


class EntryStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Verification(models.TextChoices):
    PENDING = "", _("Not checked")
    VERIFIED = "verified", _("Verified")
    UNFOUNDED = "unfounded", _("Unfounded")


class SuggestionEntry(models.Model):
    """One entry in a window's suggestion book, followed by its tracking code."""

    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code
    )
    window = models.ForeignKey(
        Window, verbose_name=_("window"), on_delete=models.PROTECT, related_name="entries"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="entries"
    )
    # Who served the window when the entry arrived (kept if they leave).
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member serving"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries_about",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    topic = models.CharField(
        _("complaint topic"), max_length=10, choices=ComplaintTopic.choices, blank=True
    )
    text = models.TextField(_("text"), max_length=2000)
    # Contact details: shown only to those who may answer, never on a public page.
    contact_name = models.CharField(_("name"), max_length=80, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        Staff,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries_assigned",
    )
    # First inquiry responsibility: whoever takes the entry first owns it to its answer.
    owner = models.ForeignKey(
        Staff,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries_owned",
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    accept_due_date = models.DateField(_("accept by"), null=True, blank=True)
    due_date = models.DateField(_("answer by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, blank=True
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    concerned_staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verified_complaints",
    )

    history = HistoricalRecords(excluded_fields=["contact", "contact_name"])

    class Meta:
        verbose_name = _("suggestion-book entry")
        verbose_name_plural = _("suggestion-book entries")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="complaint") | Q(topic=""), name="entry_topic_only_complaints"
            ),
            models.CheckConstraint(
                condition=Q(kind="complaint") | Q(verification=""),
                name="entry_verification_only_complaints",
            ),
            models.CheckConstraint(
                condition=~Q(verification="verified") | Q(concerned_staff__isnull=False),
                name="entry_verified_names_staff",
            ),
            models.CheckConstraint(
                condition=Q(status="received") | Q(owner__isnull=False),
                name="entry_handled_has_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "closed"]) | Q(answered_at__isnull=False),
                name="entry_answered_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="entry_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(accept_due_date__isnull=True) | Q(accept_due_date__lte=F("due_date")),
                name="entry_accept_before_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="entry_queue"),
            models.Index(fields=["unit", "created_at"], name="entry_unit_time"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} · {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (EntryStatus.RECEIVED, EntryStatus.ACCEPTED)

    @property
    def current_due_date(self):
        """The next deadline: acceptance for a complaint not yet taken, else the answer."""
        if self.status == EntryStatus.RECEIVED and self.accept_due_date:
            return self.accept_due_date
        return self.due_date


class EntryReply(models.Model):
    """A reply to an entry; the taxpayer reads it through the tracking code."""

    entry = models.ForeignKey(
        SuggestionEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(
        Staff, verbose_name=_("author"), on_delete=models.PROTECT, related_name="entry_replies"
    )
    text = models.TextField(_("reply"), max_length=4000)
    created_at = models.DateTimeField(_("replied at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry}: {self.text[:40]}"


class Reminder(models.Model):
    """A deadline reminder or escalation sent: the record that makes the daily run
    idempotent (one per target, kind and deadline)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due tomorrow")
        OVERDUE = "overdue", _("Overdue, escalated")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    entry = models.ForeignKey(
        SuggestionEntry,
        verbose_name=_("entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    follow_up = models.ForeignKey(
        FollowUp,
        verbose_name=_("follow-up"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_date = models.DateField(_("deadline"))
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(entry__isnull=False) & Q(follow_up__isnull=True))
                | (Q(entry__isnull=True) & Q(follow_up__isnull=False)),
                name="reminder_one_target",
            ),
            models.UniqueConstraint(
                fields=["kind", "entry", "due_date"],
                condition=Q(entry__isnull=False),
                name="reminder_once_per_entry_deadline",
            ),
            models.UniqueConstraint(
                fields=["kind", "follow_up", "due_date"],
                condition=Q(follow_up__isnull=False),
                name="reminder_once_per_follow_up_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_date}"
