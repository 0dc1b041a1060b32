"""Separation of duties: nobody decides a matter about themselves or one they asked for.

The rule (ADR 0005), shared by every decision service of every app:

    The person deciding is not a person the decision is about, nor the one who asked
    for it, nor anyone whose account was created by one of those (directly or through
    accounts they created).

Otherwise the decision is refused with a ValidationError carrying a `DecisionError` code
and a message naming who can decide instead: the next manager up, or an administrator
where there is none. Who that is depends on the org tree, which the kernel does not know:
the caller passes `deciders`, usually
`staffmgmt.selectors.deciders_for_unit_unscoped(unit=..., excluding=[...])`, evaluated only when
the decision is refused.

How a decision service uses it (after its own permission check, before anything is
written):

    from kernel.decisions import require_separate_decider

    require_separate_decider(
        actor=actor,
        about=[absence.staff.user],          # whom the decision concerns
        requested_by=absence.requested_by,   # who asked (None: nobody, or a taxpayer)
        deciders=lambda: staff_selectors.deciders_for_unit_unscoped(
            unit=absence.staff.unit, excluding=[absence.staff.user, absence.requested_by]
        ),
    )

What `about` and `requested_by` are in the decisions still to come:

- feedback, a complaint's verdict: about = the staff member complained about;
  requested_by = None (the taxpayer has no account).
- integrity files, deciding an objection to a record: about = the cadre the record is
  about; requested_by = the objecting cadre's user (and the record's author, when the
  objection is against their record, belongs in `about` too).
- assessment, entering or changing a score: about = the scored cadre. Approving grades:
  about = every cadre graded, requested_by = whoever proposed the grades. Deciding an
  objection to a result: about = the objecting cadre, requested_by = the same.

Pages and APIs that list pending decisions use `SeparationCheck` (one actor, many items,
no query per item) to say, before the click, that this person cannot decide and who can.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kernel.accounts import account_creator_chain
from kernel.errors import DecisionError, invalid

__all__ = [
    "Decider",
    "Refusal",
    "SeparationCheck",
    "deciders_sentence",
    "decision_refusal",
    "refusal_error",
    "require_separate_decider",
]


@dataclass(frozen=True)
class Decider:
    """Someone who may take a decision another person may not."""

    user_id: int
    name: str
    unit: str = ""
    is_administrator: bool = False

    def as_dict(self) -> dict:
        return {
            "user": self.user_id,
            "name": self.name,
            "unit": self.unit,
            "is_administrator": self.is_administrator,
        }


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def _user_id(person) -> int | None:
    """A user id from a user account, an id, or a record of a person that names its
    account in `user_id` (a staff member): callers pass what they have loaded."""
    if hasattr(person, "user_id"):
        return person.user_id
    return getattr(person, "pk", person)


def _display_name(person) -> str:
    name = getattr(person, "name", "")
    if name:
        return name
    full = getattr(person, "get_full_name", None)
    return (full() if full else "") or getattr(person, "username", "") or str(person)


class SeparationCheck:
    """The rule for one actor over many items: the actor's creator chain is read once
    (a query per link, one or two in practice), then each item costs nothing."""

    def __init__(self, actor):
        self.actor = actor
        self.actor_id = _user_id(actor) if getattr(actor, "is_authenticated", False) else None
        self._chain: list[int] | None = None

    @property
    def chain(self) -> list[int]:
        if self._chain is None:
            self._chain = account_creator_chain(self.actor_id) if self.actor_id else []
        return self._chain

    def refusal(self, *, about: Iterable, requested_by=None) -> Refusal | None:
        """Why the actor may not take this decision, or None when they may."""
        if self.actor_id is None:
            return None  # the system: seed data, commands
        parties = [user for user in about if user is not None]
        if any(_user_id(user) == self.actor_id for user in parties):
            return Refusal(
                DecisionError.ABOUT_SELF,
                _("This decision is about you, so someone else must take it."),
            )
        if requested_by is not None and _user_id(requested_by) == self.actor_id:
            return Refusal(
                DecisionError.OWN_REQUEST,
                _("You asked for this, so someone else must decide it."),
            )
        if requested_by is not None:
            parties.append(requested_by)
        creators = set(self.chain)
        for user in parties:
            if _user_id(user) in creators:
                return Refusal(
                    DecisionError.CREATED_BY_PARTY,
                    _(
                        "Your account was created by %(name)s, whom this decision concerns, "
                        "so someone else must take it."
                    )
                    % {"name": _display_name(user)},
                )
        return None

    def may_decide(self, *, about: Iterable, requested_by=None) -> bool:
        return self.refusal(about=about, requested_by=requested_by) is None


def decision_refusal(*, actor, about: Iterable, requested_by=None) -> Refusal | None:
    """Why `actor` may not take a decision about `about` asked by `requested_by`, or None."""
    return SeparationCheck(actor).refusal(about=about, requested_by=requested_by)


def deciders_sentence(deciders: Sequence[Decider]) -> str:
    """'Who can decide: Wang Wei (Hall 1) or Li Na (Bureau).' for messages and pages."""
    if not deciders:
        return _("An administrator can decide.")
    names = [
        f"{decider.name} ({decider.unit})" if decider.unit else decider.name for decider in deciders
    ]
    listed = (
        names[0]
        if len(names) == 1
        else _("%(first)s or %(last)s")
        % {
            "first": ", ".join(names[:-1]),
            "last": names[-1],
        }
    )
    return _("Who can decide: %(names)s.") % {"names": listed}


def require_separate_decider(
    *,
    actor,
    about: Iterable,
    requested_by=None,
    deciders: Callable[[], Sequence[Decider]] | Sequence[Decider] | None = None,
) -> None:
    """Refuse the decision unless `actor` is apart from it (the rule in the module doc).

    `about`: the people the decision concerns and `requested_by` the one who asked (or
    None), each a user account, a user id or a staff record (anything with `user_id` and
    `name`); `deciders`: who can decide instead, or a callable returning them,
    called only on refusal. `actor=None` (the system) is never refused.

    Raises ValidationError (on the whole input) with a `DecisionError` code and a message
    saying why and who can decide. Call it inside the service's transaction, after the
    service's own permission check and before anything is written.
    """
    refusal = decision_refusal(actor=actor, about=about, requested_by=requested_by)
    if refusal is None:
        return
    found = deciders() if callable(deciders) else (deciders or [])
    raise refusal_error(refusal, found)


def refusal_error(refusal: Refusal, deciders: Sequence[Decider]) -> ValidationError:
    """The ValidationError `require_separate_decider` raises: why, and who can decide."""
    # No params: a name with a "%" in it must not be read as a placeholder.
    return invalid(refusal.code, f"{refusal.message} {deciders_sentence(deciders)}")
