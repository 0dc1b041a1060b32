"""A manager starts a generation, watches its progress and opens the roster; another
generation is cancelled from its page and saves nothing."""

import re
import time
from datetime import date

import pytest
from playwright.sync_api import expect

from kernel.roles import Role
from roster.models import Roster
from tests import factories


def hall_with_noon_duty(people: int):
    hall = factories.unit(name="Hall North")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Manager Wang")
    for n in range(people):
        factories.staff(unit=hall, name=f"Cadre {n}")
    factories.duty_type(unit=hall, name="Noon duty", headcount=2, min_gap_days=5)
    return manager


def start_generation(page, start: date, end: date, seconds: int):
    page.goto("/roster/generate/")
    page.select_option("#id_duty_type", label="Noon duty")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", end.isoformat())
    page.fill("#id_time_limit_s", str(seconds))
    page.get_by_role("button", name="Generate").click()


@pytest.fixture
def solving_held(monkeypatch):
    """Holds each generation in its solving phase, after its first roster, for a few seconds
    (or until cancelled).

    These rosters are proved optimal in well under a second, faster than the page polls
    (once a second), so the page would go from "Waiting for a worker" straight to "Done"
    and the progress a manager sees on a long roster could not be tested. The solver's own
    progress reports still reach the page unchanged: only the job's observer waits, once,
    after the first roster is reported."""
    from roster.services import generation_jobs

    report = generation_jobs._JobObserver.progress
    hold = {"seconds": 4.0}

    def held(observer, progress):
        report(observer, progress)
        # The first better roster found: the page has a spread to show while it waits.
        if progress.best_spread is not None and not getattr(observer, "held", False):
            observer.held = True
            deadline = time.monotonic() + hold["seconds"]
            while time.monotonic() < deadline and not observer.context.cancelled():
                time.sleep(0.1)

    monkeypatch.setattr(generation_jobs._JobObserver, "progress", held)
    return hold


def test_the_generate_page_shows_the_solvers_progress_then_the_roster(
    transactional_db, job_worker, solving_held, page, login
):
    manager = hall_with_noon_duty(24)
    login(manager.user.username)

    start_generation(page, date(2027, 1, 1), date(2027, 12, 31), seconds=8)

    expect(page.locator(".msg-success")).to_contain_text("Generation started")
    expect(page.locator("#job-progress")).to_contain_text("Solving", timeout=30_000)
    expect(page.locator("#job-progress")).to_contain_text(re.compile(r"of at most 8(\.0)? seconds"))
    expect(page.locator("#job-progress")).to_contain_text("proven bound")
    expect(page.locator("#job-state")).to_have_text("Done", timeout=60_000)
    expect(page.locator("#job-result")).to_contain_text("spread")
    page.locator("#job-result-link").click()
    expect(page.locator("#roster-status")).to_have_text("Draft")
    expect(page.locator("#figures")).to_contain_text("Cadre 0")


def test_a_generation_cancelled_from_its_page_saves_nothing_and_can_be_retried(
    transactional_db, job_worker, solving_held, page, login
):
    solving_held["seconds"] = 30  # until the manager's cancel reaches the worker
    manager = hall_with_noon_duty(30)
    login(manager.user.username)

    start_generation(page, date(2027, 1, 1), date(2027, 12, 31), seconds=90)
    expect(page.locator("#job-progress")).to_contain_text("Solving", timeout=30_000)
    page.get_by_role("button", name="Cancel").click()

    expect(page.locator("#job-state")).to_have_text("Cancelled", timeout=30_000)
    expect(page.locator("#job-reasons")).to_contain_text(
        "Cancelled by Manager Wang; nothing was saved."
    )
    expect(page.locator("#job-retry")).to_be_visible()
    assert not Roster.objects.exists()


def test_a_second_generation_of_the_same_dates_is_refused_on_the_form(
    transactional_db, page, login
):
    manager = hall_with_noon_duty(4)
    login(manager.user.username)
    start_generation(page, date(2027, 3, 1), date(2027, 3, 31), seconds=5)

    start_generation(page, date(2027, 3, 15), date(2027, 4, 15), seconds=5)

    expect(page.locator("#generate-form")).to_contain_text("already being generated")
