"""Pages for staff, posts and AB pairings.

Reads come from selectors scoped to the user (a row outside the scope is a 404), writes
from services (a unit the user does not manage is a 403; a broken rule re-shows the form
with the service's message).
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel.forms import add_service_errors
from staffmgmt import selectors, services
from staffmgmt.filters import PostFilter, StaffFilter
from staffmgmt.forms.org import PairingCreateForm, PairingEndForm, SkillsForm
from staffmgmt.models import Post

PAGE_SIZE = 50


def _filter_data(request):
    """The query string, showing active rows unless the user asked otherwise."""
    data = request.GET.copy()
    data.setdefault("is_active", "true")
    return data


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def staff_list(request):
    staff_filter = StaffFilter(
        _filter_data(request), queryset=selectors.staff_list(user=request.user), request=request
    )
    return render(
        request,
        "staffmgmt/staff_list.html",
        {
            "filter": staff_filter,
            "page_obj": _page(request, staff_filter.qs),
            "query": _query_without_page(request),
        },
    )


def _visible_staff(request, pk: int):
    return get_object_or_404(selectors.staff_list(user=request.user), pk=pk)


def _render_staff_detail(request, staff, *, skills_form=None):
    today = timezone.localdate()
    held = list(selectors.pairing_list_held_by(user=request.user, staff=staff, from_day=today))
    can_manage = selectors.can_manage_unit(user=request.user, unit=staff.unit)
    if can_manage and skills_form is None:
        skills_form = SkillsForm(
            skills=selectors.skill_list(user=request.user),
            initial={"skills": list(staff.skills.all())},
        )
    return render(
        request,
        "staffmgmt/staff_detail.html",
        {
            "staff": staff,
            "held": held,
            "today": today,
            "role_log": selectors.staff_role_log(user=request.user, staff=staff),
            "skills_form": skills_form if can_manage else None,
        },
    )


@login_required
def staff_detail(request, pk: int):
    return _render_staff_detail(request, _visible_staff(request, pk))


def _skills_posted(request, *, unit, save) -> SkillsForm | None:
    """The skills form posted by a manager of `unit`, saved through `save(skills, reason)`:
    None once saved, else the form to show again with its errors."""
    if not selectors.can_manage_unit(user=request.user, unit=unit):
        raise PermissionDenied
    form = SkillsForm(request.POST, skills=selectors.skill_list(user=request.user))
    if form.is_valid():
        try:
            save(list(form.cleaned_data["skills"]), form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error, field_map={"required_skills": "skills"})
        else:
            return None
    return form


@login_required
@require_POST
def staff_skills_update(request, pk: int):
    """A manager of the person's unit records the skills they have (who may issue
    invoices, who may act at a post that requires a skill)."""
    staff = _visible_staff(request, pk)
    form = _skills_posted(
        request,
        unit=staff.unit,
        save=lambda skills, reason: services.staff_update(
            actor=request.user, staff=staff, skills=skills, reason=reason
        ),
    )
    if form is not None:
        return _render_staff_detail(request, staff, skills_form=form)
    messages.success(request, _("The skills of %(name)s are saved.") % {"name": staff.name})
    return redirect("staffmgmt:staff_detail", pk=staff.pk)


@login_required
def post_list(request):
    today = timezone.localdate()
    post_filter = PostFilter(
        _filter_data(request),
        queryset=selectors.post_list_with_holders(user=request.user, on_day=today),
        request=request,
    )
    return render(
        request,
        "staffmgmt/post_list.html",
        {
            "filter": post_filter,
            "page_obj": _page(request, post_filter.qs),
            "query": _query_without_page(request),
            "today": today,
        },
    )


def _visible_post(request, pk: int) -> Post:
    return get_object_or_404(selectors.post_list(user=request.user), pk=pk)


# The pairing form and the end form share field names (reason): their element ids differ,
# so each label points at its own field and a browser fills the one typed in.
PAIR_FORM_IDS = "pair_%s"
END_FORM_IDS = "end_%s"


def _render_post_detail(request, post: Post, *, create_form=None, end_form=None, skills_form=None):
    today = timezone.localdate()
    pairings = list(
        selectors.pairing_list(user=request.user).filter(post=post).order_by("-valid_from")
    )
    current = next((p for p in pairings if p.in_force_on(today)), None)
    # The pairing an "end" form acts on: the one in force today, else one still open.
    endable = current or next(
        (p for p in pairings if p.valid_to is None or p.valid_to >= today), None
    )
    can_manage = selectors.can_manage_unit(user=request.user, unit=post.unit)
    if can_manage and create_form is None:
        next_start = today
        if endable is not None:
            next_start = endable.valid_to + timedelta(days=1) if endable.valid_to else None
        create_form = PairingCreateForm(
            candidates=selectors.pairing_candidate_list(user=request.user, post=post),
            initial={"valid_from": next_start},
            auto_id=PAIR_FORM_IDS,
        )
    if can_manage and skills_form is None:
        skills_form = SkillsForm(
            skills=selectors.skill_list(user=request.user),
            initial={"skills": list(post.required_skills.all())},
        )
    if can_manage and endable is not None and end_form is None:
        end_form = PairingEndForm(
            initial={"last_day": max(today, endable.valid_from)}, auto_id=END_FORM_IDS
        )
    return render(
        request,
        "staffmgmt/post_detail.html",
        {
            "post": post,
            "pairings": pairings,
            "current": current,
            "endable": endable,
            "history": selectors.pairing_history_for_post_unscoped(post=post),
            "can_manage": can_manage,
            "create_form": create_form if can_manage else None,
            "end_form": end_form if can_manage and endable is not None else None,
            "skills_form": skills_form if can_manage else None,
            "skill_changes": selectors.post_skill_changes_unscoped(post=post),
            "today": today,
        },
    )


@login_required
def post_detail(request, pk: int):
    return _render_post_detail(request, _visible_post(request, pk))


@login_required
@require_POST
def post_pairing_create(request, pk: int):
    post = _visible_post(request, pk)
    if not selectors.can_manage_unit(user=request.user, unit=post.unit):
        raise PermissionDenied
    form = PairingCreateForm(
        request.POST,
        candidates=selectors.pairing_candidate_list(user=request.user, post=post),
        auto_id=PAIR_FORM_IDS,
    )
    if form.is_valid():
        try:
            services.pairing_create(actor=request.user, post=post, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The AB pairing of %(post)s is saved.") % {"post": post.name}
            )
            return redirect("staffmgmt:post_detail", pk=post.pk)
    return _render_post_detail(request, post, create_form=form)


@login_required
@require_POST
def post_skills_update(request, pk: int):
    """A manager sets the skills the post requires: an acting holder for a gap at the post
    is chosen among the people present who have all of them."""
    post = _visible_post(request, pk)
    form = _skills_posted(
        request,
        unit=post.unit,
        save=lambda skills, reason: services.post_update(
            actor=request.user, post=post, required_skills=skills, reason=reason
        ),
    )
    if form is not None:
        return _render_post_detail(request, post, skills_form=form)
    messages.success(request, _("The skills %(post)s requires are saved.") % {"post": post.name})
    return redirect("staffmgmt:post_detail", pk=post.pk)


@login_required
@require_POST
def post_pairing_end(request, pk: int, pairing_pk: int):
    post = _visible_post(request, pk)
    pairing = get_object_or_404(
        selectors.pairing_list(user=request.user).filter(post=post), pk=pairing_pk
    )
    if not selectors.can_manage_unit(user=request.user, unit=post.unit):
        raise PermissionDenied
    form = PairingEndForm(request.POST, auto_id=END_FORM_IDS)
    if form.is_valid():
        try:
            services.pairing_end(actor=request.user, pairing=pairing, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, field_map={"valid_to": "last_day"})
        else:
            messages.success(
                request,
                _("The AB pairing of %(post)s ends on %(day)s.")
                % {"post": post.name, "day": form.cleaned_data["last_day"]},
            )
            return redirect("staffmgmt:post_detail", pk=post.pk)
    return _render_post_detail(request, post, end_form=form)


urlpatterns = [
    path("staff/", staff_list, name="staff_list"),
    path("staff/<int:pk>/", staff_detail, name="staff_detail"),
    path("staff/<int:pk>/skills/", staff_skills_update, name="staff_skills_update"),
    path("posts/", post_list, name="post_list"),
    path("posts/<int:pk>/", post_detail, name="post_detail"),
    path("posts/<int:pk>/skills/", post_skills_update, name="post_skills_update"),
    path("posts/<int:pk>/pairings/new/", post_pairing_create, name="post_pairing_create"),
    path(
        "posts/<int:pk>/pairings/<int:pairing_pk>/end/",
        post_pairing_end,
        name="post_pairing_end",
    ),
]
