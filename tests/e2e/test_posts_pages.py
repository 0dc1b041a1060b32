"""Staff and post pages: what a manager and a cadre do in the browser, plus the pages'
scope and query counts checked with Django's test client."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kernel.roles import Role
from staffmgmt.models import PostPairing, Staff
from tests import factories


@pytest.fixture
def counter(transactional_db):
    """A hall with a manager, two cadres and an unpaired critical post."""
    hall = factories.unit(name="Chaoyang Hall")
    return {
        "hall": hall,
        "manager": factories.staff(
            unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang"
        ),
        "a": factories.staff(unit=hall, name="Li Na", skills=[factories.skill()]),
        "b": factories.staff(unit=hall, name="Zhou Min"),
        "post": factories.post(unit=hall, name="Invoice issuing", critical=True),
    }


# --- in the browser ---------------------------------------------------------------------


def test_manager_pairs_a_post_then_is_told_a_and_b_must_differ_then_ends_it(page, login, counter):
    manager, a, b = counter["manager"], counter["a"], counter["b"]
    today = timezone.localdate()
    login(manager.user.username)

    page.click("nav.mainnav >> text=Posts")
    row = page.locator("tr", has_text="Invoice issuing")
    assert "No AB pairing in force" in row.inner_text()
    row.locator("a", has_text="Invoice issuing").click()

    form = page.locator("#new-pairing form")
    form.locator("#pair_a_holder").select_option(str(a.pk))
    form.locator("#pair_b_holder").select_option(str(b.pk))
    form.locator("#pair_valid_from").fill(today.isoformat())
    form.locator("#pair_reason").fill("Spring rota")
    form.locator("button[type=submit]").click()

    page.wait_for_selector("text=The AB pairing of Invoice issuing is saved.")
    current = page.locator("#current-pairing")
    assert current.locator(".a-holder").inner_text() == "Li Na"
    assert current.locator(".b-holder").inner_text() == "Zhou Min"
    history = page.locator("#pairing-history").inner_text()
    assert "Manager Wang" in history and "Spring rota" in history

    form = page.locator("#new-pairing form")
    form.locator("#pair_a_holder").select_option(str(a.pk))
    form.locator("#pair_b_holder").select_option(str(a.pk))
    form.locator("#pair_valid_from").fill((today + timedelta(days=30)).isoformat())
    form.locator("button[type=submit]").click()

    error = page.locator("#new-pairing .errorlist")
    error.first.wait_for()
    assert "The B holder must be someone other than the A holder." in error.all_inner_texts()
    assert PostPairing.objects.count() == 1

    end = page.locator("#end-pairing form")
    end.locator("#end_last_day").fill((today + timedelta(days=10)).isoformat())
    end.locator("#end_reason").fill("Li Na moves to registration")
    end.locator("button[type=submit]").click()

    page.wait_for_selector("text=Li Na moves to registration")
    assert PostPairing.objects.get().valid_to == today + timedelta(days=10)


def test_manager_is_told_when_a_new_pairing_overlaps_the_current_one(page, login, counter):
    manager, a, b, post = counter["manager"], counter["a"], counter["b"], counter["post"]
    factories.pairing(post=post, a=a, b=b, valid_from=date(2025, 1, 1))
    login(manager.user.username)

    page.goto(f"/posts/{post.pk}/")
    form = page.locator("#new-pairing form")
    form.locator("#pair_a_holder").select_option(str(b.pk))
    form.locator("#pair_b_holder").select_option(str(a.pk))
    form.locator("#pair_valid_from").fill("2025-03-01")
    form.locator("button[type=submit]").click()

    error = page.locator("#new-pairing .errorlist").first
    error.wait_for()
    assert "already has a pairing in force from 2025-01-01" in error.inner_text()
    # What the manager typed is still there to correct.
    assert form.locator("#pair_valid_from").input_value() == "2025-03-01"


def test_manager_sets_the_skills_a_post_requires_then_gives_a_cadre_the_skill(page, login, counter):
    manager, b, post = counter["manager"], counter["b"], counter["post"]
    login(manager.user.username)

    page.goto(f"/posts/{post.pk}/")
    assert "None recorded" in page.locator("#required-skills").inner_text()
    form = page.locator("#post-skills form")
    form.get_by_label("Invoice issuing").check()
    form.locator("#skills_reason").fill("Only trained staff issue invoices")
    form.locator("button[type=submit]").click()

    page.wait_for_selector("text=The skills Invoice issuing requires are saved.")
    assert "Invoice issuing" in page.locator("#required-skills").inner_text()
    changes = page.locator("#post-skills .skill-changes").inner_text()
    assert "Manager Wang" in changes and "Only trained staff issue invoices" in changes

    page.goto(f"/staff/{b.pk}/")
    form = page.locator("#edit-skills form")
    form.get_by_label("Invoice issuing").check()
    form.locator("#skills_reason").fill("Trained in March")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=The skills of Zhou Min are saved.")
    assert "Invoice issuing" in page.locator("#staff-skills").inner_text()


def test_cadre_sees_posts_and_their_holders_but_no_forms(page, login, counter):
    a, b, post = counter["a"], counter["b"], counter["post"]
    factories.pairing(post=post, a=a, b=b, valid_from=date(2025, 1, 1))
    login(b.user.username)

    page.click("nav.mainnav >> text=Posts")
    row = page.locator("tr", has_text="Invoice issuing")
    assert row.locator(".a-holder").inner_text() == "Li Na"
    row.locator("a", has_text="Invoice issuing").click()

    page.locator("#current-pairing").wait_for()
    assert page.locator("#new-pairing").count() == 0
    assert page.locator("#end-pairing").count() == 0
    assert page.locator("form[action*='pairings']").count() == 0


def test_cadre_searches_staff_and_sees_a_colleague_posts_and_skills(page, login, counter):
    a, b, post = counter["a"], counter["b"], counter["post"]
    factories.pairing(post=post, a=a, b=b, valid_from=date(2025, 1, 1))
    login(b.user.username)

    page.click("nav.mainnav >> text=Staff")
    page.fill("#id_search", "li na")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**search=li+na**")
    rows = page.locator("table.staff-table tbody tr")
    assert rows.count() == 1
    rows.first.locator("a", has_text="Li Na").click()

    page.locator("table.held-table").wait_for()
    held = page.locator("table.held-table").inner_text()
    assert "Invoice issuing" in held and "A (organiser)" in held and "Zhou Min" in held
    assert "Invoice issuing" in page.locator("body").inner_text()
    assert "Invoice" in page.locator("dl.facts").inner_text()  # the skill


def test_posts_page_fits_a_phone_screen(browser, live_server, counter):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, locale="en-US"
    )
    try:
        phone = context.new_page()
        phone.goto("/accounts/login/")
        phone.fill("#id_username", counter["manager"].user.username)
        phone.fill("#id_password", "pw-hallmark-test")
        phone.click("button[type=submit]")
        phone.wait_for_url(lambda url: "/accounts/login/" not in url)
        for url in ("/posts/", f"/posts/{counter['post'].pk}/", "/staff/"):
            phone.goto(url)
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{url} is {overflow}px wider than a phone screen"
    finally:
        context.close()


# --- with the test client: scope, refusals, query counts ---------------------------------


def test_cadre_of_another_hall_gets_404_on_the_post_and_staff_pages(client, counter):
    outsider = factories.staff(name="Outsider")
    client.force_login(outsider.user)
    assert client.get(f"/posts/{counter['post'].pk}/").status_code == 404
    assert client.get(f"/staff/{counter['a'].pk}/").status_code == 404
    assert "Li Na" not in client.get("/staff/").content.decode()


def test_cadre_posting_a_pairing_form_is_refused(client, counter):
    client.force_login(counter["a"].user)
    response = client.post(
        f"/posts/{counter['post'].pk}/pairings/new/",
        {"a_holder": counter["a"].pk, "b_holder": counter["b"].pk, "valid_from": "2025-01-01"},
    )
    assert response.status_code == 403
    assert not PostPairing.objects.exists()


def test_pages_ask_for_login(client, counter):
    response = client.get("/posts/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _grow(hall, n):
    for _ in range(n):
        post = factories.post(unit=hall, window=factories.window(unit=hall))
        factories.pairing(
            post=post,
            a=factories.staff(unit=hall, skills=[factories.skill()]),
            b=factories.staff(unit=hall),
        )


@pytest.mark.parametrize("url", ["/posts/", "/staff/"])
def test_list_page_query_count_does_not_grow_with_rows(
    client, counter, url, django_assert_max_num_queries
):
    _grow(counter["hall"], 2)
    client.force_login(counter["manager"].user)
    # 15, plus constants of every page, whatever the rows: the confirmed calendar years
    # (cached between requests), the permissions behind the calendar-editor banner, and the
    # session saved on each request (it ends after a time without one).
    with django_assert_max_num_queries(19) as few:
        assert client.get(url).status_code == 200

    _grow(counter["hall"], 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr") >= 12


def test_post_detail_query_count_does_not_grow_with_history(
    client, counter, django_assert_max_num_queries
):
    manager, post = counter["manager"], counter["post"]
    people = [factories.staff(unit=counter["hall"]) for _ in range(6)]
    client.force_login(manager.user)
    start = date(2024, 1, 1)

    def add_pairing(i):
        pairing = factories.pairing(
            post=post, a=people[i], b=people[i + 1], valid_from=start + timedelta(days=10 * i)
        )
        from staffmgmt import services

        services.pairing_end(
            actor=manager.user, pairing=pairing, last_day=start + timedelta(days=10 * i + 9)
        )

    add_pairing(0)
    with django_assert_max_num_queries(25) as few:
        assert client.get(f"/posts/{post.pk}/").status_code == 200

    for i in range(1, 5):
        add_pairing(i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/posts/{post.pk}/")
    assert response.content.decode().count("Paired A") == 5


def test_staff_detail_shows_nothing_for_a_staff_id_that_does_not_exist(client, counter):
    client.force_login(counter["manager"].user)
    missing = Staff.objects.order_by("-pk").first().pk + 100
    assert client.get(f"/staff/{missing}/").status_code == 404
