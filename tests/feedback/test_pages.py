"""The pages: public ones (no login, CSRF, honeypot, throttling, no contact shown) and the
staff ones (inbox, entry, QR code and card)."""

import pytest
from django.test import Client

from feedback.clients import DEVICE_COOKIE
from feedback.models import Rating, SuggestionEntry
from feedback.views.public import PUBLIC_VIEWS
from tests.feedback.conftest import WORKDAY, local


@pytest.fixture
def phone():
    return Client()


def test_the_rating_page_shows_the_window_and_gives_the_phone_a_device_id(phone, card, cadre):
    response = phone.get(f"/r/{card.token}/")

    assert response.status_code == 200
    assert "Window 3" in response.content.decode()
    assert DEVICE_COOKIE in response.cookies


def test_one_tap_rates_the_window_and_thanks(phone, card):
    phone.get(f"/r/{card.token}/")

    response = phone.post(f"/r/{card.token}/", {"level": "5"})

    assert response.status_code == 302
    assert response["Location"] == f"/r/{card.token}/thanks/"
    assert Rating.objects.get().level == 5


def test_a_rating_without_the_csrf_token_is_refused(card):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(f"/r/{card.token}/", {"level": "5"})

    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_a_filled_honeypot_re_shows_the_page_with_the_reason(phone, card):
    response = phone.post(f"/r/{card.token}/", {"level": "5", "website": "x"})

    assert response.status_code == 400
    assert "meant to stay empty" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_second_rating_from_the_phone_says_why_it_is_refused(phone, card):
    phone.get(f"/r/{card.token}/")
    phone.post(f"/r/{card.token}/", {"level": "5"})

    response = phone.post(f"/r/{card.token}/", {"level": "1"})

    assert response.status_code == 429
    assert "one rating per visit" in response.content.decode()
    assert Rating.objects.count() == 1


def test_a_bad_entry_is_re_shown_with_the_field_error(phone, card):
    response = phone.post(
        f"/r/{card.token}/book/", {"kind": "question", "text": "Hi", "contact": "nope"}
    )

    assert response.status_code == 400
    assert "phone number or an e-mail" in response.content.decode()
    assert not SuggestionEntry.objects.exists()


def test_the_public_entry_page_never_shows_contact_details(phone, card):
    created = phone.post(
        f"/r/{card.token}/book/",
        {"kind": "question", "text": "Hi", "contact": "wang@example.cn", "contact_name": "Wang"},
    )

    page = phone.get(created["Location"]).content.decode()

    entry = SuggestionEntry.objects.get()
    assert entry.tracking_code in page
    assert "wang@example.cn" not in page and "Wang" not in page


def test_an_unknown_tracking_code_is_said_on_the_form(phone, card):
    response = phone.get("/t/", {"code": "NOPE2345"})

    assert response.status_code == 400
    assert "No entry has this tracking code" in response.content.decode()


def test_a_typed_tracking_code_opens_the_entry(phone, submit_entry):
    entry = submit_entry()

    response = phone.get("/t/", {"code": entry.tracking_code.lower()})

    assert response["Location"] == f"/t/{entry.tracking_code}/"


def test_the_public_views_are_declared_one_by_one():
    assert sorted(PUBLIC_VIEWS) == ["book", "rate", "rate_thanks", "track", "track_entry"]


def login(staff):
    client = Client()
    client.force_login(staff.user)
    return client


def test_the_manager_sees_the_entry_with_contact_and_answers_it(manager, submit_entry):
    entry = submit_entry(contact="wang@example.cn", at=local(WORKDAY, 10))
    client = login(manager)

    assert "wang@example.cn" in client.get(f"/feedback/entries/{entry.pk}/").content.decode()
    response = client.post(f"/feedback/entries/{entry.pk}/reply/", {"text": "Online, yes."})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "answered"


def test_an_empty_reply_re_shows_the_entry_page(manager, submit_entry):
    entry = submit_entry()

    response = login(manager).post(f"/feedback/entries/{entry.pk}/reply/", {"text": ""})

    assert response.status_code == 400


def test_a_manager_of_another_unit_gets_404_for_the_entry(other_manager, submit_entry):
    entry = submit_entry()

    assert login(other_manager).get(f"/feedback/entries/{entry.pk}/").status_code == 404


def test_the_inbox_lists_the_entry_and_the_follow_up(manager, submit_entry, submit_rating):
    entry = submit_entry()
    rating = submit_rating(level=1)

    page = login(manager).get("/feedback/").content.decode()

    assert f'id="entry-{entry.pk}"' in page
    assert f'id="follow-up-{rating.follow_up.pk}"' in page


def test_the_qr_code_is_an_svg_of_the_windows_public_address(manager, card):
    response = login(manager).get(f"/feedback/windows/{card.window_id}/qr.svg")

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<?xml")


def test_the_printable_card_carries_window_number_hall_name_and_qr(manager, card, hall):
    page = login(manager).get(f"/feedback/windows/{card.window_id}/card/").content.decode()

    assert "size: A6" in page
    assert hall.name in page and ">3<" in page
    assert "<svg" in page and f"/r/{card.token}/" in page


def test_the_qr_code_uses_the_configured_public_address(manager, card, settings):
    settings.FEEDBACK = {**settings.FEEDBACK, "PUBLIC_BASE_URL": "https://hall.example.cn"}

    page = login(manager).get(f"/feedback/windows/{card.window_id}/card/").content.decode()

    assert f"https://hall.example.cn/r/{card.token}/" in page


def test_a_manager_makes_a_windows_qr_code(manager, window, post):
    client = login(manager)

    response = client.post(f"/feedback/windows/{window.pk}/card/issue/")

    assert response.status_code == 302
    assert client.get(f"/feedback/windows/{window.pk}/qr.svg").status_code == 200


def test_the_rating_page_speaks_chinese_to_a_chinese_phone(card):
    phone = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")

    page = phone.get(f"/r/{card.token}/").content.decode()

    assert "您对本次服务满意吗" in page and "非常满意" in page
