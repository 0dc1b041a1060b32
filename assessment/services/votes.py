"""Democratic appraisal: anonymous votes on each colleague of one's unit.

How anonymity holds (docs/adr/0009-assessment.md): the first ballot of a voter creates a
`VoterMark` (the voter has voted) and a `Ballot` with a random id that carries no voter,
no time and no history. The voter receives a random receipt; the database keeps only its
SHA-256. Changing one's votes means presenting the receipt again (the page keeps it in a
cookie of the voter's browser, outside the session store, the API returns it): without
the receipt, nobody — administrators included — can find which ballot is whose.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessment import selectors
from assessment.errors import AssessmentError
from assessment.models import Ballot, Member, Period, Vote, VoterMark
from kernel.errors import invalid

__all__ = ["BallotReceipt", "ballot_cast"]


@dataclass(frozen=True)
class BallotReceipt:
    receipt: str
    votes: int
    changed: bool


def _hash(receipt: str) -> str:
    return hashlib.sha256(receipt.encode()).hexdigest()


@transaction.atomic
def ballot_cast(
    *, actor, period: Period, votes: dict[int, str], receipt: str | None = None
) -> BallotReceipt:
    """Record the actor's votes ({member id: choice}) on colleagues of their unit.

    Once per voter and period; later calls with the receipt replace that ballot's votes
    until the appraisal stage closes. Never on oneself, never on another unit's cadre.
    """
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.state != Period.State.DEMOCRATIC:
        raise invalid(AssessmentError.PERIOD_STATE, _("The democratic appraisal is not open."))
    voter = selectors.member_for_user(user=actor, period=period)
    if voter is None:
        raise PermissionDenied(_("You are not assessed in this period."))
    if not votes:
        raise invalid(
            AssessmentError.VOTE_NOT_COLLEAGUE, _("Vote on at least one colleague."), field="votes"
        )
    appraisees = {
        m.pk: m for m in Member.objects.filter(period=period, pk__in=[int(k) for k in votes])
    }
    for member_id, choice in votes.items():
        member = appraisees.get(int(member_id))
        if member is None or member.unit_id != voter.unit_id:
            raise invalid(
                AssessmentError.VOTE_NOT_COLLEAGUE,
                _("You vote only on colleagues of your own unit."),
                field="votes",
            )
        if member.pk == voter.pk:
            raise invalid(
                AssessmentError.VOTE_ON_ONESELF, _("You do not vote on yourself."), field="votes"
            )
        if choice not in Vote.Choice.values:
            raise invalid(AssessmentError.VOTE_NOT_COLLEAGUE, _("Choose a vote."), field="votes")

    marked = VoterMark.objects.filter(period=period, voter_id=voter.staff_id).exists()
    if marked:
        ballot = (
            Ballot.objects.select_for_update()
            .filter(period=period, receipt_hash=_hash(receipt or ""), unit_id=voter.unit_id)
            .first()
            if receipt
            else None
        )
        if ballot is None:
            raise invalid(
                AssessmentError.ALREADY_VOTED if not receipt else AssessmentError.RECEIPT_INVALID,
                _(
                    "You have voted already. Your votes can be changed only with the receipt "
                    "given when you voted."
                )
                if not receipt
                else _("That receipt does not belong to a ballot of this appraisal."),
                field="receipt",
            )
        ballot.votes.all().delete()
        changed = True
    else:
        receipt = secrets.token_urlsafe(24)
        try:
            with transaction.atomic():
                VoterMark.objects.create(period=period, voter_id=voter.staff_id)
        except IntegrityError as error:  # a second tab voted at the same moment
            raise invalid(
                AssessmentError.ALREADY_VOTED, _("You have voted already."), field="receipt"
            ) from error
        ballot = Ballot.objects.create(
            period=period, unit_id=voter.unit_id, receipt_hash=_hash(receipt)
        )
        changed = False
    Vote.objects.bulk_create(
        [
            Vote(ballot=ballot, appraisee_id=int(member_id), choice=choice)
            for member_id, choice in votes.items()
        ]
    )
    return BallotReceipt(receipt=receipt, votes=len(votes), changed=changed)


def my_ballot_choices(*, actor, period: Period, receipt: str | None) -> dict[int, str]:
    """The voter's own current votes, found by their receipt (for re-showing the form)."""
    if not receipt:
        return {}
    ballot = Ballot.objects.filter(period=period, receipt_hash=_hash(receipt)).first()
    if ballot is None:
        return {}
    return dict(ballot.votes.values_list("appraisee_id", "choice"))
