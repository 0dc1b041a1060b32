"""Benchmark: `export_all` and `import_all` of a province, with every row and its history.

Builds `seed_demo --scale N` halls (default 20: about 800 staff with their posts, pairs,
leave, rosters, assessment and history) in a throwaway SQLite file, exports it with
`export_all`, migrates a second empty SQLite file and loads the export with `import_all`.
Export and import each run in a process of their own (one database each, as on the
command line), timed inside the process around the operation alone, with every SQL
statement counted. Set BENCH_SOURCE_URL and BENCH_TARGET_URL to two PostgreSQL databases of
your own to measure there (both are migrated and flushed: give databases that hold nothing
you need).

Run: `DEBUG=1 .venv/bin/python benchmarks/backup.py [halls]` from the repository root.
Prints one JSON line: halls, rows, file_mb, export_s, export_queries, import_s,
import_queries, queries_per_1000_rows (import), lost (rows counted on export and not
found on import: must be 0).
Targets: lost == 0; import queries do not grow with rows (a few per model, plus one per
chunk of inserts), so a province restores in minutes, not hours. `pg_dump` stays the
nightly backup of a PostgreSQL installation; this is the portable form.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(url: str) -> None:
    os.environ.update({"DATABASE_URL": url, "DEBUG": "1"})
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _counted(operation):
    """Run `operation()` timing it and counting its SQL statements."""
    from django.db import connection

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = operation()
        seconds = time.perf_counter() - started
    return result, seconds, statements


def _phase_export(url: str, path: str) -> None:
    _setup(url)
    from kernel import backup

    with open(path, "w", encoding="utf-8") as stream:
        counts, seconds, statements = _counted(lambda: backup.export_all(stream))
    print(json.dumps({"rows": sum(counts.values()), "s": seconds, "queries": statements}))


def _phase_import(url: str, path: str) -> None:
    _setup(url)
    from kernel import backup

    with open(path, encoding="utf-8") as stream:
        counts, seconds, statements = _counted(lambda: backup.import_all(stream))
    print(json.dumps({"rows": sum(counts.values()), "s": seconds, "queries": statements}))


def _run(*args: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def main(argv: list[str]) -> None:
    halls = int(argv[0]) if argv else 20
    tmp = tempfile.TemporaryDirectory(prefix="hallmark-backup-bench-")
    source = os.environ.get("BENCH_SOURCE_URL") or f"sqlite:///{tmp.name}/source.sqlite3"
    target = os.environ.get("BENCH_TARGET_URL") or f"sqlite:///{tmp.name}/target.sqlite3"
    dump = f"{tmp.name}/export.json"
    base_env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    base_env["DEBUG"] = "1"
    source_env = {**base_env, "DATABASE_URL": source}
    target_env = {**base_env, "DATABASE_URL": target}
    for env in (source_env, target_env):
        _run("manage.py", "migrate", "-v0", env=env)
        if not env["DATABASE_URL"].startswith("sqlite"):
            _run("manage.py", "flush", "--noinput", "-v0", env=env)  # a database of yours
    _run("manage.py", "seed_demo", "--scale", str(halls), env=source_env)
    exported = json.loads(_run(__file__, "--export", source, dump, env=source_env))
    imported = json.loads(_run(__file__, "--import", target, dump, env=target_env))
    print(
        json.dumps(
            {
                "halls": halls,
                "rows": exported["rows"],
                "file_mb": round(os.path.getsize(dump) / 1e6, 1),
                "export_s": round(exported["s"], 2),
                "export_queries": exported["queries"],
                "import_s": round(imported["s"], 2),
                "import_queries": imported["queries"],
                "queries_per_1000_rows": round(
                    1000 * imported["queries"] / max(imported["rows"], 1), 1
                ),
                "lost": exported["rows"] - imported["rows"],
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("--export", "--import"):
        phase = _phase_export if sys.argv[1] == "--export" else _phase_import
        phase(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1:])
