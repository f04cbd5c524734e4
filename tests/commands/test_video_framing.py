"""`zoomclone video --frame auto`: a recording is framed with look-ahead, on a fake segmenter."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from zoomclone.commands import video_run
from zoomclone.commands.video_run import VideoOptions, run_video
from zoomclone.effects.chain import EffectsConfig
from zoomclone.segmentation.fake import FakeSegmenter

SIZE = (320, 180)
FRAMES = 60


def _walker(tmp_path: Path) -> Path:
    """A bright 'person' 40 px wide walking right at 30 px/s (1 px per frame) on dark grey."""
    folder = tmp_path / "walk"
    folder.mkdir()
    for i in range(FRAMES):
        frame = np.full((SIZE[1], SIZE[0], 3), 30, np.uint8)
        x = 130 + i
        frame[50:, x - 20 : x + 20] = 220
        cv2.imwrite(str(folder / f"{i:03d}.png"), frame)
    return folder


def _framed(tmp_path: Path, folder: Path, threads: bool) -> list[np.ndarray]:
    target = tmp_path / f"out-{threads}" / "%03d.png"
    options = VideoOptions(
        str(folder),
        str(target),
        "black",
        "general",
        threads=threads,
        effects=EffectsConfig(framing=True),
    )
    assert run_video(options) == 0
    frames = [cv2.imread(str(target.parent / f"{i:03d}.png")) for i in range(FRAMES)]
    assert all(f is not None for f in frames)
    assert not (target.parent / f"{FRAMES:03d}.png").exists()
    return frames


def test_a_walking_person_stays_centred_with_no_lag_threads_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(video_run, "open_segmenter", lambda *a, **k: FakeSegmenter())
    folder = _walker(tmp_path)
    threaded, plain = _framed(tmp_path, folder, True), _framed(tmp_path, folder, False)
    for a, b in zip(threaded, plain, strict=True):
        assert np.array_equal(a, b)
    centres = []
    for frame in threaded:
        xs = np.nonzero(frame[:, :, 1].max(axis=0) > 127)[0]
        centres.append((xs.min() + xs.max() + 1) / 2 / frame.shape[1])
    middle = np.array(centres[15:45])  # the crop can pan freely here (not at the clamps)
    assert np.abs(middle - 0.5).max() < 0.02  # live framing trails by about its dead zone
    assert threaded[30].shape[:2] == (SIZE[1], SIZE[0])


def test_pictures_of_other_sizes_are_framed_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder whose pictures alternate between sizes (and shapes): every one is framed, the
    person at the same place in each, none left at the full frame."""
    monkeypatch.setattr(video_run, "open_segmenter", lambda *a, **k: FakeSegmenter())
    folder = _walker(tmp_path)
    others = [(480, 270), (240, 180)]  # 16:9 larger, 4:3 smaller
    for i in range(FRAMES):
        if i % 3:
            path = folder / f"{i:03d}.png"
            cv2.imwrite(str(path), cv2.resize(cv2.imread(str(path)), others[i % 3 - 1]))
    frames = _framed(tmp_path, folder, True)
    centres, widths = [], []
    for frame in frames[15:45]:
        xs = np.nonzero(frame[:, :, 1].max(axis=0) > 127)[0] / frame.shape[1]
        centres.append((xs.min() + xs.max()) / 2)
        widths.append(xs.max() - xs.min())
    assert np.abs(np.array(centres) - 0.5).max() < 0.02
    assert min(widths) > 40 / SIZE[0] * 1.1  # every size zoomed in: wider than at the full frame
    assert max(widths) - min(widths) < 0.02
