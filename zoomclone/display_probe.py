"""Can this session open a window? Asked of a child process, because a display that is set but
unusable (a stale ``DISPLAY=:98``, Wayland with a Qt build that has only xcb) makes Qt abort the
whole process (SIGABRT, exit 134) inside ``cv2.namedWindow``: no exception to catch."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Mapping

PROBE_TIMEOUT_S = 10.0  # importing cv2 and opening a window takes ~0.5 s on the 2-core machine
PROBE_CODE = (
    "import cv2; cv2.namedWindow('zoomclone-probe', cv2.WINDOW_NORMAL); cv2.waitKey(1); "
    "cv2.destroyAllWindows()"
)


def display_name() -> str:
    """The display the session points at, as the user would write it."""
    for name in ("WAYLAND_DISPLAY", "DISPLAY"):
        if os.environ.get(name):
            return f"{name}={os.environ[name]}"
    return "no DISPLAY"


@functools.cache
def display_problem() -> str | None:
    """``window_problem`` for this process's display, asked once."""
    return window_problem(None)


def window_problem(environ: Mapping[str, str] | None) -> str | None:
    """None when a window opens with ``environ`` (None: this process's); else why not, in a few
    words (Qt's first line, such as "qt.qpa.xcb: could not connect to display :98")."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", PROBE_CODE],
            env=None if environ is None else dict(environ),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"opening a window did not finish in {PROBE_TIMEOUT_S:g} s"
    except OSError as err:
        return f"cannot start the display check: {err.strerror or err}"
    if result.returncode == 0:
        return None
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    return lines[0] if lines else f"a test window failed (exit {result.returncode})"
