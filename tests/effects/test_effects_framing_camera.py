"""Auto-framing from a camera picture larger than the output (1080p in, 720p out): the camera
request, the sizes the sinks get, where the person lands, the confidence's warp."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.live.test_pipeline import make_pipeline
from zoomclone.cli import build_parser
from zoomclone.clock import FakeClock
from zoomclone.commands.live import live_options
from zoomclone.commands.live_io import camera_request, output_size
from zoomclone.commands.live_run import sinks_size
from zoomclone.control.commands import Action, Command
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.live.config import PipelineConfig
from zoomclone.sinks import RecordingSink
from zoomclone.sources import FakeSource
from zoomclone.sources.base import SourceInfo

FPS = 30.0
CAMERA = (1920, 1080)
OUTPUT = (1280, 720)
WORK = (256, 144)  # the confidence's working size in these tests


def person_left(index: int, width: int, height: int) -> np.ndarray:
    """A dark room, a bright upright ellipse (the fake segmenter's person) a quarter across."""
    frame = np.full((height, width, 3), 30, np.uint8)
    axes = (width // 14, height // 4)
    cv2.ellipse(frame, (width // 4, height // 2), axes, 0, 0, 360, (220,) * 3, -1)
    return frame


def bright_centre(frame: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(frame.max(axis=2) > 127)
    return float(xs.mean()), float(ys.mean())


def test_the_camera_is_asked_for_1080p_for_a_720p_output_with_framing_on() -> None:
    assert camera_request((1280, 720), framing=True, camera=True) == (1920, 1080)
    assert camera_request((640, 360), framing=True, camera=True) == (960, 540)
    assert camera_request((640, 480), framing=True, camera=True) == (640, 480)  # 4:3: as asked
    assert camera_request((1280, 720), framing=True, camera=False) == (1280, 720)  # --input
    assert camera_request((1280, 720), framing=False, camera=True) == (1280, 720)
    assert camera_request((3840, 2160), framing=True, camera=True) == (3840, 2160)


def test_the_output_keeps_its_size_only_when_the_camera_gave_the_larger_picture() -> None:
    assert output_size(OUTPUT, CAMERA, CAMERA) == OUTPUT
    assert output_size(OUTPUT, CAMERA, OUTPUT) is None  # it gave less: as always
    assert output_size(OUTPUT, CAMERA, (640, 480)) is None
    assert output_size(OUTPUT, OUTPUT, CAMERA) is None  # not asked for more: the camera's size


def test_the_start_line_says_why_the_camera_was_asked_for_more(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    options = live_options(build_parser().parse_args(["live", "--frame", "auto"]))
    info = SourceInfo(1920, 1080, 30.0, "camera", live=True)
    assert sinks_size(options, info) == OUTPUT
    assert capsys.readouterr().err == (
        "zoomclone: camera asked for 1920x1080 so auto-framing can zoom without softening "
        "(output 1280x720)\n"
    )
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"")
    video = live_options(
        build_parser().parse_args(["live", "--frame", "auto", "--input", str(clip)])
    )
    assert sinks_size(video, SourceInfo(1920, 1080, 30.0, "clip", live=False)) is None
    assert capsys.readouterr().err == ""


def test_a_1080p_camera_gives_720p_frames_framed_or_not() -> None:
    clock, sink = FakeClock(), RecordingSink()
    pipeline = make_pipeline(
        source=FakeSource(*CAMERA, frames=None, make=person_left),
        sinks=[sink],
        backgrounds=("black",),
        config=PipelineConfig(output_size=OUTPUT),
        clock=clock,
        effects=Effects(EffectsConfig(framing=True)),
    )
    assert pipeline.size == OUTPUT
    for _ in range(60):
        clock.advance(1 / FPS)
        pipeline.step()
    framer = pipeline.effects.framer
    assert framer is not None and framer.crop.h < CAMERA[1] - 50  # zoomed in
    assert framer.max_zoom == pytest.approx(1.6)  # the sharp limit for 1080p -> 720p
    pipeline.submit(Command(Action.FRAMING))  # off: back to the full frame, still 720p
    for _ in range(300):
        clock.advance(1 / FPS)
        pipeline.step()
    assert {frame.shape for frame in sink.frames} == {(720, 1280, 3)}
    assert pipeline.effects.active  # the scale to the output size stays on
    x, y = bright_centre(sink.frames[-1])
    assert abs(x - 1280 / 4) < 2.0 and abs(y - 720 / 2) < 2.0  # the whole picture, scaled


def test_the_person_lands_where_the_crop_puts_them() -> None:
    clock, sink = FakeClock(), RecordingSink()
    pipeline = make_pipeline(
        source=FakeSource(*CAMERA, frames=None, make=person_left),
        sinks=[sink],
        backgrounds=("black",),
        config=PipelineConfig(output_size=OUTPUT),
        clock=clock,
        effects=Effects(EffectsConfig(framing=True)),
    )
    for _ in range(40):  # still moving: the crop is neither the full frame nor settled
        clock.advance(1 / FPS)
        pipeline.step()
    framer = pipeline.effects.framer
    assert framer is not None
    matrix = framer.matrix(CAMERA, OUTPUT)  # the crop the next frame is cut with
    clock.advance(1 / FPS)
    pipeline.step()
    expected = matrix @ np.array([CAMERA[0] / 4, CAMERA[1] / 2, 1.0])
    x, y = bright_centre(sink.frames[-1])
    assert abs(x - expected[0]) < 2.0 and abs(y - expected[1]) < 2.0
    assert abs(x - 1280 / 4) > 50  # and that is not where the plain scale puts them


def box_confidence(box: tuple[int, int, int, int]) -> np.ndarray:
    confidence = np.zeros((WORK[1], WORK[0]), np.float32)
    x0, y0, x1, y1 = box
    confidence[y0:y1, x0:x1] = 1.0
    return confidence


def box_of(mask: np.ndarray) -> tuple[float, float, float, float]:
    ys, xs = np.nonzero(mask > 0.5)
    return float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)


def test_the_confidence_is_warped_from_the_camera_picture_to_the_output() -> None:
    effects = Effects(EffectsConfig(framing=True))
    effects.set_sizes(CAMERA, OUTPUT)
    frame = np.zeros((CAMERA[1], CAMERA[0], 3), np.uint8)
    box = (80, 40, 120, 120)  # in working pixels of the camera picture
    _, seen = effects.prepare(frame, box_confidence(box), 0.0)  # full frame: a plain scale
    assert seen is not None and box_of(seen) == box
    framer = effects.framer
    assert framer is not None
    framer.start_at((700.0, 300.0, 1100.0, 1080.0))  # a crop zoomed and off centre
    matrix = framer.matrix(CAMERA, OUTPUT)
    picture = np.zeros((CAMERA[1], CAMERA[0], 3), np.uint8)  # a new frame: a new crop
    lifted, seen = effects.prepare(picture, box_confidence(box), 1 / FPS)
    assert lifted.shape == (720, 1280, 3) and seen is not None and seen.shape == (144, 256)
    to_camera = CAMERA[0] / WORK[0]  # the same both ways: 16:9 throughout
    to_work = WORK[0] / OUTPUT[0]
    corners = [matrix @ np.array([box[0] * to_camera, box[1] * to_camera, 1.0])]
    corners.append(matrix @ np.array([box[2] * to_camera, box[3] * to_camera, 1.0]))
    expected = [c * to_work for c in corners]
    got = box_of(seen)
    assert got[0] == pytest.approx(expected[0][0], abs=1.0)
    assert got[1] == pytest.approx(expected[0][1], abs=1.0)
    assert got[2] == pytest.approx(expected[1][0], abs=1.0)
    assert got[3] == pytest.approx(expected[1][1], abs=1.0)
