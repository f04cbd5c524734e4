"""The low-light lift: a LUT from the person's histogram, smoothed over time."""

from __future__ import annotations

import cv2
import numpy as np

from tests.live.test_pipeline import make_pipeline
from zoomclone.clock import FakeClock
from zoomclone.control.commands import Action, Command
from zoomclone.effects.low_light import LowLightLift
from zoomclone.segmentation import FakeSegmenter
from zoomclone.segmentation.fake import ellipse_mask
from zoomclone.sinks import RecordingSink
from zoomclone.sources import FakeSource


def dark_person(level: int) -> tuple[np.ndarray, np.ndarray]:
    frame = np.full((180, 320, 3), 10, np.uint8)
    frame[40:160, 110:210] = level
    confidence = np.zeros((144, 256), np.float32)
    confidence[32:128, 88:168] = 1.0
    return frame, confidence


def test_a_dark_person_is_brightened_and_a_bright_one_left_alone() -> None:
    lift = LowLightLift()
    frame, confidence = dark_person(30)
    lift.observe(frame, confidence, 0.0)
    lifted = lift.apply(frame)
    assert int(lifted[100, 160, 0]) > 80  # towards the target median (100)
    bright, confidence = dark_person(150)
    other = LowLightLift()
    other.observe(bright, confidence, 0.0)
    assert other.apply(bright) is bright  # a flat curve costs nothing


def test_the_curve_never_pumps_when_the_picture_flickers() -> None:
    lift = LowLightLift()
    gammas = []
    for i in range(120):
        frame, confidence = dark_person(25 if i % 2 else 45)  # brightness flickers every frame
        gammas.append(lift.observe(frame, confidence, i / 30))
    steps = np.abs(np.diff(gammas[30:]))
    assert steps.max() < 0.01  # the average moves slowly, not with each frame


def test_the_key_switches_the_lift_in_the_pipeline() -> None:
    def dark(index: int, width: int, height: int) -> np.ndarray:
        frame = np.full((height, width, 3), 20, np.uint8)
        cv2.ellipse(
            frame, (width // 2, height // 2), (width // 4, height // 3), 0, 0, 360, (40,) * 3, -1
        )
        return frame

    clock = FakeClock()
    sink = RecordingSink()
    pipeline = make_pipeline(
        source=FakeSource(frames=None, make=dark),
        segmenter=FakeSegmenter(ellipse_mask),  # the dark ellipse is the person
        sinks=[sink],
        backgrounds=("none",),
        clock=clock,
    )
    pipeline.step()
    assert int(sink.frames[-1][90, 160, 0]) == 40
    pipeline.submit(Command(Action.LIGHT))
    for _ in range(3):
        clock.advance(1 / 30)
        pipeline.step()
    assert pipeline.status()["light"] is True
    assert int(sink.frames[-1][90, 160, 0]) > 80  # the person is lifted towards the target
