"""What a taxpayer submits from a window's page: a rating, a suggestion-book entry."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import conf, throttling
from feedback.errors import FeedbackError
from feedback.models import (
    NEGATIVE_MAX_LEVEL,
    ComplaintTopic,
    EntryKind,
    FollowUp,
    NegativeReason,
    Rating,
    RatingLevel,
    SuggestionEntry,
    WindowCard,
)
from feedback.selectors.public import serving_staff_cached, serving_staff_id_cached
from feedback.services.rollups import rating_rollup_add
from kernel.errors import invalid
from kernel.history import attribute_change, save_with_history
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Staff

__all__ = [
    "COMMENT_MAX",
    "CONTACT_MAX",
    "CONTACT_NAME_MAX",
    "ENTRY_TEXT_MAX",
    "default_assignee",
    "entry_deadlines",
    "entry_submit",
    "rating_submit",
]

COMMENT_MAX = 500
ENTRY_TEXT_MAX = 2000
CONTACT_NAME_MAX = 80
CONTACT_MAX = 120
# A phone number as people type it: digits with spaces, dashes, brackets, a leading +.
PHONE_RE = re.compile(r"^\+?[\d\s\-()]{7,24}$")


def _check_honeypot(honeypot: str) -> None:
    if honeypot:
        raise invalid(
            FeedbackError.HONEYPOT,
            _("The submission was refused: a field meant to stay empty was filled in."),
        )


def _check_length(value: str, limit: int, field: str) -> None:
    if len(value) > limit:
        raise invalid(
            FeedbackError.TEXT_TOO_LONG,
            _("At most %(limit)d characters (this has %(count)d).")
            % {"limit": limit, "count": len(value)},
            field=field,
        )


# A negative rating's follow-up is due a number of working days after its day: reading the
# calendar (its overrides and ~90 classified days) cost 2 ms, more than the rating's own
# writes, for an answer that is the same all day. Remembered in the cache for a minute: a
# calendar override is seen by the ratings at most that much later, and a date already
# promised is never moved (ADR 0007).
DUE_CACHE_SECONDS = 60


def _negative_follow_up_due(day):
    n = conf.deadline_days("negative_rating")
    key = f"feedback-follow-up-due:{day.isoformat()}:{n}"
    due = cache.get(key)
    if due is None:
        due = staff_selectors.add_working_days(day=day, n=n)
        cache.set(key, due, timeout=DUE_CACHE_SECONDS)
    return due


def _validate_rating(level, reasons: list[str], comment: str) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if level not in RatingLevel.values:
        errors["level"] = [
            ValidationError(_("Choose one of the five levels."), code=FeedbackError.LEVEL_INVALID)
        ]
    unknown = [code for code in reasons if code not in NegativeReason.values]
    if unknown:
        errors["reasons"] = [
            ValidationError(
                _("Unknown reason: %(codes)s.") % {"codes": ", ".join(unknown)},
                code=FeedbackError.REASON_INVALID,
            )
        ]
    elif level in RatingLevel.values and level > NEGATIVE_MAX_LEVEL and (reasons or comment):
        errors["reasons"] = [
            ValidationError(
                _("Reasons and a comment go with a dissatisfied rating only."),
                code=FeedbackError.REASONS_ONLY_FOR_NEGATIVE,
            )
        ]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [
            ValidationError(
                _("At most %(limit)d characters (this has %(count)d).")
                % {"limit": COMMENT_MAX, "count": len(comment)},
                code=FeedbackError.TEXT_TOO_LONG,
            )
        ]
    if errors:
        raise ValidationError(errors)


# Not @transaction.atomic as a whole: the checks and the throttle counts need none, and on
# the hottest write path the transaction is kept to the writes: the rating, its count in
# the daily rollup and (negative) its follow-up, stored together or not at all.
def rating_submit(
    *,
    actor,
    card: WindowCard,
    level: int,
    client: throttling.Client | None,
    reasons: Iterable[str] = (),
    comment: str = "",
    honeypot: str = "",
    at: datetime | None = None,
    submission: str = "",
) -> Rating:
    """Record one taxpayer's rating of `card`'s window, attributed to the person serving
    it now, and counted in its day's rollup (`DailyWindowRating`) in the same transaction;
    a negative rating opens a follow-up due in `negative_rating` working days.

    Refused, with nothing written: a filled honeypot, an unknown level or reason, reasons
    or a comment with a rating that is not negative, a comment over COMMENT_MAX; a second
    rating of the window from the same device within RATING_DEVICE_SECONDS
    (`rating_throttled`), more than RATINGS_PER_IP_HOUR from one address (`ip_throttled`);
    a second rating with the same `submission` (the page form's random id), also
    `rating_throttled`: the unique constraint decides, so a form sent twice at once
    stores one rating even where the cache is not shared.
    `client=None` (no limits) is for trusted callers only (demo data, imports), never for
    a request.
    """
    _check_honeypot(honeypot)
    reasons = list(dict.fromkeys(code.strip() for code in reasons if code.strip()))
    comment = (comment or "").strip()
    _validate_rating(level, reasons, comment)
    window = card.window
    if not window.is_active:
        raise invalid(FeedbackError.WINDOW_INACTIVE, _("This window is closed."))
    once = f"rating:{window.pk}:{client.device_key}" if client is not None else None
    if once:
        # Both limits in one cache round trip; the address's is the answer when both refuse.
        first_visit, within_address = throttling.take_once_and_count(
            once,
            once_seconds=conf.setting("RATING_DEVICE_SECONDS"),
            count_scope=f"rating-ip:{client.ip_key}",
            limit=conf.setting("RATINGS_PER_IP_HOUR"),
            seconds=3600,
        )
        if not within_address:
            if first_visit:
                throttling.release_once(once)
            raise invalid(
                FeedbackError.IP_THROTTLED,
                _("Too many ratings came from this network in the last hour; please try later."),
            )
        if not first_visit:
            raise invalid(
                FeedbackError.RATING_THROTTLED,
                _("You have rated this window a moment ago. Thank you: one rating per visit."),
            )
    # A failure after this point gives the device its rating back.
    try:
        at = at or timezone.now()
        rating = Rating(
            window=window,
            unit_id=window.unit_id,
            staff_id=serving_staff_id_cached(window=window, at=at),
            level=level,
            reasons=",".join(reasons),
            comment=comment,
            created_at=at,
            submission=submission[:32],
        )
        # The hottest write of the site: the fields are checked in Python, but the foreign
        # keys come from rows just read and the two check constraints are the database's
        # (and were checked above), so none of them costs a query here.
        rating.full_clean(exclude=["window", "unit", "staff"], validate_constraints=False)
        # Read before the transaction, which on SQLite holds the one write lock.
        due = _negative_follow_up_due(timezone.localtime(at).date()) if rating.is_negative else None
        try:
            with transaction.atomic():
                _rating_insert(rating)
                rating_rollup_add(rating=rating)
                if due is not None:
                    _follow_up_open(rating=rating, actor=actor, at=at, due_date=due)
        except IntegrityError as error:
            # The same form sent twice: the other request stored it (rating_one_per_form).
            if submission and Rating.objects.filter(submission=rating.submission).exists():
                raise invalid(
                    FeedbackError.RATING_THROTTLED,
                    _("You have rated this window a moment ago. Thank you: one rating per visit."),
                ) from error
            raise
    except Exception:
        if once:
            throttling.release_once(once)
        raise
    return rating


_RATING_COLUMNS = (
    "window_id",
    "unit_id",
    "staff_id",
    "level",
    "reasons",
    "comment",
    "created_at",
    "submission",
)


def _rating_insert(rating: Rating) -> None:
    """Store `rating` (checked by full_clean already) in one `INSERT ... RETURNING id`, the
    same SQL on SQLite (>= 3.35) and PostgreSQL, and give it its id.

    Not `save()`: for a new row with no signals it decides it is an insert, walks the
    parents, the pre-save of every field and the insert compiler on each call, 18% of a
    rating's CPU time (issue #9). A Rating has no history (written once, ADR 0007) and no
    receivers. The values go through their fields' own conversion (the datetime as the
    backend stores it), and the database's constraints hold as for save(): a form sent
    twice raises the IntegrityError of `rating_one_per_form`."""
    fields = [Rating._meta.get_field(name) for name in _RATING_COLUMNS]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Rating._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {quote('id')}"
    )
    values = [
        field.get_db_prep_save(getattr(rating, field.attname), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (rating.pk,) = cursor.fetchone()
    rating._state.adding = False
    rating._state.db = connection.alias


def _follow_up_open(*, rating: Rating, actor, at: datetime, due_date) -> FollowUp:
    """The follow-up of a negative rating just inserted in this transaction, with its
    history row. Not save_with_history's whole full_clean: its rating is the row just
    written (it exists and has no follow-up yet), its unit the window's row just read, and
    its check constraint (open, not done) the database's, so the three look-ups and the
    constraint's savepoint would only repeat what is known (four queries of ten)."""
    follow_up = FollowUp(
        rating=rating,
        unit_id=rating.unit_id,
        due_date=due_date,
        created_at=at,
    )
    follow_up.full_clean(
        exclude=["rating", "unit"], validate_unique=False, validate_constraints=False
    )
    attribute_change(follow_up, actor=actor, reason="negative rating")
    follow_up.save()
    return follow_up


def entry_deadlines(*, kind: str, topic: str, day) -> tuple:
    """(accept by, answer by) of an entry of `kind` arriving on `day`, in working days of
    the work calendar: a complaint is accepted within `complaint_accept` and closed within
    `complaint_attitude` or `complaint_quality`; every other kind is answered within its
    own number (a question: three, the source text)."""
    if kind == EntryKind.COMPLAINT:
        accept = staff_selectors.add_working_days(day=day, n=conf.deadline_days("complaint_accept"))
        answer = staff_selectors.add_working_days(
            day=day, n=conf.deadline_days(f"complaint_{topic or ComplaintTopic.QUALITY}")
        )
        return accept, answer
    return None, staff_selectors.add_working_days(day=day, n=conf.deadline_days(kind))


def default_assignee(*, window, serving: Staff | None) -> Staff | None:
    """The manager of the window's post holder (the person serving, else the A holder of
    the window's first post), the closest one above them; else a manager of the window's
    unit. Nobody: the unit's managers see it in their inbox all the same."""
    holder = serving
    if holder is None:
        posts = list(staff_selectors.window_posts_unscoped(window=window))
        today = timezone.localdate()
        pairings = (
            [
                entry.pairing
                for entry in staff_selectors.post_coverage_list_unscoped(
                    posts=posts, start=today, end=today
                )
                if entry.pairing is not None
            ]
            if posts
            else []
        )
        holder = pairings[0].a_holder if pairings else None
    unit = holder.unit if holder is not None else window.unit
    managers = [
        person
        for person in staff_selectors.managers_of_unit_unscoped(unit=unit)
        if holder is None or person.pk != holder.pk
    ]
    if not managers:
        return None
    # The deepest unit is the closest manager; by employee number among equals.
    return min(managers, key=lambda person: (-len(person.unit.path), person.employee_no))


def _validate_entry(kind, topic, text, contact_name, contact) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def add(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if kind not in EntryKind.values:
        add(
            "kind",
            _("Choose suggestion, complaint, praise or question."),
            FeedbackError.KIND_INVALID,
        )
    if topic and (kind != EntryKind.COMPLAINT or topic not in ComplaintTopic.values):
        add(
            "topic",
            _("A topic is chosen for a complaint only: attitude or quality."),
            FeedbackError.TOPIC_INVALID,
        )
    if not text:
        add("text", _("Write what you want to tell the hall."), FeedbackError.TEXT_REQUIRED)
    for field, value, limit in (
        ("text", text, ENTRY_TEXT_MAX),
        ("contact_name", contact_name, CONTACT_NAME_MAX),
        ("contact", contact, CONTACT_MAX),
    ):
        if len(value) > limit:
            add(
                field,
                _("At most %(limit)d characters (this has %(count)d).")
                % {"limit": limit, "count": len(value)},
                FeedbackError.TEXT_TOO_LONG,
            )
    if contact and len(contact) <= CONTACT_MAX and not _is_contact(contact):
        add(
            "contact", _("Give a phone number or an e-mail address."), FeedbackError.CONTACT_INVALID
        )
    if errors:
        raise ValidationError(errors)


def _is_contact(value: str) -> bool:
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            return False
        return True
    return bool(PHONE_RE.match(value)) and sum(ch.isdigit() for ch in value) >= 7


@transaction.atomic
def entry_submit(
    *,
    actor,
    card: WindowCard,
    kind: str,
    text: str,
    client: throttling.Client | None,
    topic: str = "",
    contact_name: str = "",
    contact: str = "",
    honeypot: str = "",
    at: datetime | None = None,
) -> SuggestionEntry:
    """Write an entry in `card`'s window's suggestion book; returns it with its tracking
    code. It names the person serving the window now, is assigned to their manager
    (`default_assignee`), and is due by `entry_deadlines`.

    Refused, with nothing written: a filled honeypot, any field out of shape (kind,
    topic, empty or over-long text, name or contact, a contact that is neither a phone
    number nor an e-mail), more than ENTRIES_PER_DEVICE_HOUR from one device or
    ENTRIES_PER_IP_HOUR from one address (`entry_throttled`, `ip_throttled`).
    `client=None` (no limits) is for trusted callers only (demo data, imports).
    """
    _check_honeypot(honeypot)
    text, contact_name, contact = (
        v.strip() for v in (text or "", contact_name or "", contact or "")
    )
    topic = (topic or "").strip()
    _validate_entry(kind, topic, text, contact_name, contact)
    window = card.window
    if not window.is_active:
        raise invalid(FeedbackError.WINDOW_INACTIVE, _("This window is closed."))
    if client is not None and not throttling.take_count(
        f"entry-ip:{client.ip_key}", limit=conf.setting("ENTRIES_PER_IP_HOUR"), seconds=3600
    ):
        raise invalid(
            FeedbackError.IP_THROTTLED,
            _("Too many entries came from this network in the last hour; please try later."),
        )
    if client is not None and not throttling.take_count(
        f"entry-device:{client.device_key}",
        limit=conf.setting("ENTRIES_PER_DEVICE_HOUR"),
        seconds=3600,
    ):
        raise invalid(
            FeedbackError.ENTRY_THROTTLED,
            _("You have written several entries in the last hour; please try later."),
        )
    at = at or timezone.now()
    if kind == EntryKind.COMPLAINT and not topic:
        topic = ComplaintTopic.QUALITY
    accept_due, due = entry_deadlines(kind=kind, topic=topic, day=timezone.localtime(at).date())
    serving = serving_staff_cached(window=window, at=at)
    entry = SuggestionEntry(
        window=window,
        unit_id=window.unit_id,
        staff=serving,
        kind=kind,
        topic=topic,
        text=text,
        contact_name=contact_name,
        contact=contact,
        assigned_to=default_assignee(window=window, serving=serving),
        created_at=at,
        accept_due_date=accept_due,
        due_date=due,
    )
    return save_with_history(entry, actor=actor, reason="written in the suggestion book")
