"""The demo hall's assessment: a scheme in force, the current quarter being scored."""

import pytest
from django.utils import timezone

from assessment.demo import build_assessment_demo
from assessment.models import Period, Scheme, Score
from staffmgmt.demo import BuildReport, build_demo


@pytest.mark.django_db
def test_the_demo_has_a_scheme_in_force_and_a_period_in_scoring_and_a_rerun_adds_nothing():
    build_demo()

    assert Scheme.objects.filter(status=Scheme.Status.ACTIVE).count() == 1
    period = Period.objects.get()
    assert period.state == Period.State.SCORING
    assert period.start_date <= timezone.localdate() <= period.end_date
    assert Score.objects.filter(member__period=period, source=Score.Source.ASSESSOR).count() == 20

    again = BuildReport()
    build_assessment_demo(again, timezone.localdate())
    assert not again.created["periods"] and not again.created["schemes"]
