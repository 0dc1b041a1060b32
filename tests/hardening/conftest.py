"""Fixtures of the hardening tests."""

import io
import logging

import pytest

from kernel.logging import JsonFormatter


@pytest.fixture
def log_lines():
    """Every line the configured handlers write while the test runs, as text."""
    stream = io.StringIO()
    loggers = [logging.getLogger(), logging.getLogger("hallmark.requests")]
    saved = []
    for logger in loggers:
        saved.append((logger, logger.level))
        logger.setLevel(logging.INFO)
        for handler in logger.handlers:
            if handler.name in {"console", "requests"}:  # config.settings.LOGGING's
                saved.append((handler, handler.setStream(stream), handler.formatter))
                handler.setFormatter(JsonFormatter())
    django_logger = logging.getLogger("django")
    saved.append((django_logger, django_logger.level))
    django_logger.setLevel(logging.INFO)
    yield stream.getvalue
    for item in saved:
        if len(item) == 2:
            item[0].setLevel(item[1])
        else:
            handler, old_stream, formatter = item
            handler.setStream(old_stream)
            handler.setFormatter(formatter)
