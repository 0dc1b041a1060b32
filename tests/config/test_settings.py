"""Production refuses to start without its own secret key; development has a default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_wsgi_application_refuses_to_start_without_a_secret_key_in_production():
    result = run_python("import config.wsgi", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_wsgi_application_starts_with_a_secret_key_in_production():
    result = run_python("import config.wsgi", DEBUG="0", SECRET_KEY="a-real-production-secret")

    assert result.returncode == 0, result.stderr


def test_development_gets_a_key_of_its_own_and_production_none():
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; print(settings.SECRET_KEY)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings"}

    development = run_python(code, DEBUG="1", **env)
    production = run_python(code, DEBUG="0", **env)

    assert "development-only" in development.stdout
    assert production.returncode != 0 and "SECRET_KEY" in production.stderr
