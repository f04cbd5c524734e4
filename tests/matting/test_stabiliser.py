from __future__ import annotations

import itertools

import numpy as np
import pytest

from zoomclone.errors import UsageError
from zoomclone.matting.stabiliser import Stabiliser, StabiliserConfig

SIZE = (72, 128)  # (height, width) of the working-size masks


def _frame(bar_x: int = -100) -> np.ndarray:
    """A textured dark room with a bright vertical bar (the moving 'arm') at bar_x."""
    rng = np.random.default_rng(1)
    frame = rng.integers(30, 60, (*SIZE, 3), dtype=np.uint8)
    if bar_x >= 0:
        frame[:, bar_x : bar_x + 20] = 230
    return frame


def _bar_mask(bar_x: int) -> np.ndarray:
    mask = np.zeros(SIZE, np.float32)
    mask[:, bar_x : bar_x + 20] = 1.0
    return mask


def test_a_still_region_flickers_less() -> None:
    rng = np.random.default_rng(0)
    frame = _frame()
    stabiliser = Stabiliser()
    raw, steady = [], []
    for _ in range(30):
        confidence = np.clip(0.5 + rng.normal(0, 0.2, SIZE), 0, 1).astype(np.float32)
        raw.append(confidence)
        steady.append(stabiliser.update(frame, confidence))
    raw_flicker = np.mean([np.abs(b - a).mean() for a, b in itertools.pairwise(raw)])
    steady_flicker = np.mean([np.abs(b - a).mean() for a, b in itertools.pairwise(steady)])
    assert steady_flicker < 0.3 * raw_flicker


def test_a_moving_edge_is_not_lagged() -> None:
    stabiliser = Stabiliser()
    for x in range(10, 90, 8):
        out = stabiliser.update(_frame(x), _bar_mask(x))
        assert out[:, x : x + 20].min() > 0.9  # the bar is fully covered where it is now
        assert out[:, : max(0, x - 8)].max() < 0.1  # and gone from where it was


def test_a_fixed_average_would_lag_where_this_does_not() -> None:
    fixed = Stabiliser(StabiliserConfig(motion_full_grey=1e9))  # never sees motion
    for x in range(10, 90, 8):
        out = fixed.update(_frame(x), _bar_mask(x))
    assert out[:, x : x + 20].min() < 0.5


def test_first_frame_and_after_reset_are_taken_as_they_are() -> None:
    stabiliser = Stabiliser()
    first = np.full(SIZE, 0.2, np.float32)
    stabiliser.update(_frame(), first)
    stabiliser.reset()
    second = np.full(SIZE, 0.9, np.float32)
    assert np.array_equal(stabiliser.update(_frame(), second), second)


def test_switched_off_passes_the_confidence_through() -> None:
    stabiliser = Stabiliser(StabiliserConfig(stabilise=False))
    confidence = np.full(SIZE, 0.4, np.float32)
    stabiliser.update(_frame(), np.zeros(SIZE, np.float32))
    assert stabiliser.update(_frame(), confidence) is confidence


def test_bad_weight_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="still_weight"):
        StabiliserConfig(still_weight=0.0)


def test_motion_measured_ahead_gives_the_same_masks_and_a_stale_one_is_not_used() -> None:
    rng = np.random.default_rng(5)
    greys = [rng.integers(0, 256, (36, 64), dtype=np.uint8) for _ in range(4)]
    masks = [rng.random((36, 64), dtype=np.float32) for _ in range(4)]
    ahead, plain = Stabiliser(), Stabiliser()
    stale = None
    for grey, mask in zip(greys, masks, strict=True):
        motion = ahead.motion(grey)
        np.testing.assert_array_equal(ahead.update(grey, mask, motion), plain.update(grey, mask))
        stale = motion if motion is not None else stale
    assert stale is not None  # measured against an older frame: update measures again
    np.testing.assert_array_equal(
        ahead.update(greys[0], masks[0], stale), plain.update(greys[0], masks[0])
    )
