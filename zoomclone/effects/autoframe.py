"""Auto-framing: a virtual camera operator that pans and zooms the camera picture.

Each frame the person's box (from the matte's confidence) gives a wanted crop: the person's
width a set share of the crop's, their head a little below its top, zoom limited by ``max_zoom``.
The goal only follows the wanted crop once that leaves a dead zone around the goal (small moves do
not move the frame), and then until the crop has caught up. The crop follows its goal as a critically damped spring (damping ratio 1: no
overshoot, no jitter), integrated exactly with the clock's per-frame dt. When nobody is seen for
``lost_after_s`` the goal becomes the full frame, reached with a slower spring.

Inside the dead zone the goal is not frozen: it drifts towards the wanted crop as an exponential
average with time constant ``settle_s`` (1.5 s, six times the spring's), so a person who settles
a little off centre is re-centred slowly instead of keeping that offset for good, while a sway or
the box's frame-to-frame noise (averaged over 45 frames, then through the spring) barely moves it.

The crop is applied to the camera frame (and, by the caller, the confidence) before compositing,
so the background is never zoomed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import cv2
import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask
from zoomclone.matting.framing import person_box

# Upscaling more than this is visibly soft: the zoom limit is this times source/output size.
SHARP_UPSCALE = 1.07
# Following stops when the crop is this close to the wanted one (a share of the dead zone).
SETTLED = 0.1


@dataclass(frozen=True)
class AutoFrameConfig:
    """``person_width``: the person's box width as a share of the crop width.
    ``head_room``: the gap above the head as a share of the crop height.
    ``dead_zone``: how far (share of the frame) the wanted crop moves before the goal follows;
    ``zoom_dead_zone``: the same for the zoom (relative). ``response_s``: the spring's time
    constant (1/omega); ``return_response_s`` the slower one back to the full frame.
    ``max_zoom``: the largest zoom; ``min_zoom_limit``: the zoom allowed even when the camera
    delivers the output's own size (mildly soft, or framing could not pan at all).
    ``settle_s``: how slowly the goal drifts to the wanted crop inside the dead zone."""

    person_width: float = 0.45
    head_room: float = 0.10
    dead_zone: float = 0.03
    zoom_dead_zone: float = 0.12
    response_s: float = 0.25
    return_response_s: float = 1.0
    lost_after_s: float = 1.5
    settle_s: float = 1.5
    max_zoom: float = 1.6
    min_zoom_limit: float = 1.3
    threshold: float = 0.5

    def __post_init__(self) -> None:
        if not (0 < self.person_width <= 1 and self.response_s > 0 and self.max_zoom >= 1):
            raise UsageError(
                "auto-framing needs person_width in (0, 1], response_s > 0, max_zoom >= 1"
            )


def zoom_limit(config: AutoFrameConfig, source_height: int, output_height: int) -> float:
    """How far the crop may zoom: 1.6x at 720p from a 1080p camera, ``min_zoom_limit`` at equal
    sizes, never above ``max_zoom``."""
    sharp = SHARP_UPSCALE * source_height / max(1, output_height)
    return min(config.max_zoom, max(config.min_zoom_limit, sharp))


@dataclass(frozen=True)
class Crop:
    """The crop's centre (cx, cy) and height h, in source pixels (its width follows the aspect)."""

    cx: float
    cy: float
    h: float

    def as_array(self) -> np.ndarray:
        return np.array([self.cx, self.cy, self.h], np.float64)


def spring_step(
    x: np.ndarray, v: np.ndarray, goal: np.ndarray, omega: float, dt: float
) -> tuple[np.ndarray, np.ndarray]:
    """One exact step of a critically damped spring towards ``goal``: (position, velocity)."""
    d = x - goal
    b = v + omega * d
    decay = math.exp(-omega * dt)
    return goal + (d + b * dt) * decay, (v - omega * b * dt) * decay


class AutoFramer:
    """Smoothed crop of a (width, height) source for an output of the same aspect."""

    def __init__(
        self, config: AutoFrameConfig, source: tuple[int, int], output: tuple[int, int]
    ) -> None:
        self.config = config
        self.source = source
        self.output = output
        self.max_zoom = zoom_limit(config, source[1], output[1])
        full = self.full_frame().as_array()
        self._x, self._v, self._goal = full, np.zeros(3), full.copy()
        self._last_t: float | None = None
        self._last_seen: float | None = None
        self._following = False

    def full_frame(self) -> Crop:
        width, height = self.source
        return Crop(width / 2, height / 2, float(height))

    @property
    def crop(self) -> Crop:
        cx, cy, h = self.clamped(self._x)
        return Crop(cx, cy, h)

    def wanted(self, box: tuple[float, float, float, float]) -> np.ndarray:
        """The crop that places a person box (x0, y0, x1, y1 in source pixels) pleasantly."""
        width, height = self.source
        x0, y0, x1, _ = box
        config = self.config
        zoom = min(self.max_zoom, max(1.0, config.person_width * width / max(1.0, x1 - x0)))
        h = height / zoom
        cy = y0 - config.head_room * h + h / 2
        return self.clamped(np.array([(x0 + x1) / 2, cy, h]))

    def clamped(self, crop: np.ndarray) -> np.ndarray:
        width, height = self.source
        h = float(np.clip(crop[2], height / self.max_zoom, height))
        w = h * width / height
        cx = float(np.clip(crop[0], w / 2, width - w / 2))
        cy = float(np.clip(crop[1], h / 2, height - h / 2))
        return np.array([cx, cy, h])

    def update(self, box: tuple[float, float, float, float] | None, t_s: float) -> Crop:
        """Follow the person box seen at ``t_s`` (None: nobody); returns the new crop."""
        config = self.config
        dt = 0.0 if self._last_t is None else max(0.0, t_s - self._last_t)
        self._last_t = t_s
        omega = 1.0 / config.response_s
        if box is not None:
            self._last_seen = t_s
            self._move_goal(self.wanted(box), dt)
        elif self._last_seen is None or t_s - self._last_seen >= config.lost_after_s:
            self._goal, self._following = self.full_frame().as_array(), False
            omega = 1.0 / config.return_response_s
        self._x, self._v = spring_step(self._x, self._v, self._goal, omega, dt)
        return self.crop

    def start_at(self, box: tuple[float, float, float, float]) -> None:
        """Start framed on ``box`` (a recorded clip's first frame) instead of moving there."""
        self._x = self._goal = self.wanted(box)
        self._v = np.zeros(3)

    def forget(self) -> None:
        """Nobody to follow any more (framing switched off): head back to the full frame now."""
        self._last_seen = None

    def _move_goal(self, wanted: np.ndarray, dt: float) -> None:
        """Follow ``wanted`` once it leaves the dead zone around the goal, until the crop has
        caught up with it; inside the dead zone, drift the goal towards it with time constant
        ``settle_s`` (so a person who settled a little off the goal is re-centred slowly)."""
        if not self._following:
            self._following = self._distance(wanted, self._goal) > 1.0
        if self._following:
            self._goal = wanted
            self._following = self._distance(wanted, self._x) > SETTLED
        else:
            share = 1.0 - math.exp(-dt / self.config.settle_s)
            self._goal = self._goal + share * (wanted - self._goal)

    def _distance(self, a: np.ndarray, b: np.ndarray) -> float:
        """How far apart two crops are, in dead zones (1.0: at the dead zone's edge)."""
        width, height = self.source
        config = self.config
        moved = max(abs(a[0] - b[0]) / width, abs(a[1] - b[1]) / height) / config.dead_zone
        return max(moved, abs(a[2] - b[2]) / b[2] / config.zoom_dead_zone)

    def matrix(self, in_size: tuple[int, int], out_size: tuple[int, int]) -> np.ndarray:
        """The 2x3 affine taking a picture of the source at ``in_size`` to the crop at
        ``out_size`` (both (width, height)), for cv2.warpAffine."""
        return crop_matrix(self.crop, self.source, in_size, out_size)

    def is_full_frame(self) -> bool:
        """True when the crop is the whole source (within a tenth of a pixel)."""
        return bool(np.all(np.abs(self.clamped(self._x) - self.full_frame().as_array()) < 0.1))


def crop_matrix(
    crop: Crop, source: tuple[int, int], in_size: tuple[int, int], out_size: tuple[int, int]
) -> np.ndarray:
    """The 2x3 affine taking a picture of ``source`` (crop coordinates) at ``in_size`` to
    ``crop`` at ``out_size`` (all (width, height)), for cv2.warpAffine."""
    width, height = source
    w = crop.h * width / height
    x0, y0 = crop.cx - w / 2, crop.cy - crop.h / 2
    sx, sy = out_size[0] / w, out_size[1] / crop.h
    return np.array(
        [
            [sx * width / in_size[0], 0.0, -x0 * sx],
            [0.0, sy * height / in_size[1], -y0 * sy],
        ]
    )


def box_of(
    confidence: Mask, source: tuple[int, int], threshold: float
) -> tuple[float, float, float, float] | None:
    """The person's box in source pixels from a working-size confidence, or None."""
    box = person_box(confidence, threshold=threshold, margin=0.0)
    if box is None:
        return None
    sx, sy = source[0] / confidence.shape[1], source[1] / confidence.shape[0]
    return (box.x0 * sx, box.y0 * sy, box.x1 * sx, box.y1 * sy)


ImageT = TypeVar("ImageT", Frame, Mask)


def warp(
    image: ImageT, matrix: np.ndarray, size: tuple[int, int], out: ImageT | None = None
) -> ImageT:
    """``image`` (a frame or a confidence) through ``matrix`` to ``size``, bilinear, edges
    replicated."""
    result: ImageT = cv2.warpAffine(
        image, matrix, size, dst=out, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return result
