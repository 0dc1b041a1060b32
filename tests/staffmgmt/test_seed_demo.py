"""`manage.py seed_demo`: the demo hall, its logins, its upcoming gaps, and the scale data."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from kernel.roles import Role, user_roles
from staffmgmt import demo, selectors
from staffmgmt.models import Absence, OrgUnit, Post, PostPairing, Staff, Window

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The demo sets five real passwords; the slow default hasher adds nothing to these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = (OrgUnit, Staff, Window, Post, PostPairing, Absence)
    counts = {model.__name__: model.objects.count() for model in models}
    counts |= {f"history of {model.__name__}": model.history.count() for model in models}
    counts["users"] = User.objects.count()
    return counts


def user(username: str):
    return User.objects.get(username=username)


def test_demo_hall_has_the_announced_size():
    seed()

    hall = OrgUnit.objects.get(code=demo.HALL_CODE)
    in_hall = {"unit__path__startswith": hall.path}
    assert hall.name == "第一办税服务厅"
    assert OrgUnit.objects.filter(parent=hall, kind=OrgUnit.Kind.SECTION).count() == 3
    assert 35 <= Staff.objects.filter(**in_hall).count() <= 45
    assert Window.objects.filter(**in_hall).count() == 12
    assert Window.objects.filter(**in_hall, is_full_service=True).count() == 1
    assert Post.objects.filter(**in_hall).count() == 20
    assert Post.objects.filter(**in_hall, is_critical=True).exists()
    assert PostPairing.objects.filter(post__unit__path__startswith=hall.path).count() == 20


def test_every_demo_post_is_paired_within_its_own_section_from_new_year():
    today = date(2026, 3, 2)
    demo.build_demo(today=today)

    pairings = PostPairing.objects.select_related("post", "a_holder", "b_holder")
    assert pairings.count() == 20
    for pairing in pairings:
        assert pairing.a_holder.unit_id == pairing.post.unit_id
        assert pairing.b_holder.unit_id == pairing.post.unit_id
        assert pairing.a_holder_id != pairing.b_holder_id
        assert pairing.valid_from == date(2026, 1, 1)
        assert pairing.valid_to is None


def test_seeding_twice_creates_nothing_the_second_time():
    seed()
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "Nothing to do" in output


def test_a_partly_built_demo_is_completed_without_duplicates():
    seed()
    complete = row_counts()
    pairing = PostPairing.objects.order_by("pk").last()
    post = pairing.post
    PostPairing.objects.filter(pk=pairing.pk).delete()
    Post.objects.filter(pk=post.pk).delete()

    seed()

    counts = row_counts()
    assert Post.objects.filter(unit=post.unit, name=post.name).count() == 1
    assert counts["Post"] == complete["Post"]
    assert counts["PostPairing"] == complete["PostPairing"]
    assert counts["Staff"] == complete["Staff"]


def test_demo_logins_exist_with_their_roles_and_can_log_in():
    output = seed()

    for username in (*demo.DEMO_LOGINS, demo.ADMIN_USERNAME):
        assert username in output
        assert Client().login(
            request=HttpRequest(), username=username, password=demo.DEMO_PASSWORD
        ), username
    hall = OrgUnit.objects.get(code=demo.HALL_CODE)
    bureau = OrgUnit.objects.get(code="demo-bureau")
    assert user_roles(user("manager")) == {Role.CADRE, Role.MANAGER}
    assert user("manager").staff.unit == hall
    assert user_roles(user("cadre")) == {Role.CADRE}
    assert user("cadre").staff.unit.parent == hall
    assert user_roles(user("leader")) == {Role.CADRE, Role.LEADERSHIP}
    assert user("leader").staff.unit == bureau
    assert user_roles(user("integrity")) == {Role.CADRE, Role.INTEGRITY_OFFICER}
    assert user("integrity").staff.unit == bureau
    assert user("admin").is_superuser
    assert not User.objects.get(staff__employee_no="SF1003").has_usable_password()


def test_cadre_login_holds_a_post_as_a_and_another_as_b_and_has_a_pending_leave():
    seed()
    cadre = user("cadre").staff

    assert PostPairing.objects.filter(a_holder=cadre).exists()
    assert PostPairing.objects.filter(b_holder=cadre).exists()
    assert Absence.objects.filter(staff=cadre, status=Absence.Status.REQUESTED).exists()


def test_demo_has_an_upcoming_gap_where_a_and_b_are_away_on_the_same_working_day():
    today = timezone.localdate()
    seed()

    gaps = selectors.gap_list(user=user("manager"), start=today, end=today + timedelta(days=30))

    assert gaps, "the demo shows no upcoming gap"
    assert all(gap.date > today for gap in gaps)
    assert any(gap.post.is_critical and set(gap.halves) == {"am", "pm"} for gap in gaps)
    assert Absence.objects.filter(status=Absence.Status.APPROVED, gaps_confirmed=True).exists()


def test_manager_has_pending_leave_to_decide_one_of_which_would_open_a_gap():
    seed()

    pending = list(selectors.pending_absence_list(user=user("manager")))

    assert len(pending) >= 2
    assert any(selectors.gaps_if_absence_approved_unscoped(absence=absence) for absence in pending)


@pytest.mark.parametrize(
    "today",
    [date(2026, 9, 28), date(2026, 2, 13), date(2026, 12, 31)],
    ids=["before National Day", "before Spring Festival", "new year's eve"],
)
def test_demo_leave_falls_on_working_days_even_around_a_holiday(today):
    demo.build_demo(today=today)

    working = set(selectors.working_days(start=today, end=today + timedelta(days=90)))
    leave = Absence.objects.all()
    assert leave.count() == len(demo.DEMO_LEAVES)
    assert all(a.start_date in working and a.end_date in working for a in leave)
    manager = user("manager")
    assert selectors.gap_list(user=manager, start=today, end=today + timedelta(days=60))


def test_demo_absences_are_recorded_as_requested_by_the_absentee_and_decided_by_the_manager():
    seed()
    manager = user("manager")

    for absence in Absence.objects.select_related("staff"):
        assert absence.requested_by_id == absence.staff.user_id
        if absence.status != Absence.Status.REQUESTED:
            assert absence.decided_by == manager
    assert Absence.objects.filter(status=Absence.Status.REJECTED).exclude(decision_note="").exists()


def test_hall_rows_history_names_the_manager_who_set_them_up():
    seed()
    manager = user("manager")

    post = Post.objects.get(name="全职能岗")
    assert post.history.earliest().history_user == manager
    assert post.pairings.get().history.earliest().history_user == manager
    assert user("cadre").staff.history.earliest().history_user == manager


def test_a_reused_demo_database_gets_fresh_leave_once_the_old_leave_is_past():
    demo.build_demo(today=date(2026, 3, 2))
    old = Absence.objects.count()

    demo.build_demo(today=date(2026, 3, 20))
    assert Absence.objects.count() == old

    demo.build_demo(today=date(2026, 6, 1))
    assert Absence.objects.count() == 2 * old
    assert Absence.objects.filter(start_date__gt=date(2026, 6, 1)).count() == old


def test_scale_2_creates_two_halls_of_about_forty_staff_with_pairings_and_history():
    output = seed("--scale", "2")

    province = OrgUnit.objects.get(code=demo.SCALE_PROVINCE_CODE)
    halls = OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.HALL)
    assert halls.count() == 2
    synthetic = Staff.objects.filter(unit__path__startswith=province.path).exclude(unit=province)
    assert synthetic.count() == 80
    pairings = PostPairing.objects.filter(post__unit__path__startswith=province.path)
    assert pairings.count() == 40
    assert PostPairing.history.filter(id__in=pairings.values("pk")).count() == 40
    assert Staff.history.filter(id__in=synthetic.values("pk")).count() == 80
    assert OrgUnit.history.filter(path__startswith=province.path).count() == 1 + 2 * 4
    assert Window.objects.filter(unit__path__startswith=province.path).count() == 24
    assert Post.objects.filter(unit__path__startswith=province.path).count() == 40
    on_leave = Absence.objects.filter(staff__in=synthetic, status=Absence.Status.APPROVED).count()
    assert 4 <= on_leave <= 12
    assert all(not person.user.has_usable_password() for person in synthetic)
    assert "province-leader" in output
    assert not OrgUnit.objects.filter(code=demo.HALL_CODE).exists()


def test_scale_history_of_synthetic_staff_includes_their_skills():
    seed("--scale", "1")

    person = Staff.objects.filter(employee_no__startswith="SC").exclude(skills=None).first()
    first = person.history.earliest()
    assert {link.skill_id for link in first.skills.all()} == set(
        person.skills.values_list("pk", flat=True)
    )


def test_scale_skips_existing_halls_and_adds_the_missing_ones():
    seed("--scale", "1")
    one_hall = row_counts()

    seed("--scale", "2")
    two_halls = row_counts()
    output = seed("--scale", "2")

    assert row_counts() == two_halls
    assert "Nothing to do" in output
    assert two_halls["Staff"] - one_hall["Staff"] == 40
    assert OrgUnit.objects.filter(code__startswith="scale-hall-").count() == 2 * 4


def test_scale_halls_are_seen_whole_by_the_province_leader_and_only_their_own_by_a_manager():
    seed("--scale", "2")
    leader = user(demo.SCALE_LEADER_USERNAME)
    manager = User.objects.get(staff__employee_no="SC000100")

    assert selectors.post_list(user=leader).count() == 40
    assert selectors.post_list(user=manager).count() == 20
    assert user_roles(manager) == {Role.CADRE, Role.MANAGER}


def test_negative_scale_is_refused():
    with pytest.raises(CommandError):
        seed("--scale", "-1")


def test_a_demo_username_taken_by_someone_else_is_a_clear_error_and_nothing_is_saved():
    User.objects.create_user("cadre", password="someone-elses-password")

    with pytest.raises(CommandError, match="nothing was saved"):
        seed()

    assert not OrgUnit.objects.exists()
    assert not Staff.objects.exists()
