"""The rating's hot path: its shortcuts give what the general code gives, and its query
count is pinned (issue #9: a rating is the busiest request of the site)."""

import pytest
from rest_framework.exceptions import ValidationError as DrfValidationError

from feedback import services
from feedback.models import FollowUp, Rating
from feedback.serializers import (
    PublicRatingSerializer,
    RatingInputSerializer,
    public_rating_data,
    rating_input_validated,
)
from feedback.throttling import Client


def rating_url(card):
    return f"/api/feedback/public/windows/{card.token}/ratings/"


def serializer_result(data):
    serializer = RatingInputSerializer(data=data)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    return serializer.errors


def shortcut_result(data):
    try:
        return rating_input_validated(data)
    except DrfValidationError as error:
        return error.detail


BODIES = [
    {"level": 5},
    {"level": 5, "device": "phone-1"},
    {"level": 5, "device": "  phone-1  ", "website": ""},
    {"level": 1, "reasons": ["waited", "attitude"], "comment": " Slow. "},
    {"level": 2, "reasons": [], "comment": ""},
    {"level": 2, "reasons": ["waited", "waited"]},
    {"level": 1, "comment": "等了很久"},
    {"level": 5, "unknown": "ignored"},
    # Every one of these leaves the shortcut for the serializer (same data or errors).
    {"level": "5"},
    {"level": True},
    {"level": 6},
    {"level": None},
    {},
    {"level": 1, "reasons": "waited"},
    {"level": 1, "reasons": ["bored"]},
    {"level": 1, "reasons": ["waited"] * 6},
    {"level": 1, "reasons": [1]},
    {"level": 1, "comment": "x" * 501},
    {"level": 1, "comment": "x" * 500},
    {"level": 1, "comment": "a\x00b"},
    {"level": 1, "comment": "a\ud800b"},
    {"level": 1, "comment": 42},
    {"level": 5, "device": "d" * 65},
    {"level": 5, "device": None},
    [],
    "level=5",
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_the_ratings_input_shortcut_gives_what_the_serializer_gives(body):
    assert shortcut_result(body) == serializer_result(body)


def test_the_ratings_answer_is_what_its_declared_serializer_gives(card):
    for level in (5, 1):
        rating = services.rating_submit(
            actor=None,
            card=card,
            level=level,
            client=Client(device=f"phone-{level}", ip="10.0.0.1"),
        )
        rating.refresh_from_db()

        assert public_rating_data(rating) == PublicRatingSerializer(rating).data


def test_a_positive_rating_costs_four_queries_once_the_window_is_known(
    api_client, card, django_assert_num_queries
):
    # The first rating of a window reads its card and who serves it (cached for a minute).
    assert (
        api_client.post(rating_url(card), {"level": 5, "device": "d0"}, format="json").status_code
        == 201
    )

    # BEGIN (a savepoint-free transaction: on SQLite "BEGIN IMMEDIATE"), the rating's
    # INSERT ... RETURNING, the rollup's upsert, COMMIT.
    with django_assert_num_queries(4):
        response = api_client.post(rating_url(card), {"level": 5, "device": "d1"}, format="json")

    assert response.status_code == 201
    assert Rating.objects.count() == 2


def test_a_negative_rating_adds_its_follow_up_and_its_history_row(
    api_client, card, django_assert_num_queries
):
    api_client.post(rating_url(card), {"level": 5, "device": "d0"}, format="json")
    negative = {"level": 1, "reasons": ["waited"]}

    # The day's first negative rating reads the calendar for its follow-up's due date.
    with django_assert_num_queries(7):
        first = api_client.post(rating_url(card), {**negative, "device": "d1"}, format="json")
    # Then it is remembered (DUE_CACHE_SECONDS): the rating, the rollup, the follow-up and
    # its history row in one transaction.
    with django_assert_num_queries(6):
        second = api_client.post(rating_url(card), {**negative, "device": "d2"}, format="json")

    assert (first.status_code, second.status_code) == (201, 201)
    assert FollowUp.objects.filter(status="open").count() == 2
    assert FollowUp.history.filter(history_change_reason="negative rating").count() == 2


def test_the_ratings_raw_insert_writes_every_column_of_the_model():
    # _rating_insert names its columns: a field added to Rating must be added there too,
    # or new ratings would silently get the column's default.
    from feedback.models import Rating
    from feedback.services.public import _RATING_COLUMNS

    columns = {field.attname for field in Rating._meta.concrete_fields if not field.primary_key}
    assert set(_RATING_COLUMNS) == columns
