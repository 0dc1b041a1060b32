"""A manager switches the site to Chinese and works through the main pages in Chinese."""

# Chinese text is written with full-width punctuation, which is what the pages show.
# ruff: noqa: RUF001

import re
from datetime import timedelta

from django.utils import timezone

from kernel.roles import Role
from staffmgmt.selectors.calendar import working_days
from tests import factories

ENGLISH_NAV = [
    "Home",
    "Staff",
    "Posts",
    "Leave",
    "Coverage gaps",
    "Calendar",
    "Rosters",
    "Check in",
    "Swaps",
    "Comp time",
    "Notices",
]
CHINESE_NAV = [
    "首页",
    "人员",
    "岗位",
    "请销假",
    "空岗预警",
    "工作日历",
    "值班表",
    "签到",
    "换班",
    "补休",
    "通知",
]

# What each page must say in Chinese (its own words, beyond the nav).
PAGES = {
    "/": ["欢迎，王主任", "空岗", "我的近期请假"],
    "/staff/": ["工号", "业务技能", "名人员", "李娜"],
    "/posts/": ["主岗（A岗）", "备岗（B岗）", "发票开具岗", "个岗位"],
    "/leave/": ["我的请假申请和记录", "申请请假", "请假类型", "事由"],
    "/calendar/": ["调休上班日", "法定节假日", "年节假日安排", "春节", "国庆节"],
    "/roster/": ["值班排班", "我的值班", "生成值班表", "已发布"],
}


def test_manager_switches_to_chinese_and_every_main_page_reads_in_chinese(
    page, login, transactional_db
):
    hall = factories.unit(name="城西办税服务厅")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="王主任")
    a = factories.staff(unit=hall, name="李娜", skills=[factories.skill()])
    b = factories.staff(unit=hall, name="周敏")
    factories.pairing(post=factories.post(unit=hall, name="发票开具岗"), a=a, b=b)
    today = timezone.localdate()
    day = working_days(start=today + timedelta(days=1), end=today + timedelta(days=20))[0]
    factories.published_roster(
        duty_type=factories.duty_type(unit=hall, name="午间值班"), duties={day: [a]}
    )

    login(manager.user.username)
    assert "Leave" in page.locator("nav.mainnav").inner_text()
    with page.expect_navigation():
        page.select_option("select[name=language]", "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    for path, words in PAGES.items():
        page.goto(path)
        nav = page.locator("nav.mainnav").inner_text()
        for word in CHINESE_NAV:
            assert word in nav, f"{path}: nav lacks {word!r}: {nav!r}"
        for word in ENGLISH_NAV:
            assert not re.search(rf"\b{word}\b", nav), f"{path}: nav still says {word!r}"
        body = page.locator("main").inner_text()
        for word in words:
            assert word in body, f"{path}: {word!r} not on the page: {body[:500]!r}"
        assert "退出登录" in page.locator("header").inner_text()
        assert "Log out" not in page.locator("header").inner_text()
        assert re.search(r"[\u4e00-\u9fff]", page.title()), f"{path}: title {page.title()!r}"

    # The month is named the Chinese way, and the week starts with Chinese day names.
    page.goto("/calendar/")
    assert re.fullmatch(r"\d{4}年\d{1,2}月", page.locator("#month-title").inner_text().strip())
    assert "周一" in page.locator("table.cal thead").inner_text()

    # The choice sticks across pages, and switching back gives English again.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert "Leave" in page.locator("nav.mainnav").inner_text()
    assert "请销假" not in page.locator("nav.mainnav").inner_text()


def test_a_leave_error_is_shown_in_chinese(page, login, transactional_db):
    cadre = factories.staff(unit=factories.unit(), name="李娜")
    login(cadre.user.username)
    with page.expect_navigation():
        page.select_option("select[name=language]", "zh-hans")

    page.goto("/leave/")
    today = timezone.localdate()
    page.fill("#id_start_date", (today + timedelta(days=5)).isoformat())
    page.fill("#id_end_date", (today + timedelta(days=2)).isoformat())
    page.fill("#id_reason", "家中有事")
    page.click("#request-leave button[type=submit]")

    assert "结束日期不得早于开始日期。" in page.locator("main").inner_text()
