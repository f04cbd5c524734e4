"""--input scaled to a --size of another shape keeps the person's proportions (--fit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from zoomclone.sources.video import VideoFileSource

RED = (0, 0, 255)


@pytest.fixture
def square_clip(tmp_path: Path) -> Path:
    """200x200 grey frames with a red band over the top quarter."""
    path = tmp_path / "square.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (200, 200))
    for _ in range(3):
        frame = np.full((200, 200, 3), 128, np.uint8)
        frame[:50] = RED
        writer.write(frame)
    writer.release()
    return path


def first_frame(path: Path, fit: str) -> np.ndarray:
    with VideoFileSource(str(path), size=(400, 200), fit=fit) as source:
        frame = source.read()
    assert frame is not None and frame.shape == (200, 400, 3)
    return frame


def is_red(pixel: np.ndarray) -> bool:
    return bool(pixel[2] > 200 and pixel[1] < 60)


def test_cover_crops_instead_of_stretching(square_clip: Path) -> None:
    frame = first_frame(square_clip, "cover")
    assert not is_red(frame[5, 200])  # the band was cropped off with the top rows


def test_contain_shows_all_on_black_bars(square_clip: Path) -> None:
    frame = first_frame(square_clip, "contain")
    assert frame[100, 5].max() < 20  # a bar at the side
    assert is_red(frame[5, 200])


def test_stretch_is_still_there_when_asked(square_clip: Path) -> None:
    frame = first_frame(square_clip, "stretch")
    assert is_red(frame[5, 5]) and is_red(frame[5, 395])


def test_live_takes_fit(square_clip: Path, tmp_path: Path) -> None:
    live = [sys.executable, "-m", "zoomclone", "live", "--input", str(square_clip), "--frames"]
    done = subprocess.run(
        [
            *live,
            "2",
            "--size",
            "400x200",
            "--fit",
            "contain",
            "--output",
            "null",
            "--no-control-socket",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
