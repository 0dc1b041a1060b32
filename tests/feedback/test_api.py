"""The feedback API as each person meets it: a taxpayer (anonymous), a cadre, the
manager of the unit and the manager of another unit."""

import pytest

from feedback.models import Rating, SuggestionEntry
from tests.feedback.conftest import WORKDAY, local


@pytest.fixture
def entry(submit_entry):
    return submit_entry(contact="wang@example.cn", contact_name="Wang", at=local(WORKDAY, 10))


def rating_url(card):
    return f"/api/feedback/public/windows/{card.token}/ratings/"


def test_a_taxpayer_reads_the_window_and_who_serves_it(api_client, card):
    response = api_client.get(f"/api/feedback/public/windows/{card.token}/")

    assert response.status_code == 200
    assert response.json()["number"] == "3"


def test_an_unknown_token_is_a_404(api_client, card):
    assert api_client.get("/api/feedback/public/windows/NOSUCH22/").status_code == 404


def test_a_taxpayer_rates_a_window(api_client, card):
    response = api_client.post(rating_url(card), {"level": 2, "reasons": ["waited"]}, format="json")

    assert response.status_code == 201
    assert response.json()["negative"] is True
    assert Rating.objects.get().reasons == "waited"


def test_a_second_rating_from_the_device_answers_429_with_its_code(api_client, card):
    api_client.post(rating_url(card), {"level": 5, "device": "d1"}, format="json")

    response = api_client.post(rating_url(card), {"level": 5, "device": "d1"}, format="json")

    assert response.status_code == 429
    assert response.json()["non_field_errors"][0]["code"] == "feedback.rating_throttled"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "level"),
        ({"level": "great"}, "level"),
        ({"level": 1, "reasons": ["bored"]}, "reasons"),
        ({"level": 5, "reasons": ["waited"]}, "reasons"),
        ({"level": 1, "comment": "x" * 501}, "comment"),
        ({"level": 5, "website": "spam"}, "non_field_errors"),
    ],
)
def test_bad_rating_input_answers_400_naming_the_field(api_client, card, body, field):
    response = api_client.post(rating_url(card), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Rating.objects.exists()


def test_a_taxpayer_writes_an_entry_and_reads_it_by_tracking_code_without_contact(api_client, card):
    created = api_client.post(
        f"/api/feedback/public/windows/{card.token}/entries/",
        {"kind": "question", "text": "Online?", "contact": "wang@example.cn"},
        format="json",
    )
    code = created.json()["tracking_code"]

    response = api_client.get(f"/api/feedback/public/entries/{code}/")

    assert created.status_code == 201
    assert response.status_code == 200
    assert "contact" not in response.json() and "wang@example.cn" not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x"}, "kind"),
        ({"kind": "question"}, "text"),
        ({"kind": "question", "text": "x" * 2001}, "text"),
        ({"kind": "question", "text": "x", "contact": "nope"}, "contact"),
        ({"kind": "praise", "text": "x", "topic": "attitude"}, "topic"),
    ],
)
def test_bad_entry_input_answers_400_naming_the_field(api_client, card, body, field):
    response = api_client.post(
        f"/api/feedback/public/windows/{card.token}/entries/", body, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not SuggestionEntry.objects.exists()


def test_anonymous_cannot_list_entries_ratings_or_follow_ups(api_client, entry):
    for url in ("/api/feedback/entries/", "/api/feedback/ratings/", "/api/feedback/follow-ups/"):
        assert api_client.get(url).status_code in (401, 403)


def test_the_manager_of_the_unit_sees_the_entry_with_contact(api_as, manager, entry):
    response = api_as(manager).get(f"/api/feedback/entries/{entry.pk}/")

    assert response.status_code == 200
    assert response.json()["contact"] == "wang@example.cn"


def test_a_cadre_not_handling_the_entry_does_not_see_it(api_as, cadre, entry):
    assert api_as(cadre).get(f"/api/feedback/entries/{entry.pk}/").status_code == 404


def test_a_cadre_it_is_assigned_to_sees_it_with_contact_and_replies(
    api_as, manager, b_holder, entry
):
    api_as(manager).post(
        f"/api/feedback/entries/{entry.pk}/assign/", {"assignee": b_holder.pk}, format="json"
    )

    client = api_as(b_holder)
    detail = client.get(f"/api/feedback/entries/{entry.pk}/")
    reply = client.post(f"/api/feedback/entries/{entry.pk}/reply/", {"text": "Yes"}, format="json")

    assert detail.json()["contact"] == "wang@example.cn"
    assert reply.status_code == 201
    assert reply.json()["status"] == "answered"


def test_a_manager_of_another_unit_neither_sees_nor_answers_the_entry(api_as, other_manager, entry):
    client = api_as(other_manager)

    assert client.get(f"/api/feedback/entries/{entry.pk}/").status_code == 404
    assert client.post(f"/api/feedback/entries/{entry.pk}/take/").status_code == 404
    assert client.get("/api/feedback/entries/").json()["count"] == 0


def test_the_inbox_lists_what_is_due_soonest_first(api_as, manager, submit_entry):
    later = submit_entry(at=local(WORKDAY, 10))
    sooner = submit_entry(kind="complaint", at=local(WORKDAY, 11))  # accept by tomorrow

    response = api_as(manager).get("/api/feedback/entries/inbox/")

    assert [row["id"] for row in response.json()["results"]] == [sooner.pk, later.pk]


def test_a_second_taker_gets_400_with_the_code(api_as, manager, entry, hall):
    from kernel.roles import Role
    from tests import factories

    deputy = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    api_as(manager).post(f"/api/feedback/entries/{entry.pk}/take/")

    response = api_as(deputy).post(f"/api/feedback/entries/{entry.pk}/take/")

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == "feedback.already_owned"


def test_verify_without_a_note_answers_400(api_as, manager, submit_entry):
    complaint = submit_entry(kind="complaint")

    response = api_as(manager).post(
        f"/api/feedback/entries/{complaint.pk}/verify/", {"verification": "verified"}, format="json"
    )

    assert response.status_code == 400
    assert "note" in response.json()


def test_a_cadre_sees_the_ratings_of_their_own_service_only(api_as, cadre, b_holder, submit_rating):
    submit_rating(level=5, at=local(WORKDAY, 10))

    assert api_as(cadre).get("/api/feedback/ratings/").json()["count"] == 1
    assert api_as(b_holder).get("/api/feedback/ratings/").json()["count"] == 0


def test_a_manager_closes_a_follow_up_through_the_api(api_as, manager, submit_rating):
    rating = submit_rating(level=1)

    response = api_as(manager).post(
        f"/api/feedback/follow-ups/{rating.follow_up.pk}/close/", {"note": "Called"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_lists_take_a_constant_number_of_queries(
    api_as, manager, submit_entry, submit_rating, django_assert_max_num_queries
):
    for _n in range(8):
        submit_entry(at=local(WORKDAY, 10))
        submit_rating(level=1, at=local(WORKDAY, 10))
    client = api_as(manager)

    for url in ("/api/feedback/entries/", "/api/feedback/ratings/", "/api/feedback/follow-ups/"):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
