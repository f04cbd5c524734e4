"""Where the model looks: the whole frame, then a crop around the person.

The model sees 256 pixels across. A person who fills a third of the frame gets ~85 of them. A second
pass on a crop around the person (found in the first pass) gives the model the person at a useful
resolution; its mask replaces the first pass's inside the crop.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask
from zoomclone.segmentation.base import Segmenter


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels: x0, y0 inclusive, x1, y1 exclusive."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def scaled(self, sx: float, sy: float) -> Box:
        """The same box in a coordinate system scaled by (sx, sy)."""
        return Box(
            int(self.x0 * sx),
            int(self.y0 * sy),
            int(np.ceil(self.x1 * sx)),
            int(np.ceil(self.y1 * sy)),
        )


def person_box(
    mask: Mask, *, threshold: float, margin: float, min_margin_px: int = 0
) -> Box | None:
    """The bounding box of mask > threshold grown by ``margin`` of its size (at least
    ``min_margin_px``), or None if empty."""
    x, y, w, h = cv2.boundingRect((mask > threshold).view(np.uint8))
    if w == 0 or h == 0:
        return None
    height, width = mask.shape
    dx, dy = max(min_margin_px, round(w * margin)), max(min_margin_px, round(h * margin))
    return Box(max(0, x - dx), max(0, y - dy), min(width, x + w + dx), min(height, y + h + dy))


@dataclass(frozen=True)
class FramingConfig:
    """Where the model looks.

    ``crop_pass``: segment a crop around the person when the crop is smaller than
    ``max_crop_fraction`` of the frame's area. ``crop_margin``: the crop's margin, as a fraction of
    the person's box, and at least ``min_crop_margin_px`` at the working resolution (room for a
    small person to move between frames). ``person_threshold``: the confidence that counts as person for the box.
    ``flip_average``: also segment the mirror image and average (twice the model time; stills).
    ``track_crop``: in a stream, crop around the person found in the previous frame instead of
    segmenting the whole frame first (one model pass per frame); the whole frame is still seen
    every ``full_pass_interval_frames`` frames and whenever the person is lost. The crop stays put
    while the person's box fits in it and the crop is at most ``crop_slack_area`` times the box
    it would be made from, so the model sees the same crop from frame to frame.
    """

    crop_pass: bool = True
    crop_margin: float = 0.15
    min_crop_margin_px: int = 8
    max_crop_fraction: float = 0.9
    person_threshold: float = 0.5
    flip_average: bool = False
    track_crop: bool = True
    full_pass_interval_frames: int = 30
    crop_slack_area: float = 1.4

    def __post_init__(self) -> None:
        if self.crop_margin < 0 or not 0 < self.max_crop_fraction <= 1:
            raise UsageError("framing crop_margin must be >= 0 and max_crop_fraction in (0, 1]")
        if self.full_pass_interval_frames < 1 or self.crop_slack_area < 1:
            raise UsageError(
                "framing full_pass_interval_frames must be >= 1 and crop_slack_area >= 1"
            )


def segment_whole(segmenter: Segmenter, image: Frame, *, flip: bool) -> Mask:
    """The model's mask of ``image`` (at model size), averaged with its mirror image's if ``flip``."""
    mask = segmenter.segment(image)
    if not flip:
        return mask
    mirrored = cv2.flip(segmenter.segment(cv2.flip(image, 1)), 1)
    averaged: Mask = cv2.addWeighted(mask, 0.5, mirrored, 0.5, 0.0)
    return averaged


def crop_confidence(
    segmenter: Segmenter, frame: Frame, box: Box, work: tuple[int, int], *, flip: bool
) -> Mask:
    """Confidence at the working size from a model pass on ``box`` (working-size coordinates);
    zero outside the box."""
    height, width = frame.shape[:2]
    fbox = box.scaled(width / work[0], height / work[1])
    crop = frame[fbox.y0 : fbox.y1, fbox.x0 : fbox.x1]  # a view: the segmenter resizes it anyway
    out = np.zeros((work[1], work[0]), np.float32)
    cv2.resize(
        segment_whole(segmenter, crop, flip=flip),
        (box.width, box.height),
        dst=out[box.y0 : box.y1, box.x0 : box.x1],
        interpolation=cv2.INTER_LINEAR,
    )
    return out


def whole_confidence(
    segmenter: Segmenter, frame: Frame, work: tuple[int, int], *, flip: bool
) -> Mask:
    """Confidence at the working size from a model pass on the whole frame."""
    mask = segment_whole(segmenter, frame, flip=flip)
    resized: Mask = cv2.resize(mask, work, interpolation=cv2.INTER_LINEAR)
    return resized


def crop_box(mask: Mask, config: FramingConfig) -> Box | None:
    """The crop around the person in ``mask``, or None when there is no person or the crop would
    be nearly the whole frame."""
    box = person_box(
        mask,
        threshold=config.person_threshold,
        margin=config.crop_margin,
        min_margin_px=config.min_crop_margin_px,
    )
    height, width = mask.shape
    if box is None or box.width * box.height > config.max_crop_fraction * width * height:
        return None
    return box


def segment_framed(
    segmenter: Segmenter, frame: Frame, config: FramingConfig, work: tuple[int, int]
) -> Mask:
    """Confidence for the whole frame at the working size ``work`` = (width, height): the whole
    frame, then (if the person is small enough) a crop around them."""
    full = whole_confidence(segmenter, frame, work, flip=config.flip_average)
    box = crop_box(full, config) if config.crop_pass else None
    if box is None:
        return full
    return crop_confidence(segmenter, frame, box, work, flip=config.flip_average)


def contains(outer: Box, inner: Box) -> bool:
    return (
        outer.x0 <= inner.x0
        and outer.y0 <= inner.y0
        and inner.x1 <= outer.x1
        and inner.y1 <= outer.y1
    )


def steady_box(previous: Box | None, mask: Mask, config: FramingConfig) -> Box | None:
    """The crop for the next frame: the previous one while the person (with half the minimum
    margin) still fits in it and it is not much larger than a fresh crop would be; otherwise a
    fresh crop."""
    wanted = crop_box(mask, config)
    if previous is None or wanted is None:
        return wanted
    person = person_box(
        mask,
        threshold=config.person_threshold,
        margin=0.0,
        min_margin_px=config.min_crop_margin_px // 2,
    )
    area_ratio = (previous.width * previous.height) / max(1, wanted.width * wanted.height)
    if person is not None and contains(previous, person) and area_ratio <= config.crop_slack_area:
        return previous
    return wanted


def escapes(mask: Mask, box: Box, threshold: float) -> bool:
    """True when the person touches an edge of the crop that is not an edge of the frame: part of
    them is outside the crop (they moved faster than the margin)."""
    height, width = mask.shape
    edges = (
        box.x0 > 0 and mask[box.y0 : box.y1, box.x0].max() > threshold,
        box.y0 > 0 and mask[box.y0, box.x0 : box.x1].max() > threshold,
        box.x1 < width and mask[box.y0 : box.y1, box.x1 - 1].max() > threshold,
        box.y1 < height and mask[box.y1 - 1, box.x0 : box.x1].max() > threshold,
    )
    return any(edges)


class CropTracker:
    """The crop pass for a stream: crops around where the person was in the previous frame.

    Not thread-safe: one tracker is used from one thread (the segmenter's) in frame order.
    """

    def __init__(self, config: FramingConfig) -> None:
        self.config = config
        self._box: Box | None = None
        self._work: tuple[int, int] = (0, 0)
        self._since_full = 0

    def reset(self) -> None:
        """Forget the person: the next frame gets a whole-frame pass."""
        self._box = None
        self._since_full = 0

    @property
    def box(self) -> Box | None:
        """The crop the next frame will be segmented in (working-size coordinates), if any."""
        return self._box

    def confidence(self, segmenter: Segmenter, frame: Frame, work: tuple[int, int]) -> Mask:
        """Confidence for ``frame`` at the working size; updates the tracked crop."""
        config = self.config
        if work != self._work:
            self._work, self._box = work, None
        if self._box is not None and self._since_full < config.full_pass_interval_frames:
            self._since_full += 1
            mask = crop_confidence(segmenter, frame, self._box, work, flip=config.flip_average)
            if not escapes(mask, self._box, config.person_threshold):
                self._box = steady_box(self._box, mask, config)
                return mask
        return self._whole_then_crop(segmenter, frame, work)

    def _whole_then_crop(self, segmenter: Segmenter, frame: Frame, work: tuple[int, int]) -> Mask:
        config = self.config
        self._since_full = 0
        full = whole_confidence(segmenter, frame, work, flip=config.flip_average)
        self._box = steady_box(self._box, full, config)
        if self._box is None:
            return full
        mask = crop_confidence(segmenter, frame, self._box, work, flip=config.flip_average)
        self._box = steady_box(self._box, mask, config)
        return mask
