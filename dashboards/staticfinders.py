"""plotly.js from the plotly package itself, as a static file of this app.

Halls run on closed networks: the page loads plotly.js from this server, never a CDN. The
Python package already ships the matching build (`plotly/package_data/plotly.min.js`);
this finder exposes it as `dashboards/plotly.min.js`, so `collectstatic` copies it and
WhiteNoise serves it compressed and cached, with no 4 MB copy in the repository and no
chance of a Python/JS version mismatch.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = "dashboards/plotly.min.js"
_SOURCE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class _PlotlyStorage(FileSystemStorage):
    """The package_data folder, seen under the `dashboards/` prefix."""

    def __init__(self):
        super().__init__(location=str(_SOURCE.parent))
        self.prefix = "dashboards"


class PlotlyFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == PLOTLY_JS and _SOURCE.exists():
            return [str(_SOURCE)] if find_all or kwargs.get("all") else str(_SOURCE)
        # Not None: django.contrib.staticfiles.finders.find() collects what each finder
        # returns, and a None among them made every missing /static/ file a 500 (DEBUG).
        return []

    def list(self, ignore_patterns):
        if _SOURCE.exists():
            yield _SOURCE.name, _PlotlyStorage()
