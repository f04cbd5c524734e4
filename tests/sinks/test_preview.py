"""The preview window for real, on a virtual X display (skipped where Xvfb is not installed)."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

XVFB_START_S = 30.0


@pytest.fixture
def virtual_display() -> Iterator[str]:
    """A fresh Xvfb on a free display number (Xvfb picks it and says which through -displayfd)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt install xvfb)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1024x768x24"],
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], XVFB_START_S)
        number = os.read(read_end, 16).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        os.close(read_end)
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
