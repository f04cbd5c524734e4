"""Skin touch-up: edge-preserving smoothing of the skin of the face, nowhere else.

Where the face is comes from the person's confidence (the matte's own input, at the working size):
the head's width is the person's median width over their top rows, its centre the mean column
there (not the box's centre, which a raised arm moves), and the head box is 1.3 by 1.6 head widths
from just above the hair. No face detector: OpenCV 5's plain wheel has no Haar cascades (the
contrib and the 4.x wheels do), a cascade costs 2-11 ms a run at the sizes a webcam face needs and
misses a face turned away; the confidence is there every frame and follows the head wherever the
matte does.

Inside that box, reduced by a power of two to at most ``WORK_SIDE_PX`` across (each small pixel an
exact square: the area average's fast path), a weight is made per pixel: strength x ``MAX_BLEND`` x
a skin mask (a YCrCb range, feathered) x the person's confidence (the room behind the head stays as
it is) x how flat the picture is there (eyes, brows, lips, nostrils and the hair's outline have
strong local contrast and keep their detail) x a ramp towards the box's sides (no seam). Only the
rectangle where the weight is not zero is smoothed (a bilateral filter at the small size, which
keeps edges), brought back to full size and blended over the frame there, in uint8 arithmetic into
kept buffers. Every pixel outside that rectangle, and inside it wherever the weight is zero, is the
frame's own. The chain calls it only at a strength above 0 (one attribute check when off).
"""

from __future__ import annotations

import cv2
import numpy as np

from zoomclone.buffers import Buffers
from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask
from zoomclone.matting.framing import Box, person_box

MAX_STRENGTH = 1.0
DEFAULT_STRENGTH = 0.5  # what ``t`` or a bare ``touchup`` turns on when no strength was given
MAX_BLEND = 0.8  # the smoothed picture's share on flat skin at strength 1: texture never vanishes
WORK_SIDE_PX = 160  # the head box's longer side while smoothing: halved until at most this
BAND_SHARE = 0.35  # the top rows that measure the head, a share of the person box's shorter side
HEAD_WIDE, HEAD_TALL = 1.3, 1.6  # the head box's size in head widths (the chin and some neck)
HEAD_RAISE = 0.1  # the head box starts this many head widths above the person's top
MIN_HEAD_PX = 8  # a head narrower than this at the working size is skipped (too far away)
RAMP_SHARE = 0.15  # the weight ramps up over this share of the box at each side
SKIN_LOW = (40, 135, 80)  # YCrCb: not the darkest shadows, and the usual skin range of Cr, Cb
SKIN_HIGH = (255, 172, 125)
FLAT_LOW, FLAT_HIGH = 10.0, 36.0  # local contrast (3x3 grey range): fully smoothed .. untouched
BILATERAL_D, SIGMA_COLOR, SIGMA_SPACE = 7, 24.0, 3.0


def check_strength(value: float) -> float:
    """``value`` when it is a strength from 0 (off) to 1; UsageError otherwise."""
    if not 0.0 <= value <= MAX_STRENGTH:  # also False for NaN
        raise UsageError(f"expected a touch-up strength from 0 (off) to 1, got {value:g}")
    return abs(float(value))  # -0 is shown as 0


def strength_value(current: float, last_on: float, argument: str) -> float:
    """The strength after a ``touchup`` command: none toggles (to the last strength used, or
    ``DEFAULT_STRENGTH``), a number sets it."""
    if not argument:
        return 0.0 if current > 0 else (last_on or DEFAULT_STRENGTH)
    try:
        value = float(argument)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= MAX_STRENGTH:
        raise UsageError(f"bad touch-up strength {argument!r}: use a number from 0 (off) to 1")
    return value


def head_box(confidence: Mask, frame_size: tuple[int, int], threshold: float = 0.5) -> Box | None:
    """The head's box in frame pixels, from the confidence (any size describing the same frame);
    None when nobody is seen or the head is too small. The head's width is the person's median
    width over the top rows (``BAND_SHARE`` of the person box's shorter side), its centre the mean
    column there; the box is ``HEAD_WIDE`` by ``HEAD_TALL`` head widths."""
    person = person_box(confidence, threshold=threshold, margin=0.0)
    if person is None:
        return None
    rows = max(2, int(min(person.width, person.height) * BAND_SHARE))
    band = confidence[person.y0 : person.y0 + rows, person.x0 : person.x1] > threshold
    widths = band.sum(axis=1)
    head = float(np.median(widths[widths > 0]))
    if head < MIN_HEAD_PX:
        return None
    top = band[: max(1, int(head))]
    columns = top.sum(axis=0, dtype=np.float32)
    centre = person.x0 + float(columns @ np.arange(columns.size, dtype=np.float32)) / columns.sum()
    height, width = confidence.shape
    half = min(person.width, HEAD_WIDE * head) / 2
    y0 = max(0, int(person.y0 - HEAD_RAISE * head))
    box = Box(
        max(0, int(centre - half)),
        y0,
        min(width, int(np.ceil(centre + half))),
        min(height, int(np.ceil(y0 + HEAD_TALL * head))),
    )
    return box.scaled(frame_size[0] / width, frame_size[1] / height)


def _ramp(n: int) -> np.ndarray:
    steps = (np.arange(n, dtype=np.float32) + 0.5) / max(1.0, RAMP_SHARE * n)
    return np.minimum(1.0, np.minimum(steps, steps[::-1]))


class SkinTouchUp:
    """The touch-up of one stream (remembers its buffers and the last strength used)."""

    def __init__(self, strength: float = 0.0) -> None:
        self.strength = check_strength(strength)
        self.last_on = self.strength or DEFAULT_STRENGTH
        self.box: Box | None = None  # the head box of the latest frame, in frame pixels
        self._ramps: dict[tuple[int, int], np.ndarray] = {}
        self._buffers = Buffers()

    def set(self, strength: float) -> None:
        self.strength = check_strength(strength)
        if strength > 0:
            self.last_on = strength

    def command(self, argument: str) -> str:
        """Toggle (no argument) or set the strength; returns the toast to show."""
        self.set(strength_value(self.strength, self.last_on, argument))
        return f"skin touch-up {self.strength:g}" if self.strength > 0 else "skin touch-up off"

    def apply(self, frame: Frame, confidence: Mask | None, out: Frame) -> Frame:
        """``out``: ``frame`` with the skin in its head box smoothed; ``frame`` itself when there
        is nothing to do (off, nobody seen, no skin, not a colour frame)."""
        if self.strength <= 0 or confidence is None or frame.ndim != 3:
            return frame
        size = (frame.shape[1], frame.shape[0])
        self.box = box = head_box(confidence, size)
        if box is None:
            return frame
        step = _step(box)
        box = Box(box.x0, box.y0, box.x1 - box.width % step, box.y1 - box.height % step)
        if box.width < step or box.height < step:
            return frame
        small = _reduced(frame[box.y0 : box.y1, box.x0 : box.x1], step)
        held = _held(confidence, box, size, (small.shape[1], small.shape[0]))
        weight = skin_weight(small) * held * self._ramp(small.shape[:2])
        weight8 = cv2.convertScaleAbs(weight, alpha=255.0 * self.strength * MAX_BLEND)
        x, y, w, h = _grown(cv2.boundingRect(weight8), weight8.shape)  # the skin's rectangle
        if w == 0:
            return frame
        np.copyto(out, frame)
        x0, y0 = box.x0 + x * step, box.y0 + y * step
        self._blend(
            frame[y0 : y0 + h * step, x0 : x0 + w * step],
            small[y : y + h, x : x + w],
            weight8[y : y + h, x : x + w],
            out[y0 : y0 + h * step, x0 : x0 + w * step],
        )
        return out

    def _blend(self, inner: Frame, small: Frame, weight8: np.ndarray, target: Frame) -> None:
        """``target`` = ``inner`` x (1 - w) + smoothed x w, with ``small`` smoothed and it and
        ``weight8`` (w x 255) brought up to ``inner``'s size. In uint8 arithmetic into buffers
        kept from frame to frame (a float blend or fresh arrays cost twice as much); w = 0 gives
        ``inner`` exactly."""
        smooth = cv2.bilateralFilter(small, BILATERAL_D, SIGMA_COLOR, SIGMA_SPACE)
        size, shape = (inner.shape[1], inner.shape[0]), inner.shape
        up = cv2.resize(smooth, size, dst=self._buffers.take("smooth", shape))
        grey = cv2.resize(weight8, size, dst=self._buffers.take("weight", shape[:2]))
        weights = cv2.merge([grey, grey, grey], dst=self._buffers.take("weights", shape))
        kept = cv2.multiply(inner, cv2.bitwise_not(weights, dst=target), scale=1 / 255, dst=target)
        cv2.add(kept, cv2.multiply(up, weights, scale=1 / 255, dst=up), dst=target)

    def _ramp(self, shape: tuple[int, int]) -> np.ndarray:
        ramp = self._ramps.get(shape)
        if ramp is None:
            if len(self._ramps) > 64:  # the box changes size as the person moves
                self._ramps.clear()
            ramp = self._ramps[shape] = np.outer(_ramp(shape[0]), _ramp(shape[1]))
        return ramp


def _step(box: Box) -> int:
    """The reduction: the smallest power of two that brings the box's longer side to
    ``WORK_SIDE_PX`` or less."""
    step = 1
    while max(box.width, box.height) > WORK_SIDE_PX * step:
        step *= 2
    return step


def _reduced(inner: Frame, step: int) -> Frame:
    """``inner`` (its sides multiples of ``step``) reduced ``step`` times by area averages: each
    small pixel is exactly a ``step`` x ``step`` square (halving is the area average's fast path)."""
    small = inner
    while step > 1:
        half = (small.shape[1] // 2, small.shape[0] // 2)
        small, step = cv2.resize(small, half, interpolation=cv2.INTER_AREA), step // 2
    return small


def _grown(rect: tuple[int, int, int, int], shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A (x, y, w, h) rectangle grown by a pixel on each side within ``shape`` (a zero weight
    around it: the weight brought up to full size falls to zero inside it); empty stays empty."""
    x, y, w, h = rect
    if w == 0 or h == 0:
        return 0, 0, 0, 0
    x0, y0 = max(0, x - 1), max(0, y - 1)
    return x0, y0, min(shape[1], x + w + 1) - x0, min(shape[0], y + h + 1) - y0


def skin_weight(small: Frame) -> np.ndarray:
    """0..1 per pixel: skin-coloured (feathered) and flat (no strong local contrast)."""
    ycrcb = cv2.cvtColor(small, cv2.COLOR_BGR2YCrCb)
    skin = cv2.inRange(ycrcb, SKIN_LOW, SKIN_HIGH)
    skin = cv2.GaussianBlur(skin, (5, 5), 0).astype(np.float32) * np.float32(1 / 255)
    grey = ycrcb[..., 0]
    contrast = cv2.morphologyEx(grey, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    contrast = cv2.dilate(contrast, np.ones((3, 3), np.uint8)).astype(np.float32)
    flat = np.clip((FLAT_HIGH - contrast) * np.float32(1 / (FLAT_HIGH - FLAT_LOW)), 0.0, 1.0)
    weight: np.ndarray = skin * flat
    return weight


def _held(confidence: Mask, box: Box, frame_size: tuple[int, int], size: tuple[int, int]) -> Mask:
    """The person's confidence over ``box`` (frame pixels), at ``size``."""
    sx, sy = confidence.shape[1] / frame_size[0], confidence.shape[0] / frame_size[1]
    x0, y0 = int(box.x0 * sx), int(box.y0 * sy)
    x1 = min(confidence.shape[1], max(x0 + 1, int(np.ceil(box.x1 * sx))))
    y1 = min(confidence.shape[0], max(y0 + 1, int(np.ceil(box.y1 * sy))))
    held: Mask = cv2.resize(confidence[y0:y1, x0:x1], size, interpolation=cv2.INTER_LINEAR)
    return held
