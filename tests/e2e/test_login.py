from tests import factories


def test_cadre_logs_in_and_sees_home_then_switches_to_chinese(page, login, transactional_db):
    staff = factories.staff(name="Zhao Lei")
    login(staff.user.username)
    assert page.locator("h1").first.is_visible()
    page.select_option(".lang-switch select", "zh-hans")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
