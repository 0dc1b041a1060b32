"""Uploaded evidence: checked by content, name and size; reachable only through the
permission-checked, logged download views, never as a public media file.

(The type check, the size limit and the logged download through the API are in
tests/integrity_files/test_scope_and_api.py; the matrix declares both download routes.)
"""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve

from integrity_files import services
from integrity_files.errors import IntegrityFileError as E
from tests.integrity_files.conftest import draft, make_bureau

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def org(db):
    return make_bureau()


@pytest.fixture
def evidence(org):
    record = draft(org)
    # The browser says HTML; the content is a PDF: the content decides.
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="text/html")
    item = services.evidence_add(actor=org.officer_x.user, record=record, upload=upload)
    services.record_confirm(actor=org.officer_x.user, record=record)
    return item


def _as(staff=None) -> Client:
    client = Client()
    if staff is not None:
        client.force_login(staff.user)
    return client


def _downloads(evidence) -> list[str]:
    return [
        f"/integrity/evidence/{evidence.pk}/",
        f"/api/integrity/evidence/{evidence.pk}/download/",
    ]


def test_the_stored_file_is_not_served_from_any_media_or_guessed_url(org, evidence):
    assert not getattr(settings, "MEDIA_URL", "").strip("/")  # no media route at all
    name = evidence.file.name  # integrity/evidence/YYYY/MM/<stamp>.pdf, not the upload's name
    assert "scan" not in name
    for url in (f"/media/{name}", f"/{name}"):
        try:
            match = resolve(url)
        except Resolver404:
            continue
        assert match.url_name in {"api-not-found"} or match.route.startswith("integrity/"), url
    # With DEBUG (make test, the development server) /static/ is the static files' view,
    # which serves the apps' static folders only, never the evidence storage.
    officer = _as(org.officer_x)
    for url in (f"/media/{name}", f"/{name}", f"/static/{name}"):
        assert officer.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["other_cadre_x", "cadre_y", "officer_y", "manager_x"])
def test_only_those_who_may_read_the_file_download_its_evidence(org, evidence, who):
    client = _as(getattr(org, who))

    for url in _downloads(evidence):
        assert client.get(url).status_code == 404, url


def test_anonymous_downloads_are_refused(org, evidence):
    page, api = _downloads(evidence)

    assert _as().get(page).status_code == 302  # to the login page
    assert _as().get(api).status_code in (401, 403)


def test_a_download_is_an_attachment_of_the_sniffed_type_never_rendered_inline(org, evidence):
    response = _as(org.cadre_x).get(_downloads(evidence)[0])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("scan.png", PDF, E.EVIDENCE_TYPE),  # a PDF named as a picture
        ("scan.html", b"<html><script>alert(1)</script></html>", E.EVIDENCE_TYPE),
        ("scan", PNG, E.EVIDENCE_TYPE),  # no extension
        ("scan.pdf", b"", E.EVIDENCE_SIZE),
    ],
)
def test_an_upload_of_the_wrong_type_or_empty_is_refused_and_nothing_stored(
    org, name, content, code
):
    record = draft(org)

    with pytest.raises(ValidationError) as caught:
        services.evidence_add(
            actor=org.officer_x.user, record=record, upload=SimpleUploadedFile(name, content)
        )

    assert caught.value.error_dict["file"][0].code == code
    assert not record.evidence.exists()
