"""Permission matrix rows of integrity files: records, answers, objections, talks,
credits, requirements, summaries, the access log, evidence.

A file is read by its cadre (confirmed records only), the integrity officers keeping it and
leadership; written by the officers; answered by its cadre; its summary is what managers
see. `record_x` is a confirmed record of cadre_x with an evidence file, `draft_x` a draft,
`objection_x` cadre_x's open objection to another record, `proposal_x` a draft proposed
from a late check-in.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permissions.matrix import SIGNED_IN, Access

KEEPERS = frozenset({"integrity", "admin"})
# cadre_x's file: the cadre, the bureau's integrity officer, leadership, the administrator.
READS_FILE_X = frozenset({"cadre_x", "integrity", "leader", "admin"})
# The access log and objections: the cadre and the keepers, not leadership.
OWNER_AND_KEEPERS = frozenset({"cadre_x", "integrity", "admin"})
CADRE_X = frozenset({"cadre_x"})
STAFF = SIGNED_IN - {"admin"}  # people with a staff record (the superuser has none)

R = "/api/integrity/records/"


def _record_data(w):
    return {
        "staff": w.cadre_x.pk,
        "category": "diligence",
        "kind": "violation",
        "occurred_on": (w.today - timedelta(days=1)).isoformat(),
        "facts": "Late.",
        "source": "inspection",
        "points": -1,
    }


ACCESS = [
    Access("api/integrity/records/", "GET", SIGNED_IN),
    Access("api/integrity/records/", "POST", KEEPERS, data=_record_data),
    Access(
        "api/integrity/records/<pk>/", "GET", READS_FILE_X, url=lambda w: f"{R}{w.record_x.pk}/"
    ),
    Access(
        "api/integrity/records/<pk>/",
        "PATCH",
        KEEPERS,
        url=lambda w: f"{R}{w.draft_x.pk}/",
        data={"points": -3},
    ),
    Access(
        "api/integrity/records/<pk>/confirm/",
        "POST",
        KEEPERS,
        url=lambda w: f"{R}{w.draft_x.pk}/confirm/",
    ),
    Access(
        "api/integrity/records/<pk>/dismiss/",
        "POST",
        KEEPERS,
        url=lambda w: f"{R}{w.draft_x.pk}/dismiss/",
        data={"reason": "Did not hold."},
    ),
    Access(
        "api/integrity/records/<pk>/correct/",
        "POST",
        KEEPERS,
        url=lambda w: f"{R}{w.record_x.pk}/correct/",
        data={"reason": "Typo.", "points": -1},
    ),
    Access(
        "api/integrity/records/<pk>/evidence/",
        "POST",
        KEEPERS,
        url=lambda w: f"{R}{w.draft_x.pk}/evidence/",
    ),
    Access(
        "api/integrity/records/<pk>/acknowledge/",
        "POST",
        CADRE_X,
        url=lambda w: f"{R}{w.record_x.pk}/acknowledge/",
        why="only the cadre the record is about answers it",
    ),
    Access(
        "api/integrity/records/<pk>/object/",
        "POST",
        CADRE_X,
        url=lambda w: f"{R}{w.record_x.pk}/object/",
        data={"statement": "Not so."},
    ),
    Access("api/integrity/objections/", "GET", SIGNED_IN),
    Access(
        "api/integrity/objections/<pk>/",
        "GET",
        OWNER_AND_KEEPERS,
        url=lambda w: f"/api/integrity/objections/{w.objection_x.pk}/",
    ),
    Access(
        "api/integrity/objections/<pk>/decide/",
        "POST",
        KEEPERS,
        url=lambda w: f"/api/integrity/objections/{w.objection_x.pk}/decide/",
        data={"upheld": False, "reason": "The check-in log shows the time."},
        why="the officer who recorded it is refused with a 400 (a party to the record)",
    ),
    Access("api/integrity/talks/", "GET", SIGNED_IN),
    Access(
        "api/integrity/talks/",
        "POST",
        KEEPERS,
        data=lambda w: {
            "staff": w.cadre_x.pk,
            "kind": "reminder",
            "held_on": w.today.isoformat(),
            "participants": "A, B",
            "summary": "Talked.",
        },
    ),
    Access(
        "api/integrity/talks/<pk>/",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/api/integrity/talks/{w.talk_x.pk}/",
    ),
    Access(
        "api/integrity/talks/<pk>/follow-up-done/",
        "POST",
        KEEPERS,
        url=lambda w: f"/api/integrity/talks/{w.talk_x.pk}/follow-up-done/",
        data={"note": "Talked again."},
    ),
    Access("api/integrity/credits/", "GET", SIGNED_IN),
    Access(
        "api/integrity/credits/",
        "POST",
        KEEPERS,
        data=lambda w: {
            "staff": w.cadre_x.pk,
            "course": "Tax law",
            "hours": "2",
            "credits": "1",
            "completed_on": w.today.isoformat(),
        },
    ),
    Access(
        "api/integrity/credits/<pk>/",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/api/integrity/credits/{w.credit_x.pk}/",
    ),
    Access("api/integrity/credit-requirements/", "GET", SIGNED_IN),
    Access(
        "api/integrity/credit-requirements/",
        "POST",
        KEEPERS,
        data=lambda w: {"unit": w.hall_x.pk, "year": w.today.year, "required_credits": "8"},
    ),
    Access(
        "api/integrity/credit-requirements/<pk>/",
        "GET",
        frozenset({"cadre_x", "manager_x", "integrity", "leader", "admin"}),
        url=lambda w: f"/api/integrity/credit-requirements/{w.requirement_x.pk}/",
    ),
    Access("api/integrity/access-log/", "GET", SIGNED_IN),
    Access(
        "api/integrity/access-log/<pk>/",
        "GET",
        OWNER_AND_KEEPERS,
        url=lambda w: f"/api/integrity/access-log/{w.access_x.pk}/",
    ),
    Access(
        "api/integrity/summaries/",
        "GET",
        SIGNED_IN,
        url=lambda w: (
            f"/api/integrity/summaries/?start={w.today.year}-01-01&end={w.today.year}-12-31"
        ),
    ),
    Access(
        "api/integrity/evidence/<pk>/download/",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/api/integrity/evidence/{w.evidence_x.pk}/download/",
    ),
    Access("integrity/", "GET", frozenset({"integrity", "leader", "admin"})),
    Access("integrity/mine/", "GET", STAFF),
    Access(
        "integrity/files/<staff_pk>/",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/integrity/files/{w.cadre_x.pk}/",
    ),
    Access(
        "integrity/files/<staff_pk>/",
        "POST",
        KEEPERS,
        url=lambda w: f"/integrity/files/{w.cadre_x.pk}/",
        data={"op": "talk"},
    ),
    Access(
        "integrity/files/<staff_pk>/print/",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/integrity/files/{w.cadre_x.pk}/print/",
    ),
    Access(
        "integrity/files/<staff_pk>/export.xlsx",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/integrity/files/{w.cadre_x.pk}/export.xlsx",
    ),
    Access(
        "integrity/files/<staff_pk>/access-log/",
        "GET",
        OWNER_AND_KEEPERS,
        url=lambda w: f"/integrity/files/{w.cadre_x.pk}/access-log/",
    ),
    Access(
        "integrity/records/<pk>/",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/integrity/records/{w.record_x.pk}/",
    ),
    Access(
        "integrity/records/<pk>/",
        "POST",
        CADRE_X,
        url=lambda w: f"/integrity/records/{w.record_x.pk}/",
        data={"op": "acknowledge"},
    ),
    Access("integrity/objections/", "GET", KEEPERS),
    Access("integrity/proposals/", "GET", KEEPERS),
    Access(
        "integrity/proposals/",
        "POST",
        KEEPERS,
        data=lambda w: {"op": "confirm", "record": w.proposal_x.pk},
        why="the proposal is in cadre_x's file: only the officers keeping it find it",
    ),
    Access("integrity/summary/", "GET", SIGNED_IN),
    Access(
        "integrity/evidence/<pk>/",
        "GET",
        READS_FILE_X,
        url=lambda w: f"/integrity/evidence/{w.evidence_x.pk}/",
    ),
    Access("integrity/notices/read/", "POST", SIGNED_IN),
]


def extend_world(world):
    from integrity_files import services
    from integrity_files.models import FileAccess

    officer = world.integrity.user
    day = world.today - timedelta(days=2)

    def draft(points=-2):
        return services.record_create(
            actor=officer,
            staff=world.cadre_x,
            category="diligence",
            kind="violation",
            occurred_on=day,
            facts="Late for noon duty.",
            source="duty_checkin",
            points=points,
        )

    record = draft()
    evidence = services.evidence_add(
        actor=officer,
        record=record,
        upload=SimpleUploadedFile("log.pdf", b"%PDF-1.4 check-in log", "application/pdf"),
    )
    record = services.record_confirm(actor=officer, record=record)
    objected = services.record_confirm(actor=officer, record=draft(points=-1))
    objection = services.objection_lodge(
        actor=world.cadre_x.user, record=objected, statement="I had leave that day."
    )
    talk = services.talk_record(
        actor=officer,
        staff=world.cadre_x,
        kind="routine",
        held_on=day,
        participants="Officer, Cadre X",
        summary="A routine talk.",
        follow_up="Talk again after the holiday.",
    )
    credit = services.training_credit_record(
        actor=officer,
        staff=world.cadre_x,
        course="Tax law",
        hours=Decimal(4),
        credits=Decimal(2),
        completed_on=day,
    )
    requirement = services.credit_requirement_set(
        actor=officer, unit=world.hall_x, year=world.today.year, required_credits=Decimal(10)
    )
    services.file_access_record(
        viewer=officer, staff_ids=[world.cadre_x.pk], what=FileAccess.What.FILE_PAGE
    )
    proposal = services.record_propose(
        staff=world.cadre_x,
        category="work_style",
        kind="violation",
        occurred_on=day,
        facts="Checked in late.",
        source="duty_checkin",
        source_ref="roster.checkin:matrix",
    )
    world.add(
        proposal_x=proposal,
        record_x=record,
        draft_x=draft(),
        evidence_x=evidence,
        objection_x=objection,
        talk_x=talk,
        credit_x=credit,
        requirement_x=requirement,
        access_x=FileAccess.objects.filter(staff=world.cadre_x).latest("id"),
    )
