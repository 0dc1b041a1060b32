"""Cadre integrity files: records, evidence, responses, talks, training credits, access log.

A confirmed (or dismissed) record never changes again: the database refuses an UPDATE or
DELETE of it (triggers, migration 0002; docs/adr/0008-integrity-files.md). A correction is
a new record that `supersedes` the old one and says why. The cadre's acknowledgement or
objection is a separate row (`RecordResponse`), so answering a record does not touch it.
The access log is append-only in the same way.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Category(models.TextChoices):
    IDEOLOGY = "ideology", _("Ideology and morality")
    DILIGENCE = "diligence", _("Diligence and dedication")
    HONESTY = "honesty", _("Honesty and self-discipline")
    LAW = "law", _("Law-abiding")
    WORK_STYLE = "work_style", _("Work style and efficiency")


class RecordKind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation")
    VIOLATION = "violation", _("Violation")
    DECLARATION = "declaration", _("Declaration")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    COMPLAINT = "complaint", _("Complaint")
    DUTY_CHECKIN = "duty_checkin", _("Duty check-in")
    SELF_REPORT = "self_report", _("Self-report")
    LEADERSHIP = "leadership", _("Leadership")


class PointsRange(models.Model):
    """The points a record of one kind may carry (configured in the admin)."""

    kind = models.CharField(_("kind"), max_length=16, choices=RecordKind.choices, unique=True)
    min_points = models.SmallIntegerField(_("lowest points"))
    max_points = models.SmallIntegerField(_("highest points"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("points range")
        verbose_name_plural = _("points ranges")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_points__lte=F("max_points")), name="pointsrange_min_le_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.min_points}..{self.max_points}"


class IntegrityRecord(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    staff = models.ForeignKey(
        "staffmgmt.Staff",
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="integrity_records",
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=RecordKind.choices)
    occurred_on = models.DateField(_("date"))
    facts = models.TextField(_("facts"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    points = models.SmallIntegerField(_("points"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    respond_by = models.DateField(
        _("answer by"),
        null=True,
        blank=True,
        help_text=_("Last working day on which the cadre may object."),
    )
    dismissal_reason = models.TextField(_("reason for dismissal"), blank=True)
    # The row of another part that proposed this draft ("roster.checkin:<id>",
    # "feedback.entry:<id>"); empty for records an officer wrote. Nullable, so that adding
    # it altered no table (SQLite would rebuild it and drop the triggers of 0002).
    source_ref = models.CharField(_("proposed from"), max_length=100, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integrity record")
        verbose_name_plural = _("integrity records")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="integrityrecord_correction_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed")
                | (Q(confirmed_at__isnull=False) & Q(respond_by__isnull=False)),
                name="integrityrecord_confirmed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismissal_reason=""),
                name="integrityrecord_dismissal_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("id")), name="integrityrecord_not_self_superseding"
            ),
            # A record is superseded by at most one confirmed correction.
            models.UniqueConstraint(
                fields=["supersedes"],
                condition=Q(status="confirmed"),
                name="integrityrecord_one_confirmed_correction",
            ),
            # One source proposes once. Conditional, so SQLite makes it an index instead
            # of rebuilding the table (which would drop the append-only triggers).
            models.UniqueConstraint(
                fields=["source_ref"],
                condition=Q(source_ref__isnull=False),
                name="integrityrecord_one_proposal_per_source",
            ),
        ]
        indexes = [models.Index(fields=["staff", "status", "occurred_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.occurred_on}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_proposal(self) -> bool:
        """A draft another part of the system proposed, awaiting an officer."""
        return self.status == self.Status.DRAFT and bool(self.source_ref)


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name never reuses the uploader's file name (which may carry a path or
    # personal data); the original name is kept in the row for the download.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"integrity/evidence/{timezone.now():%Y/%m}/{timezone.now():%d%H%M%S%f}.{suffix}"


class Evidence(models.Model):
    """A file backing a record; added while the record is a draft, frozen with it."""

    record = models.ForeignKey(
        IntegrityRecord,
        verbose_name=_("record"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name


class RecordResponse(models.Model):
    """The cadre's answer to a confirmed record: an acknowledgement or an objection.

    An objection is decided by an integrity officer: upheld (the record is superseded by a
    correction) or rejected with reasons.
    """

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "ack", _("Acknowledgement")
        OBJECTION = "objection", _("Objection")

    class Status(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    record = models.OneToOneField(
        IntegrityRecord,
        verbose_name=_("record"),
        on_delete=models.PROTECT,
        related_name="response",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    statement = models.TextField(_("statement"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), default=timezone.now)
    decide_by = models.DateField(_("decide by"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to a record")
        verbose_name_plural = _("answers to records")
        ordering = ["-responded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="ack") & Q(status="acknowledged"))
                | (Q(kind="objection") & Q(status__in=["open", "upheld", "rejected"])),
                name="recordresponse_status_fits_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="objection") | ~Q(statement=""),
                name="recordresponse_objection_has_statement",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["upheld", "rejected"])
                | (Q(decided_by__isnull=False) & ~Q(decision_reason="")),
                name="recordresponse_decision_says_who_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.record_id}"


class Talk(models.Model):
    """A heart-to-heart talk (谈心谈话) with a cadre."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("Routine talk")
        REMINDER = "reminder", _("Reminder talk")
        ADMONISHMENT = "admonishment", _("Admonishment talk")

    staff = models.ForeignKey(
        "staffmgmt.Staff",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="integrity_talks",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=300)
    summary = models.TextField(_("summary"))
    # "Follow-up" of a talk: what was agreed to be done (跟进), not feedback's call-back
    # to a taxpayer (回访), which shares the English word.
    follow_up = models.TextField(pgettext_lazy("talk", "follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # Set once, by `talk_follow_up_done`; the database refuses every other change of a
    # talk and any change after it (triggers, migration 0007).
    follow_up_done_at = models.DateTimeField(_("follow-up done at"), null=True, blank=True)
    follow_up_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_done_note = models.TextField(_("what was done"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("heart-to-heart talk")
        verbose_name_plural = _("heart-to-heart talks")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | ~Q(follow_up=""),
                name="talk_due_date_needs_follow_up",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | Q(follow_up_due__gte=F("held_on")),
                name="talk_follow_up_after_talk",
            ),
            models.CheckConstraint(
                condition=Q(
                    follow_up_done_at__isnull=True,
                    follow_up_done_by__isnull=True,
                    follow_up_done_note="",
                )
                | (
                    Q(follow_up_done_at__isnull=False, follow_up_done_by__isnull=False)
                    & ~Q(follow_up_done_note="")
                    & ~Q(follow_up="")
                ),
                name="talk_follow_up_done_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class TrainingCredit(models.Model):
    """Learning and training credits (学习培训学分) earned by a cadre."""

    staff = models.ForeignKey(
        "staffmgmt.Staff",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="training_credits",
    )
    course = models.CharField(_("course"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    credits = models.DecimalField(_("credits"), max_digits=6, decimal_places=1)
    completed_on = models.DateField(_("date"))
    certificate = models.CharField(_("certificate number"), max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training credit")
        verbose_name_plural = _("training credits")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="trainingcredit_hours_positive"),
            models.CheckConstraint(
                condition=Q(credits__gte=0), name="trainingcredit_credits_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.credits})"


class CreditRequirement(models.Model):
    """The credits each cadre of a unit (and the units below it, unless they set their own)
    must earn in a year."""

    unit = models.ForeignKey(
        "staffmgmt.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="credit_requirements",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    required_credits = models.DecimalField(_("required credits"), max_digits=6, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly credit requirement")
        verbose_name_plural = _("yearly credit requirements")
        ordering = ["-year", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="creditrequirement_one_per_year"),
            models.CheckConstraint(
                condition=Q(required_credits__gte=0), name="creditrequirement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.required_credits}"


class FileAccess(models.Model):
    """One read of a cadre's integrity file: who, when, what. Append-only (triggers)."""

    class What(models.TextChoices):
        FILE_PAGE = "file_page", _("File page")
        RECORD_PAGE = "record_page", _("Record page")
        API_RECORDS = "api_records", _("Records (API)")
        API_TALKS = "api_talks", _("Talks (API)")
        API_CREDITS = "api_credits", _("Training credits (API)")
        EVIDENCE = "evidence", _("Evidence file")
        PRINT = "print", _("Printable file")
        EXPORT = "export", _("Export (Excel)")
        OBJECTIONS_PAGE = "objections_page", _("Objections page")
        API_OBJECTIONS = "api_objections", _("Objections (API)")
        PROPOSALS_PAGE = "proposals_page", _("Proposals page")

    staff = models.ForeignKey(
        "staffmgmt.Staff",
        verbose_name=_("whose file"),
        on_delete=models.PROTECT,
        related_name="integrity_file_accesses",
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accessed_at = models.DateTimeField(_("when"), default=timezone.now)
    what = models.CharField(_("what"), max_length=16, choices=What.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("file access")
        verbose_name_plural = _("file access log")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["staff", "accessed_at"])]

    def __str__(self) -> str:
        return f"{self.accessed_at:%Y-%m-%d %H:%M} {self.get_what_display()}"


class IntegrityNotice(models.Model):
    """A notice to a cadre about their file (a record confirmed, an objection decided).

    Stored as a kind, not as text, so it reads in the language of whoever opens it."""

    class Kind(models.TextChoices):
        RECORD_CONFIRMED = "record_confirmed", _("A record was added to your integrity file.")
        OBJECTION_UPHELD = (
            "objection_upheld",
            _("Your objection was upheld; the record was corrected."),
        )
        OBJECTION_REJECTED = "objection_rejected", _("Your objection was rejected.")
        ANSWER_DUE = (
            "answer_due",
            _("A record in your file awaits your answer: acknowledge it or object."),
        )

    recipient = models.ForeignKey(
        "staffmgmt.Staff",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="integrity_notices",
    )
    record = models.ForeignKey(
        IntegrityRecord, verbose_name=_("record"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integrity notice")
        verbose_name_plural = _("integrity notices")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()
