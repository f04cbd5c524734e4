"""``zoomclone video`` on inputs a user may hand it by mistake or from odd recorders."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
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


FRAMES = 24
RATE = 30


def every_frame_stamped_zero(path: Path) -> None:
    """A video whose frames all carry timestamp 0, as some recorders write."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=RATE)
        stream.width, stream.height, stream.pix_fmt = 96, 64, "yuv420p"
        for i in range(FRAMES):
            image = np.full((64, 96, 3), 8 * i, np.uint8)
            picture = av.VideoFrame.from_ndarray(image, format="bgr24")
            picture.time_base, picture.pts = Fraction(1, 30000), None  # muxed as 0
            out.mux(stream.encode(picture))
        out.mux(stream.encode())


def shown_for_s(path: Path) -> float:
    """From the first frame's start to the last one's, in seconds."""
    with av.open(str(path)) as video:
        stream = video.streams.video[0]
        times = [float(f.pts * f.time_base) for f in video.decode(stream) if f.pts is not None]
    assert len(times) == FRAMES
    return max(times) - min(times)


@pytest.mark.parametrize("output", ["out.mp4", "out.avi"])
def test_a_video_with_every_frame_stamped_zero_keeps_its_length(
    output: str, tmp_path: Path
) -> None:
    every_frame_stamped_zero(tmp_path / "zero.mp4")
    done = video("zero.mp4", "-o", output, "--background", "white", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert shown_for_s(tmp_path / output) == pytest.approx((FRAMES - 1) / RATE, rel=0.1)
