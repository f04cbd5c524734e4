"""Shared fixtures: synthetic frames, and the evaluation data beside the project (if present)."""

from __future__ import annotations

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
