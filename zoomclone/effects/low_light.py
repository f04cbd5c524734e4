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
does not. A lit room then costs a histogram every third frame and nothing in between. No denoise:
the cheapest useful one (a 3x3 median, about half a millisecond at 720p) does not fit the 1 ms the
LUT already spends (docs/quality.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.errors import UsageError
from zoomclone.segmentation.base import Frame, Mask

HISTOGRAM_WIDTH_PX = 160
WHITE_PERCENTILE = 0.995
SAMPLE_EVERY_S = 0.1  # the curve's histograms at most this often (the curve moves over seconds)
FLAT = 0.015  # gain - 1 and 1 - gamma below this: no table


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


def levels(frame: Frame, confidence: Mask | None, threshold: float) -> tuple[float, float]:
    """(the person's median grey level, the picture's white point)."""
    height, width = frame.shape[:2]
    size = (HISTOGRAM_WIDTH_PX, max(1, round(height * HISTOGRAM_WIDTH_PX / width)))
    small = cv2.resize(frame, size, interpolation=cv2.INTER_NEAREST)  # a sample is enough
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    whole = cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel()
    person = whole
    if confidence is not None:
        mask = cv2.resize(confidence, size, interpolation=cv2.INTER_LINEAR) > threshold
        if mask.any():
            person = cv2.calcHist([grey], [0], mask.view(np.uint8), [256], [0, 256]).ravel()
    return _percentile(person, 0.5), _percentile(whole, WHITE_PERCENTILE)


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

    def observe(self, frame: Frame, confidence: Mask | None, t_s: float) -> float:
        """Move the curve towards what the (un-lifted) frames want; returns the gamma. The
        histograms are re-read when ``SAMPLE_EVERY_S`` has passed since the last reading (the
        first frame always); the curve glides towards the latest reading every frame."""
        if self._sampled_t is None or t_s - self._sampled_t >= SAMPLE_EVERY_S - 1e-6:
            median, white = levels(frame, confidence, self.config.threshold)
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

    def apply(self, frame: Frame, out: Frame | None = None) -> Frame:
        """``frame`` through the current curve (``frame`` itself when the curve is flat)."""
        if self.flat:
            return frame
        curve = (self.gain, self.gamma)
        if max(abs(a - b) for a, b in zip(curve, self._lut_curve, strict=True)) > 1e-3:
            self._lut, self._lut_curve = tone_lut(*curve), curve
        lifted: Frame = cv2.LUT(frame, self._lut, dst=out)
        return lifted

    def reset(self) -> None:
        self.gain, self.gamma, self._last_t, self._sampled_t = 1.0, 1.0, None, None
