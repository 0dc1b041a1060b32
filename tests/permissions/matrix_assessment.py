"""Permission matrix rows of assessment: schemes, periods, scores, votes, results,
objections, targets, and the pages of cadres, managers and leaders.

Hall X is assessed in three periods, one per stage the routes act in: democratic
appraisal (where scores may still be entered), review, published (with an open objection
of cadre_x). Three, not one per stage, because every matrix case builds the world. The
members are hall X's people (cadre_x, cadre2_x, manager_x); the bureau leader approves.
Refusals by role are 403, rows out of scope 404; a service rule met by an allowed person
(a stage not open, a quota) is a 400 and counts as allowed.
"""

from datetime import date

from assessment import services
from assessment.models import Indicator, Member, Period, Result, Score
from tests.permissions.matrix import MANAGERS, MANAGERS_OF_X, SIGNED_IN, Access

# Members of hall X's periods, and the people who review hall X.
MEMBERS_X = frozenset({"cadre_x", "manager_x"})
MEMBERS_AND_REVIEWERS_X = frozenset({"cadre_x", "manager_x", "leader", "admin"})
REVIEWERS_X = frozenset({"manager_x", "leader", "admin"})
LEADERS = frozenset({"leader", "admin"})
REVIEWER_PAGES = frozenset({"manager_x", "manager_y", "leader", "admin"})
# Schemes are the bureau's rules: managers and leadership write them.
SCHEME_AUTHORS = REVIEWER_PAGES
POST_TYPE = "matrix window"


def _dimensions():
    rubric = {
        "code": "ethics",
        "name": "Ethics",
        "weight": 100,
        "kind": Indicator.Kind.RUBRIC,
        "levels": [{"label": "Good", "points": 90}, {"label": "Fair", "points": 70}],
    }
    quantitative = {
        "code": "declarations",
        "name": "Declarations",
        "weight": 100,
        "kind": Indicator.Kind.QUANTITATIVE,
        "rule": Indicator.Rule.RATIO_CAPPED,
        "rule_params": {"cap": 100},
        "target_value": 100,
    }
    return [
        {"dimension": "morality", "weight": 50, "indicators": [rubric]},
        {"dimension": "performance", "weight": 50, "indicators": [quantitative]},
    ]


def _period(world, name: str) -> Period:
    return services.period_create(
        actor=world.users["admin"],
        name=name,
        kind=Period.Kind.QUARTERLY,
        unit=world.hall_x,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
        post_type=POST_TYPE,
    )


def _to(period: Period, state: str, world) -> Period:
    from assessment.models import STATE_ORDER

    admin = world.users["admin"]
    while STATE_ORDER.index(period.state) < STATE_ORDER.index(state):
        if period.state == Period.State.SCORING:
            for score in Score.objects.filter(member__period=period).select_related("indicator"):
                if score.indicator.kind == Indicator.Kind.RUBRIC:
                    level = score.indicator.levels.first()
                    services.score_set(actor=admin, score=score, level=level, comment="ok")
                else:
                    services.score_set(actor=admin, score=score, actual_value=90)
        if state == Period.State.PUBLISHED and period.state == Period.State.REVIEW:
            period = services.period_approve(actor=world.users["leader"], period=period)
            continue
        period = services.period_advance(actor=admin, period=period, confirm=True)
    return period


def extend_world(world) -> None:
    admin = world.users["admin"]
    scheme = services.scheme_create(
        actor=admin,
        post_type=POST_TYPE,
        name="Matrix scheme",
        valid_from=date(2020, 1, 1),
        dimensions=_dimensions(),
    )
    services.scheme_activate(actor=admin, scheme=scheme)
    draft = services.scheme_create(
        actor=admin,
        post_type=POST_TYPE,
        name="Matrix draft",
        valid_from=date(2030, 1, 1),
        dimensions=_dimensions(),
    )
    democratic = _to(_period(world, "Appraisal"), Period.State.DEMOCRATIC, world)
    review = _to(_period(world, "Review"), Period.State.REVIEW, world)
    published = _to(_period(world, "Published"), Period.State.PUBLISHED, world)
    cadre_x = world.cadre_x
    published_member = Member.objects.get(period=published, staff=cadre_x)
    objected = Score.objects.get(member=published_member, indicator__code="declarations")
    objection = services.objection_file(
        actor=cadre_x.user, member=published_member, score=objected, statement="Miscounted."
    )
    bureau_target = services.target_create(
        actor=admin,
        year=2026,
        indicator_code="declarations",
        level="bureau",
        unit=world.bureau,
        value=1000,
    )
    hall_target = services.target_create(
        actor=admin,
        parent=bureau_target,
        year=2026,
        indicator_code="declarations",
        level="unit",
        unit=world.hall_x,
        value=500,
    )
    world.add(
        scheme=scheme,
        draft_scheme=draft,
        period_democratic=democratic,
        period_review=review,
        period_published=published,
        score_x=Score.objects.get(
            member__period=democratic, member__staff=cadre_x, indicator__code="declarations"
        ),
        colleague_member=Member.objects.get(period=democratic, staff=world.cadre2_x),
        review_result_x=Result.objects.get(member__period=review, member__staff=cadre_x),
        published_result_x=Result.objects.get(member=published_member),
        published_member_x=published_member,
        assessment_objection_x=objection,
        target_x=hall_target,
    )


def _period_body(w):
    return {
        "name": "New",
        "kind": "monthly",
        "unit": w.hall_x.pk,
        "start_date": "2026-04-01",
        "end_date": "2026-04-30",
        "post_type": POST_TYPE,
    }


API = "/api/assessment"

ACCESS = [
    # Schemes: everyone reads the rules; managers write them.
    Access("api/assessment/schemes/", "GET", SIGNED_IN),
    Access("api/assessment/schemes/", "POST", SCHEME_AUTHORS),
    Access(
        "api/assessment/schemes/<pk>/",
        "GET",
        SIGNED_IN,
        url=lambda w: f"{API}/schemes/{w.scheme.pk}/",
    ),
    Access(
        "api/assessment/schemes/<pk>/activate/",
        "POST",
        SCHEME_AUTHORS,
        url=lambda w: f"{API}/schemes/{w.draft_scheme.pk}/activate/",
    ),
    # Periods: the members and the reviewers of hall X see them; its managers run them.
    Access("api/assessment/periods/", "GET", SIGNED_IN),
    Access("api/assessment/periods/", "POST", MANAGERS_OF_X, data=_period_body),
    Access(
        "api/assessment/periods/<pk>/",
        "GET",
        MEMBERS_AND_REVIEWERS_X,
        url=lambda w: f"{API}/periods/{w.period_democratic.pk}/",
        why="the integrity officer reviews no scores",
    ),
    Access(
        "api/assessment/periods/<pk>/advance/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"{API}/periods/{w.period_democratic.pk}/advance/",
    ),
    Access(
        "api/assessment/periods/<pk>/compute/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"{API}/periods/{w.period_democratic.pk}/compute/",
    ),
    Access(
        "api/assessment/periods/<pk>/approve/",
        "POST",
        LEADERS,
        url=lambda w: f"{API}/periods/{w.period_review.pk}/approve/",
    ),
    Access(
        "api/assessment/periods/<pk>/import-actuals/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"{API}/periods/{w.period_democratic.pk}/import-actuals/",
    ),
    Access(
        "api/assessment/periods/<pk>/annual-parts/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"{API}/periods/{w.period_democratic.pk}/annual-parts/",
        data={"own_weight": "100", "quarters": []},
        why="a quarterly period answers 400 (only an annual one is derived): still allowed",
    ),
    Access(
        "api/assessment/periods/<pk>/self-assessment/",
        "POST",
        MEMBERS_X,
        url=lambda w: f"{API}/periods/{w.period_democratic.pk}/self-assessment/",
        why="only the period's own cadres assess themselves",
    ),
    Access(
        "api/assessment/periods/<pk>/turnout/",
        "GET",
        MEMBERS_AND_REVIEWERS_X,
        url=lambda w: f"{API}/periods/{w.period_democratic.pk}/turnout/",
    ),
    # Scores: own, or of the units reviewed; managers of the unit enter them.
    Access("api/assessment/scores/", "GET", SIGNED_IN),
    Access(
        "api/assessment/scores/<pk>/",
        "GET",
        MEMBERS_AND_REVIEWERS_X,
        url=lambda w: f"{API}/scores/{w.score_x.pk}/",
    ),
    Access(
        "api/assessment/scores/<pk>/",
        "PATCH",
        MANAGERS_OF_X,
        url=lambda w: f"{API}/scores/{w.score_x.pk}/",
        data={"actual_value": "95"},
    ),
    # Votes: write-only, by the period's own cadres.
    Access(
        "api/assessment/votes/",
        "POST",
        MEMBERS_X,
        data=lambda w: {
            "period": w.period_democratic.pk,
            "votes": [{"member": w.colleague_member.pk, "choice": "competent"}],
        },
        why="leaders and administrators see the period but are not assessed in it",
    ),
    # Results: a cadre's own once published; reviewers; leadership changes grades.
    Access("api/assessment/results/", "GET", SIGNED_IN),
    Access(
        "api/assessment/results/<pk>/",
        "GET",
        MEMBERS_AND_REVIEWERS_X,
        url=lambda w: f"{API}/results/{w.published_result_x.pk}/",
    ),
    Access(
        "api/assessment/results/<pk>/change-grade/",
        "POST",
        LEADERS,
        url=lambda w: f"{API}/results/{w.review_result_x.pk}/change-grade/",
        data={"grade": "basic", "reason": "Matrix"},
    ),
    Access(
        "api/assessment/results/<pk>/consequences/",
        "POST",
        REVIEWERS_X,
        url=lambda w: f"{API}/results/{w.published_result_x.pk}/consequences/",
        data={"kind": "talk", "note": "Matrix"},
    ),
    # Objections: the cadre files their own; reviewers answer.
    Access("api/assessment/objections/", "GET", SIGNED_IN),
    Access(
        "api/assessment/objections/",
        "POST",
        frozenset({"cadre_x"}),
        data=lambda w: {"member": w.published_member_x.pk, "statement": "The grade."},
        why="only the cadre objects to their own result; a member the user cannot see is a "
        "400 on `member` (an unknown value), which the matrix counts as denied",
    ),
    Access(
        "api/assessment/objections/<pk>/",
        "GET",
        MEMBERS_AND_REVIEWERS_X,
        url=lambda w: f"{API}/objections/{w.assessment_objection_x.pk}/",
    ),
    Access(
        "api/assessment/objections/<pk>/answer/",
        "POST",
        REVIEWERS_X,
        url=lambda w: f"{API}/objections/{w.assessment_objection_x.pk}/answer/",
        data={"upheld": False, "answer": "The count stands."},
    ),
    # Targets: managers and leaders read those of their subtree, anyone else only their
    # own personal targets; managers of the unit set them.
    Access("api/assessment/targets/", "GET", SIGNED_IN),
    Access(
        "api/assessment/targets/",
        "POST",
        MANAGERS_OF_X,
        data=lambda w: {
            "year": 2026,
            "indicator_code": "declarations",
            "level": "post",
            "parent": w.target_x.pk,
            "unit": w.hall_x.pk,
            "post": w.post_x.pk,
            "value": "100",
        },
    ),
    Access(
        "api/assessment/targets/<pk>/",
        "GET",
        REVIEWERS_X,
        url=lambda w: f"{API}/targets/{w.target_x.pk}/",
        why="a cadre or an integrity officer sees only their own personal targets",
    ),
    Access(
        "api/assessment/targets/<pk>/",
        "PATCH",
        MANAGERS_OF_X,
        url=lambda w: f"{API}/targets/{w.target_x.pk}/",
        data={"value": "400", "reason": "Matrix"},
    ),
    # Pages of a cadre.
    Access("assessment/", "GET", SIGNED_IN),
    Access(
        "assessment/members/<pk>/",
        "GET",
        MEMBERS_AND_REVIEWERS_X,
        url=lambda w: f"/assessment/members/{w.published_member_x.pk}/",
    ),
    Access(
        "assessment/members/<pk>/",
        "POST",
        frozenset({"cadre_x"}),
        url=lambda w: f"/assessment/members/{w.published_member_x.pk}/",
        data={"form": "objection", "score": "", "statement": "The grade."},
        why="only the cadre objects, on their own scorecard",
    ),
    Access(
        "assessment/periods/<period_pk>/me/",
        "GET",
        MEMBERS_X,
        url=lambda w: f"/assessment/periods/{w.period_published.pk}/me/",
    ),
    Access(
        "assessment/periods/<period_pk>/vote/",
        "GET",
        MEMBERS_X,
        url=lambda w: f"/assessment/periods/{w.period_democratic.pk}/vote/",
    ),
    Access(
        "assessment/periods/<period_pk>/vote/",
        "POST",
        MEMBERS_X,
        url=lambda w: f"/assessment/periods/{w.period_democratic.pk}/vote/",
        data=lambda w: {f"m{w.colleague_member.pk}": "competent"},
    ),
    Access("assessment/schemes/", "GET", SIGNED_IN),
    Access(
        "assessment/schemes/<pk>/",
        "GET",
        SIGNED_IN,
        url=lambda w: f"/assessment/schemes/{w.scheme.pk}/",
    ),
    Access(
        "assessment/schemes/<pk>/",
        "POST",
        SCHEME_AUTHORS,
        url=lambda w: f"/assessment/schemes/{w.draft_scheme.pk}/",
        data={"step": "activate"},
    ),
    Access("assessment/schemes/new/", "GET", SCHEME_AUTHORS),
    Access(
        "assessment/schemes/new/",
        "POST",
        SCHEME_AUTHORS,
        data={
            "post_type": "matrix new",
            "name": "New",
            "valid_from": "2030-01-01",
            "morality": "50",
            "performance": "50",
        },
    ),
    Access("assessment/targets/", "GET", SIGNED_IN),
    Access("assessment/targets/new/", "GET", MANAGERS),
    Access(
        "assessment/targets/new/",
        "POST",
        MANAGERS,
        data=lambda w: {
            "year": "2027",
            "indicator_code": "declarations",
            "unit": w.hall_x.pk,
            "value": "10",
        },
        why="manager_y may set targets of hall Y: hall X is not offered (form re-shown)",
    ),
    Access(
        "assessment/targets/<pk>/",
        "GET",
        REVIEWERS_X,
        url=lambda w: f"/assessment/targets/{w.target_x.pk}/",
        why="a cadre or an integrity officer sees only their own personal targets",
    ),
    Access(
        "assessment/targets/<pk>/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/assessment/targets/{w.target_x.pk}/",
        data={"step": "edit", "edit-value": "450", "edit-reason": "Matrix"},
    ),
    # Pages of managers and leaders.
    Access("assessment/periods/", "GET", REVIEWER_PAGES),
    Access(
        "assessment/periods/",
        "POST",
        MANAGERS,
        data=_period_body,
        why="manager_y may open periods of hall Y: hall X is not offered (form re-shown)",
    ),
    Access(
        "assessment/periods/<pk>/",
        "GET",
        REVIEWERS_X,
        url=lambda w: f"/assessment/periods/{w.period_democratic.pk}/",
    ),
    Access(
        "assessment/periods/<pk>/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/assessment/periods/{w.period_democratic.pk}/",
        data={"step": "compute"},
    ),
    Access(
        "assessment/periods/<pk>/scores/",
        "GET",
        REVIEWERS_X,
        url=lambda w: f"/assessment/periods/{w.period_democratic.pk}/scores/",
    ),
    Access(
        "assessment/periods/<pk>/scores/",
        "POST",
        MANAGERS_OF_X,
        url=lambda w: f"/assessment/periods/{w.period_democratic.pk}/scores/",
        data=lambda w: {f"s{w.score_x.pk}-actual": "77"},
    ),
    Access(
        "assessment/periods/<pk>/review/",
        "GET",
        REVIEWERS_X,
        url=lambda w: f"/assessment/periods/{w.period_review.pk}/review/",
    ),
    Access(
        "assessment/periods/<pk>/review/",
        "POST",
        LEADERS,
        url=lambda w: f"/assessment/periods/{w.period_review.pk}/review/",
        data={"step": "approve"},
    ),
    Access(
        "assessment/periods/<pk>/objections/",
        "GET",
        REVIEWERS_X,
        url=lambda w: f"/assessment/periods/{w.period_published.pk}/objections/",
    ),
    Access(
        "assessment/periods/<pk>/objections/",
        "POST",
        REVIEWERS_X,
        url=lambda w: f"/assessment/periods/{w.period_published.pk}/objections/",
        data=lambda w: {
            "objection": w.assessment_objection_x.pk,
            f"o{w.assessment_objection_x.pk}-decision": "rejected",
            f"o{w.assessment_objection_x.pk}-answer": "The count stands.",
        },
    ),
]
