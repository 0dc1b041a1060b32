# The scorecard states its formula with the multiplication and division signs.
# ruff: noqa: RUF001
"""Assessment through the real pages: a manager scores on the grid, a cadre assesses
themselves and votes in the democratic appraisal, a leader changes a grade and approves,
a cadre reads the scorecard and objects."""

import pytest
from playwright.sync_api import expect

from assessment.models import Member, Objection, Period, Result, Score, VoterMark
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def world(transactional_db):
    return build_world(cadres=3, democratic=True)


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")


def test_manager_scores_on_the_grid_and_each_cell_saves_as_it_changes(page, login, world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    cadre = world.cadres[0]
    declarations = Score.objects.get(member__staff=cadre, indicator__code="declarations")
    ethics = Score.objects.get(member__staff=cadre, indicator__code="ethics")
    login(world.manager.user.username)

    page.click("nav.mainnav >> text=Assessment periods")
    page.click(f"text={period.name}")
    page.click("#grid-link")
    quantity = page.locator(f"td[data-score='{declarations.pk}'] input")
    quantity.fill("80")
    quantity.press("Enter")  # moves down the column; leaving the cell saves it
    expect(page.locator(f"td[data-score='{declarations.pk}'] .points")).to_have_text("80.00")

    rubric = page.locator(f"td[data-score='{ethics.pk}']")
    rubric.locator(".comment").fill("Helpful with colleagues")
    rubric.locator("select").select_option(label="Good (90.00)")
    expect(rubric.locator(".points")).to_have_text("90.00")

    page.reload()
    expect(page.locator(f"td[data-score='{declarations.pk}'] input")).to_have_value("80.0000")
    ethics.refresh_from_db()
    assert (ethics.points, ethics.assessor, ethics.comment) == (
        90,
        world.manager.user,
        "Helpful with colleagues",
    )


def test_a_rubric_cell_without_a_comment_says_so_and_saves_nothing(page, login, world):
    advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    ethics = Score.objects.get(member__staff=world.cadres[0], indicator__code="ethics")
    login(world.manager.user.username)
    page.goto(f"/assessment/periods/{ethics.member.period_id}/scores/")

    page.locator(f"td[data-score='{ethics.pk}'] select").select_option(label="Good (90.00)")

    expect(page.locator(f"td[data-score='{ethics.pk}'] .status .error")).to_contain_text("comment")
    ethics.refresh_from_db()
    assert ethics.points is None


def test_cadre_writes_a_self_assessment_on_the_scorecard(page, login, world):
    period = advance_to(open_period(world), Period.State.SELF_ASSESSMENT, world.manager.user)
    cadre = world.cadres[0]
    ethics = Score.objects.get(member__staff=cadre, indicator__code="ethics")
    login(cadre.user.username)

    page.click("nav.mainnav >> text=Assessment")
    page.click(f"#my-periods tr[data-period='{period.pk}'] .scorecard-link")
    page.fill("#id_summary", "Handled the spring filing peak without errors.")
    page.select_option(f"#id_self_{ethics.pk}", label="Good (90.00)")
    page.click("#self-assessment button[type=submit]")

    expect(page.locator(".messages")).to_contain_text("Self-assessment saved")
    member = Member.objects.get(period=period, staff=cadre)
    assert member.self_summary.startswith("Handled the spring")


def test_cadre_votes_on_each_colleague_then_changes_a_vote(page, login, world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.DEMOCRATIC, world.manager.user)
    voter = world.cadres[0]
    login(voter.user.username)

    page.click("nav.mainnav >> text=Assessment")
    page.click(f"#my-periods tr[data-period='{period.pk}'] .vote-link")
    rows = page.locator("#vote-form tbody tr")
    expect(rows).to_have_count(Member.objects.filter(period=period).count() - 1)
    assert voter.name not in page.locator("#vote-form").inner_text()
    for index in range(rows.count()):
        rows.nth(index).get_by_label("Competent", exact=True).check()
    page.click("#cast-votes")

    expect(page.locator(".messages")).to_contain_text("Your votes are recorded")
    expect(page.locator("#turnout")).to_contain_text("1 of 4 have voted")
    rows.nth(0).get_by_label("Excellent", exact=True).check()
    page.click("#cast-votes")
    expect(page.locator(".messages")).to_contain_text("Your votes are changed")
    assert VoterMark.objects.filter(period=period).count() == 1


def test_leader_changes_a_grade_with_a_reason_and_approves(page, login, world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    target = Result.objects.get(member__staff=world.cadres[1])
    login(world.leader.user.username)

    page.click("nav.mainnav >> text=Assessment periods")
    page.click(f"text={period.name}")
    page.click("#review-link")
    expect(page.locator("#quota")).to_contain_text("quota of 0")
    row = page.locator(f"tr[data-result='{target.pk}']")
    row.locator("select[name=grade]").select_option("basic")
    row.locator("input[name=reason]").fill("Two verified complaints")
    row.get_by_role("button", name="Change grade").click()
    expect(page.locator(".messages")).to_contain_text("Grade changed")
    expect(page.locator(f"tr[data-result='{target.pk}'] .grade")).to_contain_text(
        "Two verified complaints"
    )
    page.click("#approve-button")

    expect(page.locator("#period-state")).to_have_text("Published")
    target.refresh_from_db()
    assert target.grade == "basic"


def test_cadre_reads_the_published_scorecard_and_objects_to_a_score(page, login, world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    from assessment import services

    services.period_approve(actor=world.leader.user, period=period)
    cadre = world.cadres[0]
    ethics = Score.objects.get(member__staff=cadre, indicator__code="ethics")
    login(cadre.user.username)

    page.click("nav.mainnav >> text=Assessment")
    page.click(f"#my-periods tr[data-period='{period.pk}'] .scorecard-link")
    expect(page.locator("#grade")).to_be_visible()
    expect(page.locator("tr[data-indicator='declarations'] .rule")).to_contain_text(
        "100 × actual ÷ target"
    )
    expect(page.locator(".dimension-chart .bar-row")).to_have_count(5)
    page.select_option("#id_score", label="Ethics")
    page.fill("#id_statement", "The comment refers to another quarter.")
    page.click("#object-button")

    expect(page.locator("#my-objections .objection-status")).to_have_text("Open")
    assert Objection.objects.get().score == ethics
    log_out(page)
