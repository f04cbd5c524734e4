"""``image`` and ``video`` say where their results went (a progress bar leaves nothing behind)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2

from tests.conftest import person_frame


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", *args], capture_output=True, text=True, timeout=120
    )


def test_image_names_what_it_wrote(tmp_path: Path) -> None:
    photo = tmp_path / "me.jpg"
    cv2.imwrite(str(photo), person_frame(160, 120))
    done = run("image", str(photo), "-o", str(tmp_path / "passport.png"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == f"zoomclone: wrote {tmp_path / 'passport.png'}"
    done = run("image", str(photo), "--output-dir", str(tmp_path / "out"))
    assert done.stderr.splitlines()[-1] == f"zoomclone: wrote the results to {tmp_path / 'out'}"


def test_video_names_what_it_wrote(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.mp4"
    done = run("video", str(clip), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == f"zoomclone: wrote {out}"
