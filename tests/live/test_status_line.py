"""The terminal status line and the summary after a run."""

from __future__ import annotations

import io
import logging
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from zoomclone.live.status_line import StatusLine, status_text, summary_line

STATUS = {"background": "bokeh-blue.jpg", "effect": True, "fps": 29.84, "camera": "ok"}


def test_status_text_names_background_effect_fps_and_camera() -> None:
    assert status_text(STATUS) == ("zoomclone: bokeh-blue.jpg | effect on | 29.8 fps | camera ok")


def test_summary_line_says_frames_fps_and_skipped() -> None:
    line = summary_line({"frames": 300, "duration_s": 10.02, "fps": 29.94, "dropped_frames": 2})
    assert line == "zoomclone: sent 300 frames in 10.0 s (29.9 fps), 2 input frames skipped"
    one = summary_line({"frames": 3, "duration_s": 0.5, "fps": 6.6, "dropped_frames": 1})
    assert one.endswith(", 1 input frame skipped")


def test_no_status_line_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with StatusLine(lambda: STATUS, stream) as line:
        assert not line.active
    assert stream.getvalue() == ""


def _read_all(fd: int, process: subprocess.Popen[bytes], timeout_s: float) -> bytes:
    out = b""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break  # the child closed the terminal
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    return out


def test_live_on_a_terminal_rewrites_one_status_line_and_prints_a_summary(
    clip: Path,
) -> None:
    controller, child = pty.openpty()
    command = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip)]
    process = subprocess.Popen(
        [*command, "--output", "null", "--background", "white", "--frames", "45"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=child,
    )
    os.close(child)
    try:
        text = _read_all(controller, process, 60).decode(errors="replace")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        os.close(controller)
    assert "\rzoomclone: white | effect on | " in text
    assert "\x1b[K" in text
    assert "zoomclone: sent 45 frames in " in text
    assert text.count("\n") < 15  # rewritten in place, not one line per update


def test_a_warning_clears_the_status_line_first() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    with StatusLine(lambda: STATUS, stream):
        logging.getLogger("zoomclone.test").warning("zoomclone: camera is back")
    assert "\r\x1b[Kzoomclone: camera is back\n" in stream.getvalue()
