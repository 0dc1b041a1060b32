"""The generate page proposes next month's dates."""

from datetime import date

from django.urls import reverse

from roster.forms import next_month_range
from tests import factories


def test_next_month_of_december_is_january():
    assert next_month_range(date(2026, 12, 2)) == (date(2027, 1, 1), date(2027, 1, 31))


def test_the_generate_page_prefills_next_month(client, hall, manager):
    from django.utils import timezone

    factories.duty_type(unit=hall)
    client.force_login(manager.user)
    first, last = next_month_range(timezone.localdate())

    page = client.get(reverse("roster:generate")).content.decode()

    assert f'value="{first.isoformat()}"' in page and f'value="{last.isoformat()}"' in page
