"""The demo hall's feedback: ratings over the last months, follow-ups, a suggestion book
with answered and open entries, so the inbox and the figures have data; nothing twice."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from feedback import selectors
from feedback.models import Rating, SuggestionEntry
from staffmgmt.demo import build_demo

TODAY = date(2026, 11, 18)


def test_the_demo_hall_gets_its_feedback_once(db):
    build_demo(today=TODAY)
    ratings, entries = Rating.objects.count(), SuggestionEntry.objects.count()

    build_demo(today=TODAY)

    assert ratings > 1000 and entries >= 10
    assert (Rating.objects.count(), SuggestionEntry.objects.count()) == (ratings, entries)


def test_the_demo_managers_figures_are_not_empty(db):
    build_demo(today=TODAY)
    manager = get_user_model().objects.get(username="manager")

    summary = selectors.rating_summary(
        user=manager, start=TODAY - timedelta(days=60), end=TODAY - timedelta(days=1)
    )

    assert summary.total > 0 and 0 < summary.positive_rate < 1
    assert summary.negative_followed_up > 0
    assert selectors.entry_inbox(user=manager).exists()
