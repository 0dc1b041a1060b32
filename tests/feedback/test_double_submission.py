"""A rating form sent twice (a double tap, a browser retrying) stores one rating.

The rating page gives each visit's form a random id; the partial unique constraint
`rating_one_per_form` decides, so it holds where the device limit in the cache cannot:
two processes without a shared cache, or a phone that refuses cookies and changes address.
The race itself, with two real threads, needs PostgreSQL (SQLite serialises writes).
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from feedback import services
from feedback.errors import FeedbackError
from feedback.models import FollowUp, Rating
from feedback.throttling import Client as Device
from tests.threads import run_together

FORM_ID = re.compile(r'name="submission" value="([^"]+)"')


def test_each_visit_gets_its_own_form_id_in_both_of_the_pages_forms(card):
    first = Client().get(f"/r/{card.token}/").content.decode()
    second = Client().get(f"/r/{card.token}/").content.decode()

    ids = FORM_ID.findall(first)
    assert len(ids) == 2 and len(set(ids)) == 1
    assert FORM_ID.findall(second)[0] != ids[0]


def test_one_form_sent_from_two_devices_stores_one_rating(card):
    form_id = FORM_ID.search(Client().get(f"/r/{card.token}/").content.decode()).group(1)

    first = Client().post(f"/r/{card.token}/", {"level": "5", "submission": form_id})
    second = Client().post(f"/r/{card.token}/", {"level": "4", "submission": form_id})

    assert first.status_code == 302
    assert second.status_code == 429
    assert "one rating per visit" in second.content.decode()
    assert list(Rating.objects.values_list("level", flat=True)) == [5]


def test_a_refused_duplicate_gives_the_device_its_visit_back(card):
    services.rating_submit(
        actor=None, card=card, level=5, client=Device("phone-1", "10.0.0.1"), submission="f1"
    )
    phone = Device("phone-2", "10.0.0.2")

    with pytest.raises(ValidationError) as caught:
        services.rating_submit(actor=None, card=card, level=5, client=phone, submission="f1")
    services.rating_submit(actor=None, card=card, level=5, client=phone, submission="f2")

    assert caught.value.code == FeedbackError.RATING_THROTTLED
    assert Rating.objects.count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL and two connections"
)
@pytest.mark.parametrize("level", [5, 1], ids=["positive", "negative with follow-up"])
def test_one_form_sent_twice_at_the_same_moment_stores_one_rating(transactional_db, card, level):
    for attempt in range(3):
        form_id = f"form-{attempt}"
        outcomes = run_together(
            *(
                lambda device=device, form_id=form_id: services.rating_submit(
                    actor=None,
                    card=card,
                    level=level,
                    reasons=["waited"] if level == 1 else [],
                    client=Device(device, "10.0.0.1"),
                    submission=form_id,
                )
                # Two devices: the cache's device limit stays out of it, the constraint decides.
                for device in (f"phone-a{attempt}", f"phone-b{attempt}")
            )
        )

        assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
        error = next(value for kind, value in outcomes if kind == "error")
        assert error.code == FeedbackError.RATING_THROTTLED
        assert Rating.objects.filter(submission=form_id).count() == 1
    assert FollowUp.objects.count() == (3 if level == 1 else 0)
