"""Where the model looks: the whole frame, then a crop around the person.

The model sees 256 pixels across. A person who fills a third of the frame gets ~85 of them. A second
pass on a crop around the person (found in the first pass) gives the model the person at a useful
resolution; its mask replaces the first pass's inside the crop.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.segmentation.base import Frame, Mask, Segmenter


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


def person_box(mask: Mask, *, threshold: float, margin: float) -> Box | None:
    """The bounding box of mask > threshold grown by ``margin`` of its size, or None if empty."""
    points = cv2.findNonZero((mask > threshold).astype(np.uint8))
    if points is None:
        return None
    x, y, w, h = cv2.boundingRect(points)
    height, width = mask.shape
    dx, dy = round(w * margin), round(h * margin)
    return Box(max(0, x - dx), max(0, y - dy), min(width, x + w + dx), min(height, y + h + dy))


@dataclass(frozen=True)
class FramingConfig:
    """``crop_pass``: run a second pass on a crop around the person when the crop is smaller than
    ``max_crop_fraction`` of the frame's area. ``crop_margin``: the crop's margin, as a fraction of
    the person's box. ``person_threshold``: the confidence that counts as person for the box."""

    crop_pass: bool = True
    crop_margin: float = 0.15
    max_crop_fraction: float = 0.9
    person_threshold: float = 0.5


def segment_framed(
    segmenter: Segmenter, frame: Frame, config: FramingConfig, work: tuple[int, int]
) -> Mask:
    """Confidence for the whole frame at the working size ``work`` = (width, height)."""
    full: Mask = cv2.resize(segmenter.segment(frame), work, interpolation=cv2.INTER_LINEAR)
    if not config.crop_pass:
        return full
    box = person_box(full, threshold=config.person_threshold, margin=config.crop_margin)
    if box is None or box.width * box.height > config.max_crop_fraction * work[0] * work[1]:
        return full
    height, width = frame.shape[:2]
    sx, sy = width / work[0], height / work[1]
    fbox = box.scaled(sx, sy)
    crop = frame[fbox.y0 : fbox.y1, fbox.x0 : fbox.x1]
    crop_mask = segmenter.segment(np.ascontiguousarray(crop))
    out = np.zeros_like(full)
    out[box.y0 : box.y1, box.x0 : box.x1] = cv2.resize(
        crop_mask, (box.width, box.height), interpolation=cv2.INTER_LINEAR
    )
    return out
