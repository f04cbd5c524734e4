"""Low-light lift: a tone curve that brings a dark person to a normal brightness, through a LUT.

The curve comes from two histograms of a small grey copy of the frame: the whole picture's white
point (its 99.5th percentile) sets a gain that stretches a dark picture back to the full range (at
most ``max_gain``), and the person's median (the confidence > 0.5 pixels; the whole picture when
nobody is seen), after that gain, sets a gamma that brings it to ``target_median``. A picture
whose person is already bright enough gets neither. Both are smoothed over time (an exponential
average with time constant ``smoothing_s``) so the picture never pumps; the table is applied with one
cv2.LUT, skipped when the curve is nearly flat.

The histograms are read at most every ``SAMPLE_EVERY_S`` (0.1 s, every third frame at 30 fps) and
the curve glides towards the latest reading every frame: it moves over seconds, so more readings
would change nothing, and sampling a 720p frame at 160 px costs cache misses (0.4-0.6 ms at best on
the test machine when the frame is not in cache, 0.1 ms when it is) that the LUT's streaming pass
does not. A lit room then costs a histogram every third frame and nothing in between.

A full-frame 720p LUT costs about 1.1 ms on the test machine, the budget alone. When the room is not
shown (a picture, a colour or a video replaces it, or the output is transparent), ``apply`` with
``box_only`` lifts only the person's box (from the latest reading, grown by ``BOX_MARGIN``) and
denoises it with a 3x3 median (monotonic curves and medians commute, so the order does not matter);
the rest of the frame is copied as it is. With the whole room shown (no background, blur) the whole
frame is lifted and not denoised: a median over it would add half a millisecond (docs/quality.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask

HISTOGRAM_WIDTH_PX = 160
WHITE_PERCENTILE = 0.995
SAMPLE_EVERY_S = 0.1  # the curve's histograms at most this often (the curve moves over seconds)
FLAT = 0.015  # gain - 1 and 1 - gamma below this: no table
BOX_MARGIN = 0.08  # the lifted box's margin around the person, a share of the frame's size
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in frame pixels


@dataclass(frozen=True)
class LowLightConfig:
    """``target_median``: the person's median grey level the curve aims at (0-255).
    ``max_gain``: the strongest stretch; ``min_gamma``: the strongest gamma.
    ``smoothing_s``: the curve's time constant."""

    target_median: float = 85.0
    max_gain: float = 4.0
    min_gamma: float = 0.4
    smoothing_s: float = 2.0
    threshold: float = 0.5

    def __post_init__(self) -> None:
        if not (0 < self.target_median < 255 and 0 < self.min_gamma <= 1 and self.max_gain >= 1):
            raise UsageError("low light needs target_median in (0, 255), min_gamma in (0, 1]")


def tone_lut(gain: float, gamma: float) -> np.ndarray:
    """The 256-entry uint8 table of 255 * min(1, gain * v / 255) ** gamma."""
    levels = np.minimum(1.0, gain * np.arange(256, dtype=np.float64) / 255.0)
    return np.clip(np.round(255.0 * levels**gamma), 0, 255).astype(np.uint8)


def wanted_curve(median: float, white: float, config: LowLightConfig) -> tuple[float, float]:
    """(gain, gamma) for a person at ``median`` in a picture whose white point is ``white``."""
    if median >= config.target_median:
        return 1.0, 1.0
    gain = min(config.max_gain, max(1.0, 255.0 / max(white, 1.0)))
    lifted = min(254.0, max(median, 1.0) * gain) / 255.0
    target = config.target_median / 255.0
    gamma = 1.0 if lifted >= target else max(config.min_gamma, math.log(target) / math.log(lifted))
    return gain, gamma


def _percentile(histogram: np.ndarray, share: float) -> float:
    cumulative = np.cumsum(histogram)
    return float(np.searchsorted(cumulative, cumulative[-1] * share))


def levels(
    frame: Frame, confidence: Mask | None, threshold: float
) -> tuple[float, float, Box | None]:
    """(the person's median grey level, the picture's white point, the person's box grown by
    ``BOX_MARGIN`` or None when nobody is seen)."""
    height, width = frame.shape[:2]
    size = (HISTOGRAM_WIDTH_PX, max(1, round(height * HISTOGRAM_WIDTH_PX / width)))
    small = cv2.resize(frame, size, interpolation=cv2.INTER_NEAREST)  # a sample is enough
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    whole = cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel()
    person, box = whole, None
    if confidence is not None:
        mask = cv2.resize(confidence, size, interpolation=cv2.INTER_LINEAR) > threshold
        if mask.any():
            person = cv2.calcHist([grey], [0], mask.view(np.uint8), [256], [0, 256]).ravel()
            box = _grown_box(cv2.boundingRect(mask.view(np.uint8)), size, (width, height))
    return _percentile(person, 0.5), _percentile(whole, WHITE_PERCENTILE), box


def _grown_box(
    rect: tuple[int, int, int, int], sample: tuple[int, int], frame: tuple[int, int]
) -> Box:
    """A (x, y, w, h) rectangle of the sample as a frame box grown by ``BOX_MARGIN``."""
    x, y, w, h = rect
    sx, sy = frame[0] / sample[0], frame[1] / sample[1]
    mx, my = BOX_MARGIN * frame[0], BOX_MARGIN * frame[1]
    return (
        max(0, math.floor(x * sx - mx)),
        max(0, math.floor(y * sy - my)),
        min(frame[0], math.ceil((x + w) * sx + mx)),
        min(frame[1], math.ceil((y + h) * sy + my)),
    )


def _fits(box: Box, frame: Frame) -> bool:
    return frame.ndim == 3 and box[2] <= frame.shape[1] and box[3] <= frame.shape[0]


def lift_box(frame: Frame, lut: np.ndarray, box: Box, out: Frame) -> Frame:
    """``out``: ``frame`` with its ``box`` denoised (3x3 median) and through ``lut``, the rest
    copied as it is."""
    x0, y0, x1, y1 = box
    np.copyto(out[:y0], frame[:y0])
    np.copyto(out[y1:], frame[y1:])
    np.copyto(out[y0:y1, :x0], frame[y0:y1, :x0])
    np.copyto(out[y0:y1, x1:], frame[y0:y1, x1:])
    inner = out[y0:y1, x0:x1]
    cv2.medianBlur(frame[y0:y1, x0:x1], 3, dst=inner)
    cv2.LUT(inner, lut, dst=inner)
    return out


class LowLightLift:
    """The smoothed tone curve of one stream."""

    def __init__(self, config: LowLightConfig | None = None) -> None:
        self.config = config or LowLightConfig()
        self.gain, self.gamma = 1.0, 1.0
        self._lut_curve = (1.0, 1.0)
        self._lut = tone_lut(1.0, 1.0)
        self._last_t: float | None = None
        self._sampled_t: float | None = None
        self._wanted = (1.0, 1.0)
        self.box: Box | None = None  # the person's box at the latest reading, with margin

    def observe(self, frame: Frame, confidence: Mask | None, t_s: float) -> float:
        """Move the curve towards what the (un-lifted) frames want; returns the gamma. The
        histograms are re-read when ``SAMPLE_EVERY_S`` has passed since the last reading (the
        first frame always); the curve glides towards the latest reading every frame."""
        if self._sampled_t is None or t_s - self._sampled_t >= SAMPLE_EVERY_S - 1e-6:
            median, white, self.box = levels(frame, confidence, self.config.threshold)
            self._wanted = wanted_curve(median, white, self.config)
            self._sampled_t = t_s
        gain, gamma = self._wanted
        if self._last_t is None:
            self.gain, self.gamma = gain, gamma
        else:
            share = 1.0 - math.exp(-max(0.0, t_s - self._last_t) / self.config.smoothing_s)
            self.gain += share * (gain - self.gain)
            self.gamma += share * (gamma - self.gamma)
        self._last_t = t_s
        return self.gamma

    @property
    def fresh(self) -> bool:
        """True until the first ``observe`` (no curve yet)."""
        return self._last_t is None

    @property
    def flat(self) -> bool:
        return self.gain - 1.0 < FLAT and 1.0 - self.gamma < FLAT

    def apply(self, frame: Frame, out: Frame | None = None, box_only: bool = False) -> Frame:
        """``frame`` through the current curve (``frame`` itself when the curve is flat).
        ``box_only`` (the room is not shown): only the person's box, denoised, when one was
        seen at the latest reading and ``out`` is given; the whole frame otherwise."""
        if self.flat:
            return frame
        curve = (self.gain, self.gamma)
        if max(abs(a - b) for a, b in zip(curve, self._lut_curve, strict=True)) > 1e-3:
            self._lut, self._lut_curve = tone_lut(*curve), curve
        box = self.box
        if box_only and box is not None and out is not None and _fits(box, frame):
            return lift_box(frame, self._lut, box, out)
        lifted: Frame = cv2.LUT(frame, self._lut, dst=out)
        return lifted

    def reset(self) -> None:
        self.gain, self.gamma, self._last_t, self._sampled_t = 1.0, 1.0, None, None
        self.box = None
