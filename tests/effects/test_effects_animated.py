"""Animated GIF and WebP backgrounds: looped at their own frame delays, decoded at the output size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.live.test_pipeline import make_pipeline
from zoomclone.backgrounds import parse_background
from zoomclone.backgrounds.animated import AnimatedBackground, keep_every
from zoomclone.clock import FakeClock
from zoomclone.errors import BackgroundError
from zoomclone.sinks import RecordingSink

LEVELS = (0, 120, 250)
DELAYS_MS = [100, 200, 300]


def write_animation(path: Path) -> Path:
    frames = [Image.fromarray(np.full((45, 80, 3), v, np.uint8)) for v in LEVELS]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=DELAYS_MS, loop=0)
    return path


def test_a_gif_loops_at_its_frame_delays_on_the_pipeline_clock(tmp_path: Path) -> None:
    gif = write_animation(tmp_path / "party.gif")
    clock = FakeClock()
    sink = RecordingSink()
    pipeline = make_pipeline(sinks=[sink], backgrounds=(str(gif),), clock=clock)
    seen = []
    for _ in range(13):  # 1.3 s in 100 ms steps: one 600 ms loop and a bit
        pipeline.step()
        seen.append(int(sink.frames[-1][2, 2, 0]))
        clock.advance(0.1)
    a, b, c = LEVELS
    assert seen == [a, b, b, c, c, c, a, b, b, c, c, c, a]
    assert sink.frames[-1].shape == (180, 320, 3)  # decoded at the output size


def test_folders_and_webp_are_recognised(tmp_path: Path) -> None:
    write_animation(tmp_path / "a.gif")
    write_animation(tmp_path / "b.webp")
    backgrounds = parse_background(str(tmp_path))
    assert [type(b).__name__ for b in backgrounds] == ["AnimatedBackground"] * 2
    assert backgrounds[0].delays_ms == DELAYS_MS  # type: ignore[attr-defined]


def test_memory_is_bounded_by_keeping_every_kth_frame(tmp_path: Path) -> None:
    assert keep_every(1000, 1280 * 720 * 3) == 14
    assert keep_every(10, 100) == 1
    gif = write_animation(tmp_path / "g.gif")
    background = AnimatedBackground(gif)
    frame = np.zeros((90, 160, 3), np.uint8)
    background.backdrop(frame, frame[..., 0], 0.0)
    assert len(background._frames) == 3


def test_a_broken_gif_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gif"
    bad.write_bytes(b"GIF89a not really")
    with pytest.raises(BackgroundError, match=r"cannot read animated background .*bad.gif"):
        parse_background(str(bad))
