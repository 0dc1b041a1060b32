"""Every write to integrity files: records, evidence, answers, objections, talks, credits,
the access log and notices.

Rules every service keeps:
- only an integrity officer keeping the cadre's file (their unit and below) writes it;
- a record changes only while it is a draft; once confirmed it is corrected by a new
  record that supersedes it and says why (the database refuses anything else, ADR 0008);
- the cadre answers a confirmed record once: acknowledges it or objects within the
  answer period (working days); an objection is decided by an officer apart from it
  (kernel.decisions: not the cadre, not who recorded or confirmed the record, not the
  objector, nor anyone whose account one of them created).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_files import selectors
from integrity_files.errors import IntegrityFileError as E
from integrity_files.models import (
    Category,
    CreditRequirement,
    Evidence,
    FileAccess,
    IntegrityNotice,
    IntegrityRecord,
    PointsRange,
    RecordKind,
    RecordResponse,
    Source,
    Talk,
    TrainingCredit,
)
from kernel.decisions import Decider, require_separate_decider
from kernel.errors import invalid
from kernel.history import save_with_history
from kernel.roles import Role, user_has_role
from staffmgmt import selectors as staff_selectors
from staffmgmt.extensions import LATE_CHECKIN, VERIFIED_COMPLAINT, ConductEvent

__all__ = [
    "DECISION_WORKING_DAYS",
    "OBJECTION_WORKING_DAYS",
    "credit_requirement_set",
    "evidence_add",
    "file_access_record",
    "notice_mark_read",
    "objection_decide",
    "objection_lodge",
    "proposal_confirm",
    "record_acknowledge",
    "record_answer_reminder",
    "record_confirm",
    "record_correct",
    "record_create",
    "record_dismiss",
    "record_propose",
    "record_propose_for_conduct",
    "record_update",
    "talk_follow_up_done",
    "talk_record",
    "training_credit_record",
]

# The cadre may object within this many working days of the record's confirmation.
OBJECTION_WORKING_DAYS = 10
# An officer decides an objection within this many working days of its lodging.
DECISION_WORKING_DAYS = 15

# Used when an administrator has removed a kind's range: the same defaults migration
# 0002 installs.
DEFAULT_POINTS_RANGES = {
    "commendation": (0, 10),
    "violation": (-20, 0),
    "declaration": (0, 0),
    "other": (-5, 5),
}

# Evidence: the types accepted, recognised by their first bytes (never by the name or the
# client's header alone), and the largest size.
EVIDENCE_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EVIDENCE_EXTENSIONS = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
}
DEFAULT_EVIDENCE_MAX_BYTES = 5 * 1024 * 1024

RECORD_FIELDS = ("category", "kind", "occurred_on", "facts", "source", "points")


def evidence_max_bytes() -> int:
    return int(getattr(settings, "INTEGRITY_EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


def _require_keeper(actor, staff) -> None:
    if not user_has_role(actor, Role.INTEGRITY_OFFICER):
        raise PermissionDenied(_("Only an integrity officer keeps integrity files."))
    if not selectors.can_keep_file(user=actor, staff=staff):
        raise PermissionDenied(_("This file is kept by the integrity officers of another unit."))


def _lock(record: IntegrityRecord) -> IntegrityRecord:
    return IntegrityRecord.objects.select_for_update().select_related("staff").get(pk=record.pk)


def _points_range(kind: str) -> tuple[int, int]:
    found = PointsRange.objects.filter(kind=kind).first()
    return (
        (found.min_points, found.max_points) if found else DEFAULT_POINTS_RANGES.get(kind, (0, 0))
    )


def _check_points(kind: str, points: int) -> None:
    low, high = _points_range(kind)
    if not low <= points <= high:
        raise invalid(
            E.POINTS_OUT_OF_RANGE,
            _("Points of this kind lie between %(low)s and %(high)s."),
            field="points",
            params={"low": low, "high": high},
        )


def _check_date(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise invalid(E.DATE_IN_FUTURE, _("The date lies in the future."), field=field)


def _check_record(record: IntegrityRecord) -> None:
    _check_points(record.kind, record.points)
    _check_date(record.occurred_on, "occurred_on")


def _notify(record: IntegrityRecord, kind: str) -> None:
    save_with_history(IntegrityNotice(recipient=record.staff, record=record, kind=kind), actor=None)


def _is_current(record: IntegrityRecord) -> bool:
    return (
        record.status == IntegrityRecord.Status.CONFIRMED
        and not IntegrityRecord.objects.filter(
            supersedes=record, status=IntegrityRecord.Status.CONFIRMED
        ).exists()
    )


@transaction.atomic
def record_create(
    *,
    actor,
    staff,
    category: str,
    kind: str,
    occurred_on: date,
    facts: str,
    source: str,
    points: int = 0,
) -> IntegrityRecord:
    """A draft record in `staff`'s file, written by an officer keeping it."""
    _require_keeper(actor, staff)
    record = IntegrityRecord(
        staff=staff,
        category=category,
        kind=kind,
        occurred_on=occurred_on,
        facts=facts,
        source=source,
        points=points,
        recorded_by=actor,
    )
    _check_record(record)
    return save_with_history(record, actor=actor, reason="record drafted")


@transaction.atomic
def record_propose(
    *,
    staff,
    category: str,
    kind: str,
    occurred_on: date,
    facts: str,
    source: str,
    points: int = 0,
    source_ref: str | None = None,
) -> IntegrityRecord:
    """A draft proposed by another part of the system (a late duty check-in, a verified
    complaint): never confirmed here; an integrity officer confirms or dismisses it.
    Idempotent by `source_ref`: a source already proposed returns its record (whatever
    became of it), also under a race. UNSCOPED: for services of other apps, which hold no
    user of this file."""
    if source_ref:
        existing = IntegrityRecord.objects.filter(source_ref=source_ref).first()
        if existing is not None:
            return existing
    record = IntegrityRecord(
        staff=staff,
        category=category,
        kind=kind,
        occurred_on=occurred_on,
        facts=facts,
        source=source,
        points=points,
        source_ref=source_ref or None,
    )
    _check_record(record)
    try:
        with transaction.atomic():
            return save_with_history(record, actor=None, reason=f"proposed from {source}")
    except IntegrityError:
        if not source_ref:
            raise
        return IntegrityRecord.objects.get(source_ref=source_ref)


# How a conduct event (staffmgmt.extensions) is filed: category, kind, source.
CONDUCT_FILING = {
    LATE_CHECKIN: (Category.WORK_STYLE, RecordKind.VIOLATION, Source.DUTY_CHECKIN),
    VERIFIED_COMPLAINT: (Category.WORK_STYLE, RecordKind.VIOLATION, Source.COMPLAINT),
}


def record_propose_for_conduct(event: ConductEvent) -> IntegrityRecord:
    """The receiver of `staffmgmt.conduct_event`: a proposed draft in the person's file,
    once per `event.source_ref`, with the points of its kind's range nearest 0 (the officer
    sets them when confirming)."""
    category, kind, source = CONDUCT_FILING[event.kind]
    low, high = _points_range(kind)
    return record_propose(
        staff=event.staff,
        category=category,
        kind=kind,
        occurred_on=min(event.occurred_on, timezone.localdate()),
        facts=event.description,
        source=source,
        points=min(max(0, low), high),
        source_ref=event.source_ref,
    )


@transaction.atomic
def record_update(*, actor, record: IntegrityRecord, **changes) -> IntegrityRecord:
    """Change a draft (category, kind, date, facts, source, points). A confirmed or
    dismissed record refuses with `integrity.record_frozen`."""
    record = _lock(record)
    _require_keeper(actor, record.staff)
    if record.status != IntegrityRecord.Status.DRAFT:
        raise invalid(
            E.RECORD_FROZEN,
            _("A confirmed record never changes: record a correction instead."),
        )
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise invalid(
            E.RECORD_FROZEN,
            _("These fields cannot be changed: %(fields)s."),
            params={"fields": ", ".join(sorted(unknown))},
        )
    for name, value in changes.items():
        setattr(record, name, value)
    _check_record(record)
    return save_with_history(record, actor=actor, reason="draft edited")


@transaction.atomic
def record_confirm(*, actor, record: IntegrityRecord) -> IntegrityRecord:
    """Confirm a draft: from now on it is frozen (the database refuses changes), the cadre
    is notified and may answer until `respond_by` (working days). A correction, once
    confirmed, takes the place of the record it supersedes in every total."""
    record = _lock(record)
    _require_keeper(actor, record.staff)
    if record.status != IntegrityRecord.Status.DRAFT:
        raise invalid(E.NOT_A_DRAFT, _("Only a draft can be confirmed."))
    if record.supersedes_id is not None:
        old = _lock(record.supersedes)
        if not _is_current(old):
            raise invalid(E.ALREADY_SUPERSEDED, _("The record it corrects is already superseded."))
    _check_record(record)
    today = timezone.localdate()
    record.status = IntegrityRecord.Status.CONFIRMED
    record.confirmed_by = actor
    record.confirmed_at = timezone.now()
    record.respond_by = staff_selectors.add_working_days(day=today, n=OBJECTION_WORKING_DAYS)
    save_with_history(record, actor=actor, reason="record confirmed")
    _notify(record, IntegrityNotice.Kind.RECORD_CONFIRMED)
    return record


@transaction.atomic
def proposal_confirm(
    *, actor, record: IntegrityRecord, points: int | None = None
) -> IntegrityRecord:
    """Confirm a draft (typically a proposal), first setting its `points` when given
    (within the kind's range), in one step: both happen or neither."""
    if points is not None:
        record = record_update(actor=actor, record=record, points=points)
    return record_confirm(actor=actor, record=record)


@transaction.atomic
def record_dismiss(*, actor, record: IntegrityRecord, reason: str) -> IntegrityRecord:
    """Dismiss a draft (a proposal that does not hold), saying why; it stays on file."""
    record = _lock(record)
    _require_keeper(actor, record.staff)
    if record.status != IntegrityRecord.Status.DRAFT:
        raise invalid(E.NOT_A_DRAFT, _("Only a draft can be dismissed."))
    if not reason.strip():
        raise invalid(E.REASON_REQUIRED, _("Say why the draft is dismissed."), field="reason")
    record.status = IntegrityRecord.Status.DISMISSED
    record.dismissal_reason = reason
    return save_with_history(record, actor=actor, reason="draft dismissed")


@transaction.atomic
def record_correct(
    *, actor, record: IntegrityRecord, reason: str, confirm: bool = False, **changes
) -> IntegrityRecord:
    """A new record superseding the confirmed, current `record`, with `changes` over its
    values and the `reason` for the correction. A draft unless `confirm`; the old record
    stays on file, unchanged, and stops counting once the correction is confirmed."""
    old = _lock(record)
    _require_keeper(actor, old.staff)
    if old.status != IntegrityRecord.Status.CONFIRMED:
        raise invalid(E.NOT_CONFIRMED, _("Only a confirmed record is corrected."))
    if not _is_current(old):
        raise invalid(E.ALREADY_SUPERSEDED, _("This record is already superseded."))
    if not reason.strip():
        raise invalid(E.REASON_REQUIRED, _("Say why the record is corrected."), field="reason")
    values = {name: getattr(old, name) for name in RECORD_FIELDS}
    values.update({k: v for k, v in changes.items() if k in RECORD_FIELDS and v is not None})
    correction = IntegrityRecord(
        staff=old.staff,
        supersedes=old,
        correction_reason=reason,
        recorded_by=actor,
        **values,
    )
    _check_record(correction)
    save_with_history(correction, actor=actor, reason=f"correction of #{old.pk}")
    if confirm:
        correction = record_confirm(actor=actor, record=correction)
    return correction


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, signatures in EVIDENCE_SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


@transaction.atomic
def evidence_add(*, actor, record: IntegrityRecord, upload: UploadedFile) -> Evidence:
    """Attach a file to a draft: PDF, PNG or JPEG (checked by content and name), not
    empty, at most `INTEGRITY_EVIDENCE_MAX_BYTES`; stored through Django's storage."""
    record = _lock(record)
    _require_keeper(actor, record.staff)
    if record.status != IntegrityRecord.Status.DRAFT:
        raise invalid(
            E.RECORD_FROZEN, _("Evidence is added while the record is a draft."), field="file"
        )
    limit = evidence_max_bytes()
    if not upload.size or upload.size > limit:
        raise invalid(
            E.EVIDENCE_SIZE,
            _("A file must hold something and be at most %(limit)s MB."),
            field="file",
            params={"limit": round(limit / (1024 * 1024), 1)},
        )
    content_type = _sniff(upload)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if content_type is None or extension not in EVIDENCE_EXTENSIONS[content_type]:
        raise invalid(E.EVIDENCE_TYPE, _("Evidence must be a PDF, PNG or JPEG file."), field="file")
    evidence = Evidence(
        record=record,
        original_name=upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=False)
    # The file is written before the row: should the row fail, the stray file goes.
    try:
        return save_with_history(evidence, actor=actor, reason="evidence added")
    except Exception:
        evidence.file.delete(save=False)
        raise


def _own_current_record(actor, record: IntegrityRecord) -> IntegrityRecord:
    record = _lock(record)
    me = staff_selectors.staff_for_user(user=actor)
    if me is None or me.pk != record.staff_id:
        raise PermissionDenied(_("Only the cadre the record is about answers it."))
    if not _is_current(record):
        raise invalid(E.NOT_CONFIRMED, _("Only a confirmed, current record is answered."))
    if RecordResponse.objects.filter(record=record).exists():
        raise invalid(E.ALREADY_ANSWERED, _("This record is already answered."))
    return record


@transaction.atomic
def record_acknowledge(*, actor, record: IntegrityRecord) -> RecordResponse:
    """The cadre acknowledges a confirmed record about them (once)."""
    record = _own_current_record(actor, record)
    return save_with_history(
        RecordResponse(
            record=record,
            kind=RecordResponse.Kind.ACKNOWLEDGEMENT,
            status=RecordResponse.Status.ACKNOWLEDGED,
            responded_by=actor,
        ),
        actor=actor,
        reason="record acknowledged",
    )


@transaction.atomic
def objection_lodge(*, actor, record: IntegrityRecord, statement: str) -> RecordResponse:
    """The cadre objects to a confirmed record about them, with a statement, by the
    record's `respond_by` day; an officer is to decide within DECISION_WORKING_DAYS."""
    record = _own_current_record(actor, record)
    if not statement.strip():
        raise invalid(E.REASON_REQUIRED, _("Say why you object."), field="statement")
    today = timezone.localdate()
    if record.respond_by and today > record.respond_by:
        raise invalid(
            E.OBJECTION_TOO_LATE,
            _("Objections to this record were due by %(day)s."),
            params={"day": record.respond_by.isoformat()},
        )
    return save_with_history(
        RecordResponse(
            record=record,
            kind=RecordResponse.Kind.OBJECTION,
            status=RecordResponse.Status.OPEN,
            statement=statement,
            responded_by=actor,
            decide_by=staff_selectors.add_working_days(day=today, n=DECISION_WORKING_DAYS),
        ),
        actor=actor,
        reason="objection lodged",
    )


def _objection_deciders(record: IntegrityRecord, parties: list) -> list[Decider]:
    """Who may decide instead: the integrity officers keeping the file (of the cadre's unit
    or a unit above it), none of the parties."""
    excluded = {getattr(p, "user_id", getattr(p, "pk", p)) for p in parties if p is not None}
    officers = (
        staff_selectors.staff_of_units_unscoped(
            units=staff_selectors.org_unit_and_ancestors_unscoped(unit=record.staff.unit)
        )
        .filter(user__groups__name=Role.INTEGRITY_OFFICER)
        .exclude(user_id__in=excluded)
        .select_related("unit")
        .order_by("unit__path", "name")
    )
    return [
        Decider(user_id=person.user_id, name=person.name, unit=person.unit.name)
        for person in officers[:5]
    ]


def _require_separate_decider(actor, objection: RecordResponse, record: IntegrityRecord) -> None:
    # ADR 0005: the decision is about the cadre and about the record's author and confirmer
    # (an objection says they were wrong); the objecting cadre asked for it.
    about = [record.staff.user_id, record.recorded_by_id, record.confirmed_by_id]
    require_separate_decider(
        actor=actor,
        about=[uid for uid in about if uid is not None],
        requested_by=objection.responded_by_id,
        deciders=lambda: _objection_deciders(record, [*about, objection.responded_by_id]),
    )


@transaction.atomic
def objection_decide(
    *,
    actor,
    objection: RecordResponse,
    upheld: bool,
    reason: str,
    corrected_points: int | None = None,
) -> RecordResponse:
    """Decide an open objection, with reasons. Upheld: a confirmed correction supersedes
    the record (points `corrected_points`, default 0) and the total changes; rejected: the
    record stands. The cadre is notified either way."""
    objection = (
        RecordResponse.objects.select_for_update()
        .select_related("record", "record__staff")
        .get(pk=objection.pk)
    )
    record = objection.record
    _require_keeper(actor, record.staff)
    if objection.kind != RecordResponse.Kind.OBJECTION or (
        objection.status != RecordResponse.Status.OPEN
    ):
        raise invalid(E.NOT_OPEN, _("This objection is already decided."))
    _require_separate_decider(actor, objection, record)
    if not reason.strip():
        raise invalid(E.REASON_REQUIRED, _("Give the reasons for the decision."), field="reason")
    if upheld:
        record_correct(
            actor=actor,
            record=record,
            reason=reason,
            points=0 if corrected_points is None else corrected_points,
            confirm=True,
        )
    objection.status = RecordResponse.Status.UPHELD if upheld else RecordResponse.Status.REJECTED
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.decision_reason = reason
    save_with_history(objection, actor=actor, reason=f"objection {objection.status}")
    _notify(
        record,
        IntegrityNotice.Kind.OBJECTION_UPHELD
        if upheld
        else IntegrityNotice.Kind.OBJECTION_REJECTED,
    )
    return objection


@transaction.atomic
def talk_record(
    *,
    actor,
    staff,
    kind: str,
    held_on: date,
    participants: str,
    summary: str,
    follow_up: str = "",
    follow_up_due: date | None = None,
) -> Talk:
    """A heart-to-heart talk with `staff` (routine, reminder or admonishment)."""
    _require_keeper(actor, staff)
    _check_date(held_on, "held_on")
    if follow_up_due is not None and (not follow_up.strip() or follow_up_due < held_on):
        raise invalid(
            E.FOLLOW_UP_DUE,
            _("A follow-up due date needs a follow-up and lies on or after the talk."),
            field="follow_up_due",
        )
    return save_with_history(
        Talk(
            staff=staff,
            kind=kind,
            held_on=held_on,
            participants=participants,
            summary=summary,
            follow_up=follow_up,
            follow_up_due=follow_up_due,
            recorded_by=actor,
        ),
        actor=actor,
        reason="talk recorded",
    )


@transaction.atomic
def talk_follow_up_done(*, actor, talk: Talk, note: str) -> Talk:
    """Mark the follow-up agreed in a talk as done, once: by an integrity officer keeping
    the cadre's file, never by the cadre talked to, saying what was done. Who and when are
    kept on the talk and in its history; the database lets nothing else of a talk change
    and nothing change after this (migration 0007). The follow-up reminder stops."""
    _require_keeper(actor, talk.staff)
    talk = Talk.objects.select_for_update().select_related("staff").get(pk=talk.pk)
    me = staff_selectors.staff_for_user(user=actor)
    if me is not None and me.pk == talk.staff_id:
        raise invalid(
            E.FOLLOW_UP_BY_CADRE,
            _("Another officer closes the follow-up of a talk with you."),
        )
    if not talk.follow_up.strip():
        raise invalid(E.NO_FOLLOW_UP, _("This talk agreed no follow-up."))
    if talk.follow_up_done_at is not None:
        raise invalid(
            E.FOLLOW_UP_ALREADY_DONE,
            _("This follow-up was already marked done on %(day)s.")
            % {"day": timezone.localdate(talk.follow_up_done_at).isoformat()},
        )
    if not (note or "").strip():
        raise invalid(E.FOLLOW_UP_NOTE_REQUIRED, _("Say what was done."), field="note")
    talk.follow_up_done_at = timezone.now()
    talk.follow_up_done_by = actor
    talk.follow_up_done_note = note.strip()
    return save_with_history(
        talk,
        actor=actor,
        reason="talk follow-up done",
        update_fields=["follow_up_done_at", "follow_up_done_by", "follow_up_done_note"],
    )


@transaction.atomic
def training_credit_record(
    *,
    actor,
    staff,
    course: str,
    hours: Decimal,
    credits: Decimal,
    completed_on: date,
    certificate: str = "",
) -> TrainingCredit:
    _require_keeper(actor, staff)
    _check_date(completed_on, "completed_on")
    return save_with_history(
        TrainingCredit(
            staff=staff,
            course=course,
            hours=hours,
            credits=credits,
            completed_on=completed_on,
            certificate=certificate,
            recorded_by=actor,
        ),
        actor=actor,
        reason="training credit recorded",
    )


@transaction.atomic
def credit_requirement_set(*, actor, unit, year: int, required_credits: Decimal):
    """The yearly credits each cadre of `unit` (and below, unless set lower down) owes."""
    if not user_has_role(actor, Role.INTEGRITY_OFFICER):
        raise PermissionDenied(_("Only an integrity officer sets credit requirements."))
    me = staff_selectors.staff_for_user(user=actor)
    in_scope = actor.is_superuser or (
        me is not None
        and staff_selectors.org_unit_subtree_unscoped(unit=me.unit).filter(pk=unit.pk).exists()
    )
    if not in_scope:
        raise PermissionDenied(_("This unit is outside the files you keep."))
    requirement = CreditRequirement.objects.select_for_update().filter(
        unit=unit, year=year
    ).first() or CreditRequirement(unit=unit, year=year)
    requirement.required_credits = required_credits
    return save_with_history(requirement, actor=actor, reason="credit requirement set")


def file_access_record(*, viewer, staff_ids, what: str, detail: str = "") -> int:
    """Log that `viewer` read the files of `staff_ids` (one row per file, now). The log is
    append-only in the database; it has no history of its own because it is one."""
    ids = sorted({int(pk) for pk in staff_ids})
    if not ids or not getattr(viewer, "is_authenticated", False):
        return 0
    now = timezone.now()
    FileAccess.objects.bulk_create(
        [
            FileAccess(staff_id=pk, viewer=viewer, accessed_at=now, what=what, detail=detail[:200])
            for pk in ids
        ]
    )
    return len(ids)


@transaction.atomic
def record_answer_reminder(*, record: IntegrityRecord) -> IntegrityNotice:
    """Remind the cadre, on their file, that `record` awaits their answer (scheduled work
    calls it once per record and deadline)."""
    return save_with_history(
        IntegrityNotice(
            recipient=record.staff, record=record, kind=IntegrityNotice.Kind.ANSWER_DUE
        ),
        actor=None,
        reason="answer due",
    )


@transaction.atomic
def notice_mark_read(*, actor, notice_ids: list[int] | None = None) -> int:
    """Mark the actor's own unread notices read (all, or those given)."""
    me = staff_selectors.staff_for_user(user=actor)
    if me is None:
        return 0
    unread = IntegrityNotice.objects.select_for_update().filter(recipient=me, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    now = timezone.now()
    count = 0
    for notice in unread:
        notice.read_at = now
        save_with_history(notice, actor=actor, reason="notice read")
        count += 1
    return count
