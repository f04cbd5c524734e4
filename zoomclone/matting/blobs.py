"""Removal of small false blobs: a patch of the room the model took for a bit of person.

A person is one large connected region (two or three for several people). The model also marks
small detached patches (a coat on a chair, a face on a poster far away): regions much smaller
than the largest one are set to zero confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Mask

CONNECTIVITY = 8


@dataclass(frozen=True)
class BlobConfig:
    """``remove_blobs``: drop detached regions of confidence > ``person_threshold`` whose area is
    below ``min_area_fraction_of_largest`` of the largest region's area. The regions are found at
    1/``analysis_subsample`` of the mask's resolution (4x fewer pixels at 2; a blob too small to
    survive that is too small to matter)."""

    remove_blobs: bool = True
    person_threshold: float = 0.5
    min_area_fraction_of_largest: float = 0.1
    analysis_subsample: int = 2

    def __post_init__(self) -> None:
        if self.analysis_subsample < 1:
            raise UsageError(f"blob analysis_subsample must be >= 1, got {self.analysis_subsample}")
        if not 0.0 < self.person_threshold < 1.0 or self.min_area_fraction_of_largest < 0.0:
            raise UsageError(
                "blob person_threshold must be in (0, 1) and min_area_fraction_of_largest >= 0, "
                f"got {self.person_threshold} and {self.min_area_fraction_of_largest}"
            )


def remove_small_blobs(confidence: Mask, config: BlobConfig) -> Mask:
    """``confidence`` with the small detached person regions set to zero (a new array if any)."""
    if not config.remove_blobs:
        return confidence
    height, width = confidence.shape
    step = config.analysis_subsample
    small = (max(1, width // step), max(1, height // step))
    binary = cv2.resize(
        (confidence > config.person_threshold).view(np.uint8),
        small,
        interpolation=cv2.INTER_NEAREST,
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=CONNECTIVITY)
    if count <= 2:
        return confidence
    areas = stats[:, cv2.CC_STAT_AREA]
    largest = int(areas[1:].max())
    keep = areas >= config.min_area_fraction_of_largest * largest
    keep[0] = True  # the background keeps its (low) confidence
    if keep.all():
        return confidence
    kept = cv2.resize(keep[labels].view(np.uint8), (width, height), interpolation=cv2.INTER_NEAREST)
    cleaned: Mask = np.zeros_like(confidence)
    cv2.copyTo(confidence, kept, cleaned)
    return cleaned
