"""The lock files pin every dependency of pyproject.toml, each with hashes (`make lock`)."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    return canonical(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec).group(0))


def pins(lock: str) -> dict[str, list[str]]:
    """name -> the hashes of its pinned line, from a pip requirements file with hashes."""
    text = (ROOT / lock).read_text().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("--") else line
        if not line or line.startswith("#"):
            continue
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(\S+)", line)
        assert match, f"{lock}: an unpinned line: {line!r}"
        found[canonical(match.group(1))] = re.findall(r"--hash=sha256:[0-9a-f]{64}", line)
    return found


RUNTIME = [requirement_name(spec) for spec in PYPROJECT["project"]["dependencies"]]
DEV = [requirement_name(spec) for spec in PYPROJECT["project"]["optional-dependencies"]["dev"]]


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [("requirements.lock", RUNTIME), ("requirements-dev.lock", RUNTIME + DEV)],
)
def test_every_dependency_is_pinned_with_hashes(lock, wanted):
    pinned = pins(lock)

    missing = sorted(set(wanted) - set(pinned))
    assert not missing, f"{lock} lacks {missing}: run `make lock`"
    assert "setuptools" in pinned, "the build backend is installed from the lock too"
    unhashed = sorted(name for name, hashes in pinned.items() if not hashes)
    assert not unhashed


def test_the_dev_lock_keeps_the_runtime_versions():
    runtime = (ROOT / "requirements.lock").read_text()
    dev = (ROOT / "requirements-dev.lock").read_text()
    versions = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*==\S+)", re.MULTILINE)

    assert set(versions.findall(runtime)) <= set(versions.findall(dev))


def test_the_makefile_installs_from_the_locks_only():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line.strip() for line in makefile.splitlines() if "$(PIP) install" in line]

    assert "$(PIP) install --quiet --require-hashes -r requirements.lock" in installs
    assert "$(PIP) install --quiet --require-hashes -r requirements-dev.lock" in installs
    assert "$(PIP) install --quiet --no-deps --no-build-isolation -e ." in installs
    # The only other install is `make lock`'s own tool.
    assert set(installs) - {
        "$(PIP) install --quiet --require-hashes -r requirements.lock",
        "$(PIP) install --quiet --require-hashes -r requirements-dev.lock",
        "$(PIP) install --quiet --no-deps --no-build-isolation -e .",
    } == {"$(PIP) install --quiet uv"}
