"""Where the browser tests find Chromium (Debian's `chromium`, or HALLMARK_CHROMIUM)."""

import os
import shutil

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]


def find_chromium() -> str | None:
    configured = os.environ.get("HALLMARK_CHROMIUM")
    if configured:
        return configured if os.path.exists(configured) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")
