"""A closer look at the head for photos: one more model pass on a square crop around the top of the
person, blended into the mask.

The model sees 256 pixels across whatever it is given. A portrait that fills the frame gets no crop
pass (the crop would be the frame), so its hair outline is decided at 256 pixels; the head and
shoulders are what the selfie model was made for, and on a crop of them it sees the hair at about
twice the resolution. Its confidence is averaged with the first mask's inside the crop, with weights
that fall off towards the crop's sides (no seam where the crop ends). Measured on the portraits in
docs/quality.md: boundary F +0.005, IoU kept. Crops of other parts of the body (a grid of tiles)
made the model mistake the room for person and were dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask
from zoomclone.matting.framing import Box, crop_confidence, person_box
from zoomclone.segmentation.base import Segmenter

MIN_HEAD_SIDE_PX = 16
_EDGE_WEIGHT = 0.05  # the crop's weight at its very edge, as a share of its weight at the middle


@dataclass(frozen=True)
class HeadPassConfig:
    """``enabled``: run the head pass (photos only: one or two more model passes).
    ``size``: the crop's side as a share of the person box's shorter side; the crop is centred on
    the box across and starts a little above its top. ``base_weight``: the first mask's weight
    against the crop's (1 at the crop's middle). ``feather``: the share of the crop's width and
    height over which its weight falls off towards each side. ``max_area_fraction``: skip the pass
    when the crop would cover more of the frame than this (nothing to gain)."""

    enabled: bool = False
    size: float = 0.75
    base_weight: float = 0.5
    feather: float = 0.25
    max_area_fraction: float = 0.8
    person_threshold: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.size <= 1 or self.base_weight <= 0 or not 0 < self.feather <= 0.5:
            raise UsageError(
                "head pass needs size in (0, 1], base_weight > 0 and feather in (0, 0.5], got "
                f"{self.size}, {self.base_weight} and {self.feather}"
            )
        if not 0 < self.max_area_fraction <= 1 or not 0 < self.person_threshold < 1:
            raise UsageError(
                "head pass needs max_area_fraction in (0, 1] and person_threshold in (0, 1), got "
                f"{self.max_area_fraction} and {self.person_threshold}"
            )


def head_box(mask: Mask, config: HeadPassConfig) -> Box | None:
    """The head crop in ``mask``'s coordinates, or None (no person, too small or too large)."""
    person = person_box(mask, threshold=config.person_threshold, margin=0.05, min_margin_px=4)
    if person is None:
        return None
    height, width = mask.shape
    side = int(min(person.width, person.height) * config.size)
    centre = (person.x0 + person.x1) // 2
    top = max(0, person.y0 - int(0.05 * side))
    box = Box(
        max(0, centre - side // 2), top, min(width, centre + side // 2), min(height, top + side)
    )
    too_small = min(box.width, box.height) < MIN_HEAD_SIDE_PX
    if too_small or box.width * box.height > config.max_area_fraction * width * height:
        return None
    return box


def crop_weights(height: int, width: int, feather: float) -> Mask:
    """Weights over a crop: 1 in the middle, falling linearly to ``_EDGE_WEIGHT`` at each side over
    ``feather`` of its size."""

    def ramp(n: int) -> Mask:
        steps = np.arange(n, dtype=np.float32) + np.float32(0.5)
        edge_distance = np.minimum(steps, n - steps) / np.float32(feather * n)
        return np.clip(edge_distance, _EDGE_WEIGHT, 1.0).astype(np.float32)

    weights: Mask = ramp(height)[:, None] * ramp(width)[None, :]
    return weights


def with_head_pass(
    segmenter: Segmenter,
    frame: Frame,
    mask: Mask,
    config: HeadPassConfig,
    *,
    flip: bool,
) -> Mask:
    """``mask`` (confidence of ``frame`` at the working size) with the head crop's confidence
    blended in; ``mask`` itself when the pass is off or has no crop to look at."""
    box = head_box(mask, config) if config.enabled else None
    if box is None:
        return mask
    height, width = mask.shape
    closer = crop_confidence(segmenter, frame, box, (width, height), flip=flip)
    rows, cols = slice(box.y0, box.y1), slice(box.x0, box.x1)
    weights = crop_weights(box.height, box.width, config.feather)
    base = np.float32(config.base_weight)
    blended = mask.copy()
    blended[rows, cols] = (base * mask[rows, cols] + weights * closer[rows, cols]) / (
        base + weights
    )
    return blended
