"""Look-ahead auto-framing for recordings: crops from the frames before and after each one."""

from __future__ import annotations

import weakref
from collections.abc import Iterator

import numpy as np

from zoomclone.effects.autoframe import AutoFrameConfig, AutoFramer
from zoomclone.effects.framing_plan import MAX_HELD, FramingPlan

FPS = 30.0
SOURCE = (1280, 720)


def person_at(x: float, head: float = 200.0) -> tuple[float, float, float, float]:
    """A seated person 200 px wide whose head is at ``head`` and centre at ``x``."""
    return (x - 100, head, x + 100, 720)


def planned(boxes: list, times: list[float] | None = None) -> np.ndarray:  # type: ignore[type-arg]
    times = times if times is not None else [i / FPS for i in range(len(boxes))]
    plan = FramingPlan(SOURCE)
    out = list(plan.crops((i, box, t) for i, (box, t) in enumerate(zip(boxes, times, strict=True))))
    assert [i for i, _ in out] == list(range(len(boxes)))  # every frame, in order
    return np.array([[c.cx, c.cy, c.h] for _, c in out])


def test_every_frame_comes_out_in_order_even_a_clip_shorter_than_the_reach() -> None:
    assert planned([person_at(600)] * 3).shape == (3, 3)
    assert planned([]).shape == (0,)


def test_a_steady_drift_is_followed_without_the_live_framers_lag() -> None:
    xs = [520 + 2.0 * i for i in range(120)]  # walks right at 60 px/s (the crop can pan 296 px)
    boxes = [person_at(x) for x in xs]
    wanted = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    goals = np.array([wanted.wanted(b)[0] for b in boxes])
    ours = planned(boxes)[:, 0]
    live = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    live.start_at(boxes[0])
    lagging = np.array([live.update(b, i / FPS).cx for i, b in enumerate(boxes)])
    middle = slice(20, 100)  # away from the clip's two ends
    assert np.abs(ours[middle] - goals[middle]).max() < 1.0
    assert (
        np.abs(lagging[middle] - goals[middle]).mean()
        > 10 * np.abs(ours[middle] - goals[middle]).mean()
    )


def test_frame_to_frame_noise_is_averaged_away() -> None:
    rng = np.random.default_rng(1)
    boxes = [person_at(640 + rng.normal(0, 6), 200 + rng.normal(0, 6)) for _ in range(150)]
    wanted = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    naive = np.array([wanted.wanted(b) for b in boxes])
    ours = planned(boxes)
    assert _rough(naive) > 10 * _rough(ours)


def _rough(crops: np.ndarray) -> float:
    return float(np.abs(np.diff(crops, n=2, axis=0)).mean())


def test_a_drift_with_irregular_frame_times_is_followed_without_lag() -> None:
    times = np.cumsum(np.random.default_rng(2).uniform(0.01, 0.06, 120)).tolist()
    boxes = [person_at(520 + 50 * t) for t in times]  # 50 px/s, whatever the frame times
    wanted = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    goals = np.array([wanted.wanted(b)[0] for b in boxes])
    ours = planned(boxes, times)[:, 0]
    assert np.abs(ours[30:90] - goals[30:90]).max() < 3.0  # uneven samples: not exactly 0


def test_nobody_there_holds_then_returns_slowly_to_the_full_frame() -> None:
    config = AutoFrameConfig()
    boxes = [person_at(300)] * 60 + [None] * 300
    heights = planned(boxes)[:, 2]
    assert heights[59] < 700
    lost = 60 + int(config.lost_after_s * FPS)
    assert abs(heights[lost - 15] - heights[59]) < 1.0  # held while the person may come back
    assert heights[-1] > 719.0
    assert np.abs(np.diff(heights)).max() < 720 * 0.05  # no jump


def test_crops_stay_inside_the_picture_and_the_zoom_limit() -> None:
    boxes = [person_at(20, 0)] * 30 + [person_at(1270, 600)] * 30  # at the edges
    limit = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE).max_zoom
    for cx, cy, h in planned(boxes):
        w = h * SOURCE[0] / SOURCE[1]
        assert SOURCE[1] / limit - 1e-6 <= h <= SOURCE[1]
        assert w / 2 - 1e-6 <= cx <= SOURCE[0] - w / 2 + 1e-6
        assert h / 2 - 1e-6 <= cy <= SOURCE[1] - h / 2 + 1e-6


def test_frames_with_one_timestamp_are_not_all_held() -> None:
    plan = FramingPlan(SOURCE)
    given = 0
    held_most = 0
    read = 0

    def items() -> Iterator[tuple[int, tuple[float, float, float, float], float]]:
        nonlocal read
        for i in range(500):
            read += 1
            yield i, person_at(640), 0.0  # every frame stamped 0

    for _ in plan.crops(items()):
        given += 1
        held_most = max(held_most, read - given)
    assert given == 500
    assert held_most <= MAX_HELD + 1


def test_frames_a_microsecond_apart_are_let_go_once_given_out() -> None:
    """Timestamps far denser than the frame rate (a recorder's 1 ms ticks): the frames given out
    are not kept for the look-back, nor is it longer than the look-ahead."""
    plan = FramingPlan(SOURCE)
    alive: list[weakref.ref[Payload]] = []

    def items() -> Iterator[tuple[Payload, tuple[float, float, float, float], float]]:
        for i in range(1000):
            payload = Payload()
            alive.append(weakref.ref(payload))
            yield payload, person_at(640), i * 1e-6

    most = 0
    for payload, _ in plan.crops(items()):
        del payload
        most = max(most, sum(ref() is not None for ref in alive))
    assert most <= MAX_HELD + 2


class Payload:
    """A frame's stand-in that can be watched for being let go."""
