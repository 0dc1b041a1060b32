"""One period from scoring to an objection, in the browser and in order: the manager
scores a cadre on the grid and moves the period on, a colleague votes, the manager
closes the appraisal past the one who did not vote, the leader approves, and the cadre
reads the published scorecard and objects to the grade. The other scores and ballots
are entered through the services (the same ones the pages call) to keep it short."""

import pytest
from playwright.sync_api import expect

from assessment import services
from assessment.models import Indicator, Member, Objection, Period, Result, Score
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def world(transactional_db):
    return build_world(cadres=3, democratic=True)


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")


def test_manager_scores_colleague_votes_leader_approves_cadre_objects(page, login, world):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    cadre, colleague = world.cadres[0], world.cadres[1]
    others = {m.staff_id for m in Member.objects.filter(period=period)} - {cadre.pk}
    score_everyone(period, world, only=others)

    # The manager scores the cadre's row on the grid and opens the appraisal.
    login(world.manager.user.username)
    page.goto(f"/assessment/periods/{period.pk}/scores/")
    for score in Score.objects.filter(member__period=period, member__staff=cadre).select_related(
        "indicator"
    ):
        cell = page.locator(f"td[data-score='{score.pk}']")
        if score.indicator.kind == Indicator.Kind.RUBRIC:
            cell.locator(".comment").fill("Steady work")
            cell.locator("select").select_option(label="Fair (70.00)")
            expect(cell.locator(".points")).to_have_text("70.00")
        elif score.indicator.kind == Indicator.Kind.QUANTITATIVE:
            cell.locator("input").fill("80")
            cell.locator("input").press("Tab")
            expect(cell.locator(".points")).to_have_text("80.00")
    page.goto(f"/assessment/periods/{period.pk}/")
    page.click("#advance-button")
    expect(page.locator("#period-state")).to_have_text("Democratic appraisal")
    log_out(page)

    # A colleague votes on the page; the rest but the cadre vote through the service.
    login(colleague.user.username)
    page.goto(f"/assessment/periods/{period.pk}/vote/")
    rows = page.locator("#vote-form tbody tr")
    for index in range(rows.count()):
        rows.nth(index).get_by_label("Competent", exact=True).check()
    page.click("#cast-votes")
    expect(page.locator(".messages")).to_contain_text("Your votes are recorded")
    log_out(page)
    members = list(Member.objects.filter(period=period).select_related("staff"))
    for voter in (world.cadres[2], world.manager):
        services.ballot_cast(
            actor=voter.user,
            period=period,
            votes={m.pk: "competent" for m in members if m.staff_id != voter.pk},
        )

    # The manager closes the appraisal though the cadre did not vote.
    login(world.manager.user.username)
    page.goto(f"/assessment/periods/{period.pk}/")
    page.click("#advance-button")
    expect(page.locator("#confirmation")).to_contain_text(cadre.name)
    page.click("#advance-confirm")
    expect(page.locator("#period-state")).to_have_text("Review")
    log_out(page)

    # The leader approves: the results are published.
    login(world.leader.user.username)
    page.goto(f"/assessment/periods/{period.pk}/review/")
    page.click("#approve-button")
    expect(page.locator("#period-state")).to_have_text("Published")
    log_out(page)

    # The cadre reads the scorecard: 3 colleagues' votes counted (competent, 80 points).
    result = Result.objects.get(member__period=period, member__staff=cadre)
    login(cadre.user.username)
    page.click("nav.mainnav >> text=Assessment")
    page.click(f"#my-periods tr[data-period='{period.pk}'] .scorecard-link")
    expect(page.locator("#composite")).to_have_text(str(result.composite))
    expect(page.locator("#grade")).to_have_text(result.get_grade_display())
    expect(page.locator("tr[data-indicator='peer'] .points")).to_have_text("80.00")
    page.fill("#id_statement", "My filing work in March is missing from the count.")
    page.click("#object-button")
    expect(page.locator("#my-objections .objection-status")).to_have_text("Open")
    objection = Objection.objects.get(member__staff=cadre)
    assert objection.score is None and objection.member.period == period
