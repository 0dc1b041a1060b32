"""The demo hall's integrity files: what `seed_demo` adds through the registered builder."""

from io import StringIO

import pytest
from django.core.management import call_command

from integrity_files.demo import build_integrity_demo
from integrity_files.models import IntegrityRecord, RecordResponse, Talk, TrainingCredit
from staffmgmt import extensions as staff_extensions

pytestmark = pytest.mark.django_db


def _counts():
    return (
        IntegrityRecord.objects.count(),
        IntegrityRecord.history.count(),
        RecordResponse.objects.count(),
        Talk.objects.count(),
        TrainingCredit.objects.count(),
    )


def test_the_builder_is_registered_on_staffmgmts_demo_extension_point():
    assert build_integrity_demo in staff_extensions.demo_builders


def test_seed_demo_fills_the_cadres_file_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())

    assert first[0] == 3
    assert set(RecordResponse.objects.values_list("status", flat=True)) == {
        "acknowledged",
        "open",
    }
    assert _counts() == first
