"""``--vcam-backend record`` tries the whole virtual-camera path without a device, and says so:
it never tells the user to pick a camera named "record" in a call app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_the_record_backend_is_not_announced_as_a_camera_to_choose(clip: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "virtual",
         "--vcam-backend", "record", "--frames", "5", "--no-panel", "--no-control-socket"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "choose the camera" not in done.stderr
    assert (
        "zoomclone: sending to the record backend: no camera for call apps, it only counts the "
        "frames (to try the whole path)\n"
    ) in done.stderr
    assert "zoomclone: the record backend received 5 frames of 320x240" in done.stderr
