"""Auto-framing on fakes: a synthetic person moving, a fake clock, no camera."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tests.live.test_pipeline import make_pipeline
from zoomclone.clock import FakeClock
from zoomclone.control.commands import Action, Command
from zoomclone.effects.autoframe import AutoFrameConfig, AutoFramer, zoom_limit
from zoomclone.sinks import RecordingSink
from zoomclone.sources import FakeSource

FPS = 30.0
SOURCE = (1280, 720)


def person_at(x: float) -> tuple[float, float, float, float]:
    """A seated person 200 px wide whose head is at y=200 and centre at ``x``."""
    return (x - 100, 200, x + 100, 720)


def test_the_crop_follows_a_moving_person_without_overshoot_or_jitter() -> None:
    framer = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    xs = [float(framer.update(person_at(400), i / FPS).cx) for i in range(150)]
    start = xs[-1]
    goal = float(framer.wanted(person_at(900))[0])
    path = []
    for i in range(150, 330):  # walks right for one second, then stands still
        x = 400 + 500 * min(1.0, (i - 150) / FPS)
        path.append(float(framer.update(person_at(x), i / FPS).cx))
    steps = np.diff([start, *path])
    assert (steps >= -0.01).all()  # always towards the person: no overshoot and back
    assert max(path) <= goal + 1e-6
    assert abs(path[-1] - goal) < 2.0  # arrived
    assert np.abs(np.diff(steps)).max() < 3.0  # smooth: small acceleration per frame


def test_small_moves_inside_the_dead_zone_do_not_move_the_crop() -> None:
    framer = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    for i in range(90):
        framer.update(person_at(600), i / FPS)
    settled = framer.crop
    for i in range(90, 150):  # sways by +-20 px (1.5% of the width)
        framer.update(person_at(600 + 20 * np.sin(i)), i / FPS)
    assert abs(framer.crop.cx - settled.cx) < 0.5


def test_nobody_there_returns_slowly_to_the_full_frame() -> None:
    framer = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    for i in range(60):
        framer.update(person_at(300), i / FPS)
    assert framer.crop.h < 720
    heights = [framer.update(None, (60 + i) / FPS).h for i in range(360)]
    assert heights[int(AutoFrameConfig().lost_after_s * FPS) - 2] < 720 - 10  # waits first
    assert heights[-1] > 719.5
    assert np.abs(np.diff(heights)).max() < 720 * 0.05  # no jump


def test_the_zoom_limit_follows_the_camera_and_output_sizes() -> None:
    config = AutoFrameConfig()
    assert zoom_limit(config, 1080, 720) == 1.6
    assert zoom_limit(config, 720, 720) == config.min_zoom_limit
    framer = AutoFramer(config, SOURCE, SOURCE)
    tiny = (630.0, 300.0, 650.0, 400.0)
    for i in range(60):
        crop = framer.update(tiny, i / FPS)
    assert crop.h >= 720 / config.min_zoom_limit - 1e-6


def test_the_background_picture_is_not_zoomed(tmp_path: Path) -> None:
    ramp = np.tile(np.arange(320, dtype=np.uint8)[None, :, None], (180, 1, 3))
    picture = tmp_path / "ramp.png"
    cv2.imwrite(str(picture), ramp)
    outputs = []
    for framing in (False, True):
        clock = FakeClock()
        sink = RecordingSink()
        pipeline = make_pipeline(
            source=FakeSource(frames=None, make=small_person_left),
            sinks=[sink],
            backgrounds=(str(picture),),
            clock=clock,
        )
        if framing:
            pipeline.submit(Command(Action.FRAMING))
        for _ in range(40):
            clock.advance(1 / FPS)
            pipeline.step()
        outputs.append(sink.frames[-1])
    assert not np.array_equal(outputs[0], outputs[1])  # the person moved...
    assert np.array_equal(outputs[0][:, 280:], outputs[1][:, 280:])  # ...the picture did not


def small_person_left(index: int, width: int, height: int) -> np.ndarray:
    frame = np.full((height, width, 3), 30, np.uint8)
    cv2.ellipse(
        frame, (width // 4, height // 2), (width // 14, height // 4), 0, 0, 360, (220,) * 3, -1
    )
    return frame


def person_centre_x(frame: np.ndarray) -> float:
    columns = np.nonzero((frame.max(axis=2) > 127).any(axis=0))[0]
    return float(columns.mean())


def test_the_pipeline_crops_before_compositing_and_the_key_turns_it_off() -> None:
    clock = FakeClock()
    sink = RecordingSink()
    pipeline = make_pipeline(
        source=FakeSource(frames=None, make=small_person_left),
        sinks=[sink],
        backgrounds=("black",),
        clock=clock,
    )
    pipeline.step()
    plain = person_centre_x(sink.frames[-1])
    pipeline.submit(Command(Action.FRAMING))
    for _ in range(60):
        clock.advance(1 / FPS)
        pipeline.step()
    framed = sink.frames[-1]
    assert pipeline.status()["framing"] is True
    assert abs(person_centre_x(framed) - 160) < abs(plain - 160) - 15  # moved towards the centre
    assert (framed[2, 2] == 0).all()  # the background is composited after the crop
    pipeline.submit(Command(Action.FRAMING))
    for _ in range(300):
        clock.advance(1 / FPS)
        pipeline.step()
    assert abs(person_centre_x(sink.frames[-1]) - plain) <= 1.0  # back to the full frame
    assert not pipeline.effects.active  # and every hook skipped again
