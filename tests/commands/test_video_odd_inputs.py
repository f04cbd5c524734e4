"""``zoomclone video`` on inputs a user may hand it by mistake or from odd recorders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def video(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", "video", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("name", ["notes.txt", "fake.jpg", "fake.mp4"])
def test_a_text_file_is_not_a_video_in_one_line(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_text("hello, this is not a video\n")
    done = video(name, "-o", "out.mp4", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        f"zoomclone: error: cannot open {name}: not a video FFmpeg can decode (.mp4, .avi, .mov)\n"
    )
    assert not (tmp_path / "out.mp4").exists()
