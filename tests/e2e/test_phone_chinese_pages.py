"""Every page a manager and a cadre use, in Chinese at phone size: no duplicate element ids
(an id shared by two forms sent one form's input to the other), nothing requested from
outside this server (the `page` fixture fails the test otherwise), no page wider than the
phone, and long text clipped with a way to expand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kernel.roles import Role
from staffmgmt import services
from staffmgmt.selectors.calendar import working_days
from tests import factories

PHONE = {"width": 390, "height": 844}

DUPLICATE_IDS_JS = """() => {
  const seen = {}, dup = [];
  for (const el of document.querySelectorAll('[id]')) {
    if (seen[el.id]) dup.push(el.id); seen[el.id] = true;
  }
  return dup;
}"""


@pytest.fixture
def hall(transactional_db):
    hall = factories.unit(name="城西办税服务厅")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="王主任")
    skill = factories.skill()
    a = factories.staff(unit=hall, name="李娜", skills=[skill])
    b = factories.staff(unit=hall, name="周敏")
    post = factories.post(unit=hall, name="发票开具岗")
    factories.pairing(post=post, a=a, b=b)
    today = timezone.localdate()
    days = working_days(start=today + timedelta(days=1), end=today + timedelta(days=20))
    noon = factories.duty_type(unit=hall, name="午间值班")
    roster = factories.published_roster(duty_type=noon, duties={days[0]: [a], days[1]: [b]})
    services.absence_request(
        actor=a.user,
        staff=a,
        kind="personal",
        start_date=days[2],
        end_date=days[2],
        reason="家" * 2000,
    )
    return {"manager": manager, "cadre": a, "post": post, "roster": roster, "day": days[0]}


def pages_for(hall):
    post, roster, day = hall["post"], hall["roster"], hall["day"]
    return [
        "/",
        "/staff/",
        f"/staff/{hall['cadre'].pk}/",
        "/posts/",
        f"/posts/{post.pk}/",
        "/leave/",
        "/leave/approvals/",
        "/coverage/gaps/",
        f"/coverage/acting/{post.pk}/{day.isoformat()}/",
        "/calendar/",
        "/roster/",
        f"/roster/{roster.pk}/",
        f"/roster/{roster.pk}/duties/{roster.assignments.first().pk}/",
        f"/roster/{roster.pk}/publish/",
        f"/roster/{roster.pk}/withdraw/",
        "/roster/mine/",
        "/roster/generate/",
        "/roster/duty-types/",
        "/roster/swaps/",
        "/roster/checkin/",
        "/roster/comp-time/",
        "/roster/notifications/",
        "/roster/feed/",
        "/roster/preferences/",
        "/no-such-page/",
    ]


def check_page(page, path):
    response = page.goto(path)
    assert response.status < 500, f"{path}: {response.status}"
    assert page.locator("html").get_attribute("lang") == "zh-hans", path
    assert page.evaluate(DUPLICATE_IDS_JS) == [], f"{path}: duplicate ids"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{path}: {width}px wide on a {PHONE['width']}px phone"


@pytest.fixture
def phone_zh(page):
    page.set_viewport_size(PHONE)
    return page


def to_chinese(page):
    with page.expect_navigation():
        page.select_option("select[name=language]", "zh-hans")


def test_every_manager_page_in_chinese_on_a_phone(phone_zh, login, hall):
    login(hall["manager"].user.username)
    to_chinese(phone_zh)

    for path in pages_for(hall):
        check_page(phone_zh, path)


def test_every_cadre_page_in_chinese_on_a_phone_and_long_reasons_fold(phone_zh, login, hall):
    login(hall["cadre"].user.username)
    to_chinese(phone_zh)

    for path in ["/", "/leave/", "/roster/", "/roster/mine/", "/roster/swaps/", "/calendar/"]:
        check_page(phone_zh, path)
    phone_zh.goto("/leave/")
    height = phone_zh.evaluate("() => document.documentElement.scrollHeight")
    assert height < 3000, f"the leave page is {height}px tall with one long reason"
    folded = phone_zh.locator("#leave-history details.long-text").first
    folded.locator("summary").click()
    assert folded.get_attribute("open") is not None
