"""The reads every page makes once: the user's roles and permissions in one query (the
calendar banner's `has_perm` then reads none), and every menu badge in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from kernel.nav import badge_counts
from kernel.roles import Role, user_roles
from tests import factories

CHECKED = (
    "staffmgmt.change_calendaroverride",  # held directly
    "staffmgmt.add_calendaroverride",  # held through the manager group
    "staffmgmt.delete_calendaroverride",  # not held
)


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_the_roles_query_reads_the_permissions_has_perm_then_answers_without_reading(
    db, django_assert_num_queries
):
    person = factories.staff(roles=(Role.CADRE, Role.MANAGER))
    person.user.user_permissions.add(Permission.objects.get(codename="change_calendaroverride"))
    Group.objects.get(name=Role.MANAGER).permissions.add(
        Permission.objects.get(codename="add_calendaroverride")
    )
    user = _fresh(person.user)

    with django_assert_num_queries(1):
        roles = user_roles(user)
        answers = [user.has_perm(perm) for perm in CHECKED]

    assert roles == {Role.CADRE, Role.MANAGER}
    # What ModelBackend answers reading for itself.
    assert (
        answers
        == [_fresh(person.user).has_perm(perm) for perm in CHECKED]
        == [
            True,
            True,
            False,
        ]
    )
    assert user.get_all_permissions() == _fresh(person.user).get_all_permissions()


def test_an_inactive_user_holds_no_permission_after_the_roles_query(db):
    person = factories.calendar_editor()
    person.user.is_active = False
    person.user.save()
    user = _fresh(person.user)

    user_roles(user)

    assert not user.has_perm("staffmgmt.change_calendaroverride")


def test_the_badges_are_counted_in_one_query_whatever_their_models(db, django_assert_num_queries):
    factories.staff(roles=(Role.CADRE,))
    factories.staff(roles=(Role.CADRE,))
    users = get_user_model().objects.all()
    groups = Group.objects.filter(name=Role.CADRE)

    with django_assert_num_queries(1):
        counts = badge_counts([users, groups, users.filter(pk=0), Group.objects.none()])

    assert counts == [2, 1, 0, 0]
