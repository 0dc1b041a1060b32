"""What staff do with the feedback: take (first inquiry responsibility), assign, reply,
close and verify entries, close follow-ups of negative ratings, issue rating cards."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from feedback.errors import FeedbackError
from feedback.models import (
    EntryKind,
    EntryReply,
    EntryStatus,
    FollowUp,
    FollowUpStatus,
    SuggestionEntry,
    Verification,
    WindowCard,
    new_card_token,
)
from feedback.selectors.cases import answerable_unit_ids, can_answer
from feedback.selectors.public import card_cache_key
from kernel.errors import invalid
from kernel.history import save_with_history
from staffmgmt import selectors as staff_selectors
from staffmgmt.extensions import VERIFIED_COMPLAINT, ConductEvent, conduct_event_report
from staffmgmt.models import Staff, Window

__all__ = [
    "REPLY_MAX",
    "entry_assign",
    "entry_close",
    "entry_reply",
    "entry_take",
    "entry_verify",
    "follow_up_close",
    "window_card_issue",
]

REPLY_MAX = 4000


def _me(actor) -> Staff:
    me = staff_selectors.staff_for_user(user=actor)
    if me is None:
        raise PermissionDenied(_("Only staff members handle feedback."))
    return me


def _manages(actor, unit_id: int) -> bool:
    return unit_id in answerable_unit_ids(user=actor)


def _locked_entry(entry: SuggestionEntry) -> SuggestionEntry:
    # Two people taking the same entry at once: the second one waits and sees the owner.
    return SuggestionEntry.objects.select_for_update().get(pk=entry.pk)


def _require_open(entry: SuggestionEntry) -> None:
    if entry.status == EntryStatus.CLOSED:
        raise invalid(FeedbackError.ENTRY_CLOSED, _("The entry is closed."))


def _take(actor, me: Staff, entry: SuggestionEntry) -> None:
    if entry.owner_id is not None and entry.owner_id != me.pk:
        raise invalid(
            FeedbackError.ALREADY_OWNED,
            _("%(name)s has taken this entry already and answers it.") % {"name": entry.owner.name},
        )
    if not can_answer(user=actor, entry=entry):
        raise PermissionDenied(_("The entry is not assigned to you."))
    if entry.owner_id is None:
        entry.owner = me
        entry.status = EntryStatus.ACCEPTED
        entry.accepted_at = timezone.now()


@transaction.atomic
def entry_take(*, actor, entry: SuggestionEntry) -> SuggestionEntry:
    """The actor takes the entry and owns it until it is answered (first inquiry
    responsibility). Allowed to the person it is assigned to and to the managers of its
    unit; refused when someone else owns it already (`already_owned`) or it is closed.
    Taking it twice is harmless."""
    me = _me(actor)
    entry = _locked_entry(entry)
    _require_open(entry)
    if entry.owner_id == me.pk:
        return entry
    _take(actor, me, entry)
    return save_with_history(entry, actor=actor, reason="taken (first inquiry)")


@transaction.atomic
def entry_assign(*, actor, entry: SuggestionEntry, assignee: Staff) -> SuggestionEntry:
    """A manager of the entry's unit assigns it, before anyone has taken it, to an active
    staff member of that unit (or a unit below it)."""
    entry = _locked_entry(entry)
    if not _manages(actor, entry.unit_id):
        raise PermissionDenied(_("Only a manager of the unit assigns its entries."))
    _require_open(entry)
    if entry.owner_id is not None:
        raise invalid(
            FeedbackError.ALREADY_OWNED,
            _("%(name)s has taken this entry already and answers it.") % {"name": entry.owner.name},
        )
    if not assignee.is_active or not assignee.unit.path.startswith(entry.unit.path):
        raise invalid(
            FeedbackError.ASSIGNEE_INVALID,
            _("%(name)s does not work in this unit.") % {"name": assignee.name},
            field="assignee",
        )
    entry.assigned_to = assignee
    return save_with_history(entry, actor=actor, reason=f"assigned to {assignee.employee_no}")


def _mail_reply(entry: SuggestionEntry, text: str) -> None:
    if "@" not in entry.contact:
        return
    send_mail(
        subject=_("Reply to your entry %(code)s") % {"code": entry.tracking_code},
        message=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[entry.contact],
        fail_silently=True,
    )


@transaction.atomic
def entry_reply(*, actor, entry: SuggestionEntry, text: str) -> EntryReply:
    """The owner replies (someone who may take the entry and has not yet, takes it by
    replying). The first reply answers the entry; the taxpayer reads every reply through
    the tracking code, and gets it by e-mail when they left an address."""
    me = _me(actor)
    text = (text or "").strip()
    if not text:
        raise invalid(FeedbackError.TEXT_REQUIRED, _("Write the reply."), field="text")
    if len(text) > REPLY_MAX:
        raise invalid(
            FeedbackError.TEXT_TOO_LONG,
            _("At most %(limit)d characters (this has %(count)d).")
            % {"limit": REPLY_MAX, "count": len(text)},
            field="text",
        )
    entry = _locked_entry(entry)
    _require_open(entry)
    if entry.owner_id is not None and entry.owner_id != me.pk:
        raise invalid(
            FeedbackError.NOT_OWNER,
            _("%(name)s owns this entry: only they reply.") % {"name": entry.owner.name},
        )
    _take(actor, me, entry)
    reply = save_with_history(
        EntryReply(entry=entry, author=me, text=text), actor=actor, reason="reply"
    )
    if entry.answered_at is None:
        entry.answered_at = reply.created_at
    entry.status = EntryStatus.ANSWERED
    save_with_history(entry, actor=actor, reason="answered")
    transaction.on_commit(lambda: _mail_reply(entry, text))
    return reply


@transaction.atomic
def entry_close(*, actor, entry: SuggestionEntry, reason: str = "") -> SuggestionEntry:
    """The owner or a manager of the unit closes an answered entry."""
    me = _me(actor)
    entry = _locked_entry(entry)
    _require_open(entry)
    if entry.owner_id != me.pk and not _manages(actor, entry.unit_id):
        raise PermissionDenied(_("Only the owner or a manager closes the entry."))
    if entry.answered_at is None:
        raise invalid(FeedbackError.NOT_ANSWERED, _("Reply before closing the entry."))
    entry.status = EntryStatus.CLOSED
    entry.closed_at = timezone.now()
    return save_with_history(entry, actor=actor, reason=reason or "closed")


@transaction.atomic
def entry_verify(
    *,
    actor,
    entry: SuggestionEntry,
    verification: str,
    note: str,
    concerned_staff: Staff | None = None,
) -> SuggestionEntry:
    """A manager of the unit marks a complaint verified or unfounded, with a note. A
    verified complaint names the staff member concerned (by default the person who was
    serving); assessment reads it through the selectors. A verified complaint is reported
    as a conduct event once it commits: integrity files propose a draft record of it (one
    per entry, however often it is verified again)."""
    entry = _locked_entry(entry)
    if not _manages(actor, entry.unit_id):
        raise PermissionDenied(_("Only a manager of the unit checks complaints."))
    if entry.kind != EntryKind.COMPLAINT:
        raise invalid(FeedbackError.NOT_A_COMPLAINT, _("Only complaints are verified."))
    if verification not in (Verification.VERIFIED, Verification.UNFOUNDED):
        raise invalid(
            FeedbackError.NOT_ALLOWED, _("Choose verified or unfounded."), field="verification"
        )
    note = (note or "").strip()
    if not note:
        raise invalid(FeedbackError.NOTE_REQUIRED, _("Say what the check found."), field="note")
    concerned = concerned_staff or entry.staff
    if verification == Verification.VERIFIED and concerned is None:
        raise invalid(
            FeedbackError.STAFF_REQUIRED,
            _("Name the staff member the verified complaint concerns."),
            field="concerned_staff",
        )
    entry.verification = verification
    entry.verification_note = note
    entry.concerned_staff = concerned if verification == Verification.VERIFIED else None
    entry.verified_by = actor
    entry.verified_at = timezone.now()
    entry = save_with_history(entry, actor=actor, reason=f"complaint {verification}")
    if verification == Verification.VERIFIED:
        _report_verified_complaint(entry)
    return entry


def _report_verified_complaint(entry: SuggestionEntry) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        description = _("Complaint %(code)s about window %(window)s was verified: %(note)s") % {
            "code": entry.tracking_code,
            "window": entry.window.number,
            "note": entry.verification_note,
        }
    conduct_event_report(
        ConductEvent(
            staff=entry.concerned_staff,
            kind=VERIFIED_COMPLAINT,
            occurred_on=timezone.localtime(entry.created_at).date(),
            source_ref=f"feedback.entry:{entry.pk}",
            description=description,
        )
    )


@transaction.atomic
def follow_up_close(*, actor, follow_up: FollowUp, note: str) -> FollowUp:
    """The hall has called back or checked the case after a negative rating: the owner
    (or a manager of the unit, who becomes the owner) records what was done."""
    me = _me(actor)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == FollowUpStatus.DONE:
        raise invalid(FeedbackError.FOLLOW_UP_DONE, _("The follow-up is done already."))
    if follow_up.owner_id != me.pk and not _manages(actor, follow_up.unit_id):
        raise PermissionDenied(_("Only the owner or a manager closes the follow-up."))
    note = (note or "").strip()
    if not note:
        raise invalid(FeedbackError.NOTE_REQUIRED, _("Say what was done."), field="note")
    follow_up.owner = follow_up.owner or me
    follow_up.status = FollowUpStatus.DONE
    follow_up.note = note
    follow_up.done_at = timezone.now()
    return save_with_history(follow_up, actor=actor, reason="followed up")


@transaction.atomic
def window_card_issue(*, actor, window: Window, renew: bool = False) -> WindowCard:
    """The window's rating card (its QR code's token), made on first use. `renew` gives
    it a new token, so a copied or defaced sticker stops working."""
    if not _manages(actor, window.unit_id):
        raise PermissionDenied(_("Only a manager of the unit issues rating cards."))
    card = WindowCard.objects.select_for_update().filter(window=window).first()
    if card is None:
        return save_with_history(WindowCard(window=window), actor=actor, reason="card issued")
    if renew:
        old = card.token
        card.token = new_card_token()
        transaction.on_commit(lambda: cache.delete(card_cache_key(old)))
        return save_with_history(card, actor=actor, reason="card renewed")
    return card
