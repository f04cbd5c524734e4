"""`zoomclone video --background none` with effects: every frame written is its own."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from zoomclone.commands import video_run
from zoomclone.commands.video_run import VideoOptions, run_video
from zoomclone.effects.chain import EffectsConfig
from zoomclone.segmentation.fake import FakeSegmenter, ellipse_mask

SIZE = (320, 180)
FRAMES = 24
SKIN = np.array([120, 150, 200])  # BGR: inside the touch-up's skin range


def _numbered(tmp_path: Path) -> Path:
    """Flat skin-coloured frames, frame i brighter by i: its number survives a crop."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(FRAMES):
        frame = np.empty((SIZE[1], SIZE[0], 3), np.uint8)
        frame[:] = SKIN + i
        cv2.imwrite(str(folder / f"{i:03d}.png"), frame)
    return folder


@pytest.mark.parametrize(
    "effects",
    [EffectsConfig(framing=True), EffectsConfig(touch_up=1.0)],
    ids=["framing", "touch-up"],
)
def test_a_slow_writer_still_gets_each_frame_not_a_later_one(
    effects: EffectsConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(video_run, "open_segmenter", lambda *a, **k: FakeSegmenter(ellipse_mask))
    write = video_run._Output.write

    def slow(self: Any, frame: np.ndarray, pts: int) -> None:
        time.sleep(0.01)  # compositing runs ahead, as it does before a slow encoder
        write(self, frame, pts)

    monkeypatch.setattr(video_run._Output, "write", slow)
    target = tmp_path / "out" / "%03d.png"
    options = VideoOptions(
        str(_numbered(tmp_path)), str(target), "none", "general", effects=effects
    )
    assert run_video(options) == 0
    for i in range(FRAMES):
        written = cv2.imread(str(target.parent / f"{i:03d}.png"))
        assert np.abs(written.reshape(-1, 3).mean(axis=0) - (SKIN + i)).max() < 0.5, i
