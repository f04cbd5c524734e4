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
from zoomclone.segmentation.base import Mask

CONNECTIVITY = 8


@dataclass(frozen=True)
class BlobConfig:
    """``remove_blobs``: drop detached regions of confidence > ``person_threshold`` whose area is
    below ``min_area_fraction_of_largest`` of the largest region's area."""

    remove_blobs: bool = True
    person_threshold: float = 0.5
    min_area_fraction_of_largest: float = 0.1

    def __post_init__(self) -> None:
        if not 0.0 < self.person_threshold < 1.0 or self.min_area_fraction_of_largest < 0.0:
            raise UsageError(
                "blob person_threshold must be in (0, 1) and min_area_fraction_of_largest >= 0, "
                f"got {self.person_threshold} and {self.min_area_fraction_of_largest}"
            )


def remove_small_blobs(confidence: Mask, config: BlobConfig) -> Mask:
    """``confidence`` with the small detached person regions set to zero (a new array if any)."""
    if not config.remove_blobs:
        return confidence
    binary = (confidence > config.person_threshold).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=CONNECTIVITY)
    if count <= 2:
        return confidence
    areas = stats[:, cv2.CC_STAT_AREA]
    largest = int(areas[1:].max())
    keep = areas >= config.min_area_fraction_of_largest * largest
    keep[0] = True  # the background keeps its (low) confidence
    if keep.all():
        return confidence
    cleaned: Mask = confidence * keep[labels].astype(np.float32)
    return cleaned
