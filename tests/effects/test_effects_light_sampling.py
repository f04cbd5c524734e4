"""The low-light curve's histograms are sampled a few times a second, not every frame, and the
curve still reaches the same place."""

from __future__ import annotations

import numpy as np
import pytest

from zoomclone.effects import low_light
from zoomclone.effects.low_light import LowLightLift

FPS = 30.0


def dark_person() -> tuple[np.ndarray, np.ndarray]:
    frame = np.full((180, 320, 3), 10, np.uint8)
    frame[40:160, 110:210] = 30
    confidence = np.zeros((144, 256), np.float32)
    confidence[32:128, 88:168] = 1.0
    return frame, confidence


def dims_at_one_second(lift: LowLightLift) -> float:
    """Feed three seconds: a dark person, darker after one second; returns the final gamma."""
    frame, confidence = dark_person()
    darker = (frame // 2).astype(np.uint8)
    for i in range(90):
        lift.observe(frame if i < 30 else darker, confidence, i / FPS)
    return lift.gamma


def test_the_histograms_are_taken_every_third_frame_at_30_fps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    real = low_light.levels

    def counted(
        frame: np.ndarray, confidence: np.ndarray, threshold: float
    ) -> tuple[float, float, low_light.Box | None]:
        calls.append(1)
        return real(frame, confidence, threshold)

    monkeypatch.setattr(low_light, "levels", counted)
    sampled = dims_at_one_second(LowLightLift())
    assert 29 <= len(calls) <= 31  # three seconds at ten samples a second
    monkeypatch.setattr(low_light, "SAMPLE_EVERY_S", 0.0)
    every_frame = dims_at_one_second(LowLightLift())
    assert len(calls) >= 29 + 90
    assert abs(sampled - every_frame) < 0.01  # the curve ends up in the same place
