"""Shared fixtures: synthetic frames, and the evaluation data beside the project (if present)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path in ../shared/data, or skip the test when the evaluation data is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not present: {path}")
    return path


def person_frame(width: int = 320, height: int = 180) -> np.ndarray:
    """A dark frame with a bright 'person' blob in the middle (what the fake segmenter sees)."""
    frame = np.full((height, width, 3), 40, np.uint8)
    cv2.ellipse(
        frame, (width // 2, height // 2), (width // 6, height // 3), 0, 0, 360, (220, 200, 180), -1
    )
    return frame


@pytest.fixture
def frame() -> np.ndarray:
    return person_frame()


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Config, data and runtime folders of a made-up user, so tests never meet a real zoomclone.

    The runtime folder is short: a Unix socket path must stay under ~100 bytes.
    """
    runtime = Path(tempfile.mkdtemp(prefix="zc"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    yield runtime
    shutil.rmtree(runtime, ignore_errors=True)


CLIP_FRAMES = 12


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (320, 240))
    for i in range(CLIP_FRAMES):
        frame = person_frame(320, 240)
        frame[:, : 4 + i] = 90
        writer.write(frame)
    writer.release()
    return path
