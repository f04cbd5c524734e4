"""Costs timed against a 720p frame copy, call by call in turn (so both see the same load), and
the skin touch-up's cases.

Each row gives the min and median of single calls in ms and their ratios to the copy's: on a
loaded machine the ratios compare across runs better than the milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import cv2
import numpy as np

from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.effects.touch_up import SkinTouchUp, head_box
from zoomclone.frames import Frame, Mask

FPS = 30.0
WARM_UP_CALLS = 3
CLOSE_UP_ZOOM = 2.0  # the close-up case: the clip zoomed about the head, a face twice as large


def interleaved(title: str, cases: dict[str, Callable[[int], object]], count: int) -> list[str]:
    """A markdown table of ``cases`` called in turn ``count`` times; the first case is the
    reference the others are divided by."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for i in range(count + WARM_UP_CALLS):
        for name, fn in cases.items():
            start = time.perf_counter()
            fn(i)
            if i >= WARM_UP_CALLS:
                times[name].append((time.perf_counter() - start) * 1000)
    copy = np.array(times[next(iter(cases))])
    lines = [
        f"| {title}, {count} interleaved calls | min ms | median ms | / copy (min) | / copy (median) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, values in times.items():
        t = np.array(values)
        lines.append(
            f"| {name} | {t.min():.3f} | {np.median(t):.3f} | {t.min() / copy.min():.1f} | "
            f"{np.median(t) / np.median(copy):.1f} |"
        )
    return lines


def touch_up_costs(frames: list[Frame], confidences: list[Mask], count: int) -> list[str]:
    """The skin touch-up at strength 0.5 on the clip as it is (a head about 140 px wide at 720p)
    and zoomed about the head (a close-up), against a 720p frame copy."""
    n = len(frames)
    close = [close_up(f, c) for f, c in zip(frames, confidences, strict=True)]
    hook = Effects(EffectsConfig(touch_up=0.5))
    close_hook = Effects(EffectsConfig(touch_up=0.5))
    alone = SkinTouchUp(0.5)
    buffer = np.empty_like(frames[0])
    boxes = [head_box(c, (frames[0].shape[1], frames[0].shape[0])) for _, c in close[:1]]
    boxes.insert(0, head_box(confidences[0], (frames[0].shape[1], frames[0].shape[0])))
    sizes = " and ".join(f"{b.width}x{b.height}" for b in boxes if b is not None)
    cases: dict[str, Callable[[int], object]] = {
        "(reference: one 720p frame copy, np.copyto)": lambda i: np.copyto(buffer, frames[i % n]),
        "skin touch-up 0.5: whole hook": lambda i: hook.prepare(
            frames[i % n], confidences[i % n], i / FPS
        ),
        "skin touch-up 0.5: SkinTouchUp.apply alone": lambda i: alone.apply(
            frames[i % n], confidences[i % n], buffer
        ),
        "skin touch-up 0.5, close-up (the clip zoomed 2x about the head): whole hook": (
            lambda i: close_hook.prepare(close[i % n][0], close[i % n][1], i / FPS)
        ),
    }
    return [*interleaved(f"skin touch-up, 720p, head boxes {sizes}", cases, count)]


def close_up(frame: Frame, confidence: Mask) -> tuple[Frame, Mask]:
    """``frame`` and ``confidence`` zoomed ``CLOSE_UP_ZOOM`` times about the head's centre."""
    size = (frame.shape[1], frame.shape[0])
    box = head_box(confidence, size)
    centre = (size[0] / 2, size[1] / 3)
    if box is not None:
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    matrix = cv2.getRotationMatrix2D(centre, 0.0, CLOSE_UP_ZOOM)  # the head stays where it was...
    matrix[:, 2] += (size[0] / 2 - centre[0], 0.45 * size[1] - centre[1])  # ...then goes mid-frame
    zoomed = cv2.warpAffine(frame, matrix, size, flags=cv2.INTER_LINEAR)
    work = (confidence.shape[1], confidence.shape[0])
    scale = np.diag([work[0] / size[0], work[1] / size[1]])
    at_work = np.column_stack([scale @ matrix[:, :2] @ np.linalg.inv(scale), scale @ matrix[:, 2]])
    return zoomed, cv2.warpAffine(confidence, at_work, work, flags=cv2.INTER_LINEAR)
