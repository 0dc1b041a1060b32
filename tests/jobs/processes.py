"""Real worker processes for tests: `manage.py db_worker` against the test database.

On PostgreSQL the subprocess connects to the test database itself (the test commits, so it
sees the rows). SQLite's test database lives in this process's memory: it is copied to a
file for the worker (sqlite3's backup API) and copied back after, so the test reads and
acts on what the worker left.
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
        self.file = tmp_path / "worker.sqlite3"
        settings = connection.settings_dict
        if self.vendor == "postgresql":
            user = settings.get("USER") or "postgres"
            password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
            host = settings.get("HOST") or "127.0.0.1"
            port = settings.get("PORT") or 5432
            self.url = f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
        elif self.vendor == "sqlite":
            self.url = f"sqlite:///{self.file}"
        else:  # pragma: no cover
            raise RuntimeError(f"no worker process test on {self.vendor}")

    def push(self) -> None:
        """Make this process's committed rows visible to a worker process."""
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def pull(self) -> None:
        """Make what the worker process wrote visible to this process."""
        if self.vendor == "sqlite":
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

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
