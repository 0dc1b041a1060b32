from tests import factories


def test_cadre_logs_in_and_switches_the_pages_to_chinese(page, login, transactional_db):
    staff = factories.staff(name="Zhao Lei")
    login(staff.user.username)
    assert page.locator("h1").first.is_visible()

    with page.expect_navigation():
        page.select_option(".lang-switch select", "zh-hans")

    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_wrong_password_shows_the_form_again_with_an_error(page, transactional_db):
    staff = factories.staff()
    page.goto("/accounts/login/")
    page.fill("#id_username", staff.user.username)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")

    assert page.locator(".error").is_visible()
    assert "/accounts/login/" in page.url


def test_on_a_phone_the_navigation_is_one_row_under_the_brand(page, login, transactional_db):
    page.set_viewport_size({"width": 390, "height": 844})
    login(factories.staff().user.username)

    brand = page.locator(".brand").bounding_box()
    nav = page.locator(".mainnav").bounding_box()

    assert nav["y"] >= brand["y"] + brand["height"] - 1
    assert nav["width"] >= 390 * 0.85
    assert nav["height"] < 40
