"""Confidence mask -> alpha matte at the frame's full resolution.

The model's mask is small (256x144 or 256x256) and blurry at the edges. The matte upsamples it to a
working resolution guided by the frame's own colours (a guided filter: edges of the alpha follow edges
of the picture), maps confidence to coverage with a soft ramp instead of a hard cut, and scales the
result to the frame as uint8. All full-resolution work is one uint8 resize.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import cv2
import numpy as np
import numpy.typing as npt

from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask

Alpha = npt.NDArray[np.uint8]
MIN_GUIDE_SIDE_PX = 16
MAX_REGION_ALIGNMENT = 16
REGION_WORTH_IT = 0.8  # filter only the mask's region when it is at most this share of the frame  # the largest pixel period of an exact upscale ratio worth using


@dataclass(frozen=True)
class MatteConfig:
    """How a confidence mask becomes alpha.

    ``ramp_low``/``ramp_high``: confidence below low is background (alpha 0), above high is person
    (alpha 255), linear between. ``guide_long_side_px``: the long side of the working resolution of
    the guided filter. ``guided_radius_px`` is at that resolution; ``guided_eps`` is in squared
    8-bit intensity units (larger = smoother, less edge-following). ``refine`` = False skips the
    guided filter (plain bilinear upsampling). ``guided_colour``: guide by the colour frame rather
    than its grey levels (about 4x the cost; edges between colours of equal brightness follow too).
    ``guided_subsample``: the grey guided filter computes its box statistics at 1/N of the working
    resolution and applies them at full working resolution (the fast guided filter of He and Sun:
    ~2.5x cheaper at N=2, mean difference 0.002 in confidence; the live profile uses 2).
    """

    ramp_low: float = 0.3
    ramp_high: float = 0.7
    refine: bool = True
    guide_long_side_px: int = 512
    guided_radius_px: int = 6
    guided_eps: float = 26.0
    guided_colour: bool = False
    guided_subsample: int = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.ramp_low < self.ramp_high <= 1.0:
            raise UsageError(
                f"matte ramp must satisfy 0 <= ramp_low < ramp_high <= 1, got "
                f"{self.ramp_low} and {self.ramp_high}"
            )
        eps_ok = math.isfinite(self.guided_eps) and self.guided_eps > 0
        if self.guided_subsample < 1:
            raise UsageError(f"matte guided_subsample must be >= 1, got {self.guided_subsample}")
        if self.guide_long_side_px < MIN_GUIDE_SIDE_PX or self.guided_radius_px < 1 or not eps_ok:
            raise UsageError(
                f"matte guide_long_side_px must be >= {MIN_GUIDE_SIDE_PX}, guided_radius_px >= 1 "
                f"and guided_eps a finite number > 0, got {self.guide_long_side_px}, "
                f"{self.guided_radius_px} and {self.guided_eps}"
            )


@dataclass(frozen=True)
class GuideStats:
    """The grey guided filter's statistics of the guide alone, which need no mask: they can be
    computed while the model runs (``Matte.guide_stats``)."""

    guide: Frame  # the grey guide at the working size
    small: Mask  # the guide at 1/subsample, float32
    mean: Mask  # box mean of ``small``
    variance: Mask  # box variance of ``small``
    box: tuple[int, int]


def guide_stats(guide: Frame, radius_px: int, subsample: int) -> GuideStats:
    """Box statistics of a grey uint8 ``guide`` at 1/subsample, with boxes of radius ``radius_px``
    at the guide's own resolution."""
    height, width = guide.shape[:2]
    size = (max(1, width // subsample), max(1, height // subsample))
    small = cv2.resize(guide, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    box = (2 * max(1, radius_px // subsample) + 1,) * 2
    mean = cv2.blur(small, box)
    variance = cv2.blur(small * small, box) - mean * mean
    return GuideStats(guide, small, mean, variance, box)


def fast_guided_filter(stats: GuideStats, mask: Mask, eps: float) -> Mask:
    """Grey guided filter of ``mask`` (working size) by the guide behind ``stats``.

    q = mean(a) * I + mean(b), with a = cov(I, p) / (var(I) + eps) and b = mean(p) - a * mean(I)
    over boxes; the box statistics and a, b are computed on the subsampled pair, and only the last
    multiply-add runs at the working size. Where the mask is zero for two box radii around, a and
    b are zero and so is q: the filter runs only on the mask's region (``filter_region``), which
    gives the same values as running it everywhere (a crop-tracked mask is zero outside its crop).
    """
    region = filter_region(mask, stats)
    if region is None:
        return guided_filter_on(
            stats, mask, eps, (slice(None), slice(None)), (slice(None), slice(None))
        )
    small, work = region
    refined = np.zeros(mask.shape, np.float32)
    guided_filter_on(stats, mask, eps, small, work, out=refined[work])
    return refined


Region = tuple[slice, slice]


def filter_region(mask: Mask, stats: GuideStats) -> tuple[Region, Region] | None:
    """The (subsampled, working-size) region outside which the filter's output is zero, or None
    when that is (nearly) everything or the subsampled size is not an exact fraction."""
    height, width = mask.shape
    small_height, small_width = stats.small.shape
    step = width // small_width
    if step * small_width != width or step * small_height != height:
        return None
    x, y, w, h = cv2.boundingRect((mask != 0).view(np.uint8))
    if w == 0 or h == 0:
        return None
    margin = stats.box[0] + 1  # two box radii and one pixel for the bilinear step
    x0, y0 = max(0, x // step - margin), max(0, y // step - margin)
    x1 = min(small_width, -(-(x + w) // step) + margin)
    y1 = min(small_height, -(-(y + h) // step) + margin)
    if (x1 - x0) * (y1 - y0) > REGION_WORTH_IT * small_width * small_height:
        return None
    small = (slice(y0, y1), slice(x0, x1))
    return small, (slice(y0 * step, y1 * step), slice(x0 * step, x1 * step))


def guided_filter_on(
    stats: GuideStats,
    mask: Mask,
    eps: float,
    small: Region,
    work: Region,
    out: Mask | None = None,
) -> Mask:
    """The grey guided filter computed on one region: ``small`` of the subsampled statistics and
    the same region ``work`` of the working size; written into ``out`` if given."""
    guide = stats.guide[work]
    height, width = guide.shape[:2]
    guide_s, mean_i, var_i = stats.small[small], stats.mean[small], stats.variance[small]
    mask_s = cv2.resize(mask[work], guide_s.shape[1::-1], interpolation=cv2.INTER_AREA)
    mean_p = cv2.blur(mask_s, stats.box)
    cov_ip = cv2.blur(guide_s * mask_s, stats.box) - mean_i * mean_p
    a = cov_ip / (var_i + np.float32(eps))
    b = mean_p - a * mean_i
    mean_a = cv2.resize(cv2.blur(a, stats.box), (width, height), interpolation=cv2.INTER_LINEAR)
    mean_b = cv2.resize(cv2.blur(b, stats.box), (width, height), interpolation=cv2.INTER_LINEAR)
    refined: Mask = cv2.multiply(mean_a, guide, dst=out, dtype=cv2.CV_32F)
    refined += mean_b
    return refined


def _aligned(start: int, stop: int, step: int, limit: int) -> tuple[int, int]:
    """[start, stop) widened by one pixel each way, then out to multiples of ``step``, within
    [0, limit]."""
    low = max(0, (start - 1) // step * step)
    high = min(limit, -(-(stop + 1) // step) * step)
    return low, high


def upscaled_region(
    small: Alpha, size: tuple[int, int]
) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]] | None:
    """Where the non-zero part of ``small`` lands when it is resized (bilinear) to ``size``:
    ((x0, y0, x1, y1) in ``small``, the same box in the resized picture), or None when it is
    empty or the scale has no small exact ratio.

    The box has a margin of zero pixels and starts and ends on pixels that map exactly onto
    pixels of the resized picture, so resizing just the box gives the same pixels as resizing
    everything, and outside it everything is zero.
    """
    x, y, w, h = cv2.boundingRect(small)
    if w == 0 or h == 0:
        return None
    height, width = small.shape[:2]
    scale_x, scale_y = Fraction(size[0], width), Fraction(size[1], height)
    if max(scale_x.denominator, scale_y.denominator) > MAX_REGION_ALIGNMENT:
        return None
    x0, x1 = _aligned(x, x + w, scale_x.denominator, width)
    y0, y1 = _aligned(y, y + h, scale_y.denominator, height)
    big = (int(x0 * scale_x), int(y0 * scale_y), int(x1 * scale_x), int(y1 * scale_y))
    return (x0, y0, x1, y1), big


def work_size(frame_width: int, frame_height: int, long_side_px: int) -> tuple[int, int]:
    """The (width, height) of the working resolution: the frame scaled down to long_side_px."""
    scale = min(1.0, long_side_px / max(frame_width, frame_height))
    return max(1, round(frame_width * scale)), max(1, round(frame_height * scale))


class Matte:
    """Turns confidence masks into uint8 alpha for frames of any size."""

    def __init__(self, config: MatteConfig | None = None) -> None:
        self.config = config or MatteConfig()
        ramp = self.config.ramp_high - self.config.ramp_low
        self._gain = 255.0 / ramp
        self._offset = -self.config.ramp_low * 255.0 / ramp

    def work_size(self, frame: Frame) -> tuple[int, int]:
        """The working resolution for this frame."""
        return work_size(frame.shape[1], frame.shape[0], self.config.guide_long_side_px)

    def guide(self, frame: Frame) -> Frame:
        """The frame at the working size (the guided filter's and the stabiliser's guide)."""
        size = self.work_size(frame)
        if frame.shape[1::-1] == size:
            return frame
        small: Frame = cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)
        return small

    def guide_stats(self, grey: Frame) -> GuideStats:
        """The grey guided filter's statistics of ``grey`` (the guide at the working size)."""
        return guide_stats(grey, self.config.guided_radius_px, self.config.guided_subsample)

    def refine(
        self,
        frame: Frame,
        confidence: Mask,
        guide: Frame | None = None,
        stats: GuideStats | None = None,
    ) -> Mask:
        """Confidence (any size, covering the whole frame) -> confidence at the working size.

        ``guide``: the frame at the working size (BGR, or grey for the grey filter), if already
        made; ``stats``: the grey filter's statistics of that guide, if already computed."""
        size = self.work_size(frame)
        mask = confidence
        if mask.shape[1::-1] != size:
            mask = cv2.resize(mask, size, interpolation=cv2.INTER_LINEAR)
        if not self.config.refine:
            return mask
        guide = self.guide(frame) if guide is None else guide
        config = self.config
        if config.guided_colour and guide.ndim == 3:
            refined: Mask = cv2.ximgproc.guidedFilter(
                guide, mask, config.guided_radius_px, config.guided_eps
            )
            return refined
        if stats is None:
            grey = guide if guide.ndim == 2 else cv2.cvtColor(guide, cv2.COLOR_BGR2GRAY)
            stats = self.guide_stats(grey)
        return fast_guided_filter(stats, mask, config.guided_eps)

    def coverage(self, confidence: Mask) -> Alpha:
        """Soft ramp from confidence to uint8 coverage (same size)."""
        # convertScaleAbs takes |x|: clamp below first so the low end saturates at 0, not above.
        floor = np.maximum(confidence, np.float32(self.config.ramp_low))
        alpha: Alpha = cv2.convertScaleAbs(floor, alpha=self._gain, beta=self._offset)
        return alpha

    def to_frame(self, frame: Frame, confidence: Mask, out: Alpha | None = None) -> Alpha:
        """Coverage of a working-size confidence, scaled to the frame as uint8 (H, W).

        With ``out`` (a buffer reused between frames) only the person's part of the frame is
        resized and the rest is zeroed: the same pixels as resizing it all (``upscaled_region``)."""
        small = self.coverage(confidence)
        height, width = frame.shape[:2]
        if small.shape == (height, width):
            if out is None:
                return small
            np.copyto(out, small)
            return out
        region = upscaled_region(small, (width, height)) if out is not None else None
        if out is None or region is None:
            result: Alpha = cv2.resize(
                small, (width, height), dst=out, interpolation=cv2.INTER_LINEAR
            )
            return result
        (x0, y0, x1, y1), (big_x0, big_y0, big_x1, big_y1) = region
        out.fill(0)
        cv2.resize(
            small[y0:y1, x0:x1],
            (big_x1 - big_x0, big_y1 - big_y0),
            dst=out[big_y0:big_y1, big_x0:big_x1],
            interpolation=cv2.INTER_LINEAR,
        )
        return out

    def alpha(self, frame: Frame, confidence: Mask, out: Alpha | None = None) -> Alpha:
        """The uint8 alpha (H, W) for ``frame`` from a confidence mask covering the whole frame."""
        return self.to_frame(frame, self.refine(frame, confidence), out)
