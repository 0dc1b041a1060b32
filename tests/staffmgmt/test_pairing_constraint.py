"""At most one AB pairing in force per post per day: held by the database itself (exclusion
constraint on PostgreSQL, triggers on SQLite), and reported clearly by the service."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from staffmgmt import services
from staffmgmt.models import PostPairing
from tests import factories


@pytest.fixture
def post_with_people(hall):
    post = factories.post(unit=hall, name="Invoice issuing")
    people = [factories.staff(unit=hall) for _ in range(4)]
    return post, people


def insert_raw(post, a, b, valid_from, valid_to=None):
    """Write a pairing the way a careless script would: no service, no checks."""
    with transaction.atomic():
        return PostPairing.objects.create(
            post=post, a_holder=a, b_holder=b, valid_from=valid_from, valid_to=valid_to
        )


def test_database_rejects_an_overlapping_pairing_written_without_the_service(post_with_people):
    post, (a, b, c, d) = post_with_people
    insert_raw(post, a, b, date(2025, 1, 1), date(2025, 6, 30))

    with pytest.raises(IntegrityError):
        insert_raw(post, c, d, date(2025, 6, 30), date(2025, 12, 31))

    assert PostPairing.objects.filter(post=post).count() == 1


def test_database_accepts_a_pairing_starting_the_day_after_the_previous_one_ends(
    post_with_people,
):
    post, (a, b, c, d) = post_with_people
    insert_raw(post, a, b, date(2025, 1, 1), date(2025, 6, 30))

    insert_raw(post, c, d, date(2025, 7, 1))

    assert PostPairing.objects.filter(post=post).count() == 2


def test_database_open_ended_pairing_blocks_every_later_pairing(post_with_people):
    post, (a, b, c, d) = post_with_people
    insert_raw(post, a, b, date(2025, 1, 1))

    with pytest.raises(IntegrityError):
        insert_raw(post, c, d, date(2031, 1, 1), date(2031, 1, 31))


def test_database_rejects_an_update_that_stretches_a_pairing_over_the_next(post_with_people):
    post, (a, b, c, d) = post_with_people
    first = insert_raw(post, a, b, date(2025, 1, 1), date(2025, 6, 30))
    insert_raw(post, c, d, date(2025, 7, 1))

    first.valid_to = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_database_allows_the_same_period_on_two_different_posts(hall, post_with_people):
    post, (a, b, *_rest) = post_with_people
    other_post = factories.post(unit=hall)
    insert_raw(post, a, b, date(2025, 1, 1))

    insert_raw(other_post, a, b, date(2025, 1, 1))

    assert PostPairing.objects.count() == 2


def test_database_rejects_a_pairing_whose_a_and_b_are_the_same_person(post_with_people):
    post, (a, *_rest) = post_with_people

    with pytest.raises(IntegrityError):
        insert_raw(post, a, a, date(2025, 1, 1))


def test_service_names_the_clash_in_a_validation_error_on_valid_from(post_with_people, manager):
    post, (a, b, c, d) = post_with_people
    factories.pairing(post=post, a=a, b=b, valid_from=date(2025, 1, 1))

    with pytest.raises(ValidationError) as raised:
        services.pairing_create(
            actor=manager.user, post=post, a_holder=c, b_holder=d, valid_from=date(2025, 3, 1)
        )

    assert "2025-01-01" in raised.value.message_dict["valid_from"][0]
    assert PostPairing.objects.filter(post=post).count() == 1


def test_service_turns_a_constraint_caught_by_the_database_into_a_validation_error(
    post_with_people, manager, monkeypatch
):
    # As if a concurrent writer committed between the service's check and its insert.
    post, (a, b, c, d) = post_with_people
    factories.pairing(post=post, a=a, b=b, valid_from=date(2025, 1, 1))
    monkeypatch.setattr(
        services.org, "_overlapping_pairings", lambda *args, **kwargs: PostPairing.objects.none()
    )

    with pytest.raises(ValidationError) as raised:
        services.pairing_create(
            actor=manager.user, post=post, a_holder=c, b_holder=d, valid_from=date(2025, 3, 1)
        )

    assert "valid_from" in raised.value.message_dict
    assert PostPairing.objects.filter(post=post).count() == 1


DAY0 = date(2025, 1, 1)
periods = st.lists(
    st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 20))),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(periods=periods)
def test_database_keeps_a_post_free_of_overlaps_for_any_sequence_of_writes(
    post_with_people, periods
):
    """Whatever periods are written, the database keeps exactly those that overlap none
    kept before them: the same answer as an interval check done by hand."""
    post, (a, b, *_rest) = post_with_people
    kept: list[tuple[date, date | None]] = []
    with transaction.atomic():
        for start_offset, length in periods:
            start = DAY0 + timedelta(days=start_offset)
            end = None if length is None else start + timedelta(days=length)
            overlaps = any(
                start <= (k_end or date.max) and k_start <= (end or date.max)
                for k_start, k_end in kept
            )
            try:
                insert_raw(post, a, b, start, end)
            except IntegrityError:
                assert overlaps, f"database refused {start}..{end} though nothing overlaps"
            else:
                assert not overlaps, f"database accepted {start}..{end} over {kept}"
                kept.append((start, end))
        assert PostPairing.objects.filter(post=post).count() == len(kept)
        transaction.set_rollback(True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
@pytest.mark.parametrize("service_check", ["on", "off"])
def test_two_managers_pairing_one_post_at_once_create_exactly_one_pairing(
    transactional_db, monkeypatch, service_check
):
    # "off": both writers pass the service's own overlap check, so only the database
    # stands between them and two pairings in force on the same day.
    if service_check == "off":
        monkeypatch.setattr(
            services.org,
            "_overlapping_pairings",
            lambda *args, **kwargs: PostPairing.objects.none(),
        )
    hall = factories.unit()
    manager = factories.staff(unit=hall, roles=("cadre", "manager"))
    post = factories.post(unit=hall)
    people = [factories.staff(unit=hall) for _ in range(4)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def pair(a, b, valid_from):
        try:
            barrier.wait(timeout=10)
            services.pairing_create(
                actor=manager.user, post=post, a_holder=a, b_holder=b, valid_from=valid_from
            )
            result = "created"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # anything else (an IntegrityError, a 500) fails the test
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=pair, args=(people[0], people[1], date(2025, 1, 1))),
        threading.Thread(target=pair, args=(people[2], people[3], date(2025, 2, 1))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["created", "refused"]
    assert PostPairing.objects.filter(post=post).count() == 1
