"""Settings of benchmarks/feedback.py: the real ones, plus the bare view's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.feedback_urls"
