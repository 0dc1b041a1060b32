"""The import layers (docs/house-style.md): every HallMark app has a declared layer, and
the import-linter contracts in pyproject.toml hold (`make lint` runs them too)."""

import re
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from importlinter.cli import lint_imports

BASE_DIR = Path(settings.BASE_DIR)
IMPORTLINTER = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["importlinter"]


def _our_apps() -> set[str]:
    return {app.name for app in apps.get_app_configs() if Path(app.path).parent == BASE_DIR} | {
        "config"
    }


def _layered() -> set[str]:
    [layers] = [c for c in IMPORTLINTER["contracts"] if c["type"] == "layers"]
    return {name.strip("() ") for layer in layers["layers"] for name in re.split(r"[|:]", layer)}


def test_every_hallmark_app_is_checked_by_the_import_linter():
    assert _our_apps() <= set(IMPORTLINTER["root_packages"])


def test_every_hallmark_app_has_a_layer():
    """A new app says where it sits (docs/house-style.md, "How to add an app")."""
    assert _our_apps() <= _layered()


def test_the_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(BASE_DIR)
    assert lint_imports(no_cache=True, no_logo=True) == 0
