"""The preview window for real, on a virtual X display (skipped where Xvfb is not installed)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

DISPLAY = ":87"


@pytest.fixture
def virtual_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt install xvfb)")
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", "1024x768x24"], stderr=subprocess.DEVNULL
    )
    time.sleep(1.0)
    try:
        yield DISPLAY
    finally:
        server.terminate()
        server.wait(10)


def test_the_preview_window_shows_every_frame_and_closes(
    virtual_display: str,
    clip: Path,
    tmp_path: Path,
) -> None:
    stats = tmp_path / "s.json"
    env = {**os.environ, "DISPLAY": virtual_display}
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "preview",
         "--frames", "20", "--no-control-socket", "--stats-json", str(stats)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(stats.read_text())["frames"] == 20
