"""Chinese sentences use full-width punctuation and 姓名 for a person's name."""

from datetime import date

from django.utils import translation

from staffmgmt import services
from staffmgmt.models import Staff
from staffmgmt.selectors.coverage import Gap
from tests import factories


def test_a_gap_warning_in_chinese_uses_full_width_separators(hall):
    posts = [factories.post(unit=hall, name=n) for n in ("发票", "登记")]
    gaps = [
        Gap(post=p, date=date(2026, 3, 4), halves=("am", "pm"), reason="both_absent", absences=())
        for p in posts
    ]

    with translation.override("zh-hans"):
        message = services.gaps_warning_message(gaps)

    assert "\uff1b" in message and "; " not in message  # full-width semicolon


def test_a_person_name_is_xingming_in_chinese():
    with translation.override("zh-hans"):
        assert str(Staff._meta.get_field("name").verbose_name) == "姓名"
