"""Real worker processes for tests: `manage.py db_worker` against the test database.

The subprocess connects to the test database itself (PostgreSQL, or the SQLite file of
tests/conftest.py); the tests that use it commit (transactional), so it sees their rows.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


class SharedDatabase:
    def __init__(self, tmp_path: Path) -> None:
        self.vendor = connection.vendor
        settings = connection.settings_dict
        if self.vendor == "postgresql":
            user = settings.get("USER") or "postgres"
            password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
            host = settings.get("HOST") or "127.0.0.1"
            port = settings.get("PORT") or 5432
            self.url = f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
        elif self.vendor == "sqlite":
            # The test database is a file (tests/conftest.py): the worker opens it too.
            self.file = Path(settings["NAME"])
            self.url = f"sqlite:///{self.file}"
        else:  # pragma: no cover
            raise RuntimeError(f"no worker process test on {self.vendor}")

    def push(self) -> None:
        """Make this process's rows visible to a worker process: they are committed
        (transactional tests) in a database both open; nothing to copy."""

    def pull(self) -> None:
        """Make what the worker process wrote visible here: a fresh read sees it."""
        connection.close()

    def read(self, sql: str, params=()) -> list[tuple]:
        """A query against the worker's view of the database, without copying it back."""
        if self.vendor == "sqlite":
            db = sqlite3.connect(self.file, timeout=20)
            try:
                return db.execute(sql, params).fetchall()
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def env(self, **extra: str) -> dict[str, str]:
        env = {**os.environ, "DATABASE_URL": self.url, "DEBUG": "1", **extra}
        env.pop("REDIS_URL", None)
        return env

    @contextmanager
    def worker(self, *args: str, **env: str):
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--queue-name",
                "*",
                *args,
            ],
            cwd=ROOT,
            env=self.env(**env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait(30)
            if process.stderr:
                process.stderr.close()
