"""Edge offset: grow the person's alpha (keep hair and headsets) or shrink it (against halos).

The offset is given in pixels at 720p and scaled with the frame's height. A grey-level dilation or
erosion with an elliptical kernel moves the whole soft edge by that many pixels; it runs on the
person's bounding box only (grown by the radius), not the whole frame.
"""

from __future__ import annotations

import cv2

from zoomclone.errors import UsageError
from zoomclone.frames import Frame

MAX_OFFSET_PX = 5
REFERENCE_HEIGHT_PX = 720

_kernels: dict[int, Frame] = {}


def check_offset(value: int) -> int:
    """``value`` if it is a whole number of pixels in -5..+5; UsageError otherwise."""
    if not -MAX_OFFSET_PX <= value <= MAX_OFFSET_PX:
        raise UsageError(
            f"edge offset {value} is out of range: use -{MAX_OFFSET_PX} to +{MAX_OFFSET_PX} pixels"
        )
    return value


def radius_px(offset: int, height: int) -> int:
    """The offset in this frame's pixels (given at 720p)."""
    return round(abs(offset) * height / REFERENCE_HEIGHT_PX)


def _kernel(radius: int) -> Frame:
    kernel = _kernels.get(radius)
    if kernel is None:
        size = 2 * radius + 1
        kernel = _kernels[radius] = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    return kernel


def offset_alpha(alpha: Frame, offset: int) -> Frame:
    """``alpha`` (H, W uint8) grown (offset > 0) or shrunk (< 0), in place; returned."""
    radius = radius_px(offset, alpha.shape[0])
    if radius == 0:
        return alpha
    x, y, w, h = cv2.boundingRect(alpha)
    if w == 0 or h == 0:
        return alpha
    height, width = alpha.shape
    x0, y0 = max(0, x - radius), max(0, y - radius)
    x1, y1 = min(width, x + w + radius), min(height, y + h + radius)
    region = alpha[y0:y1, x0:x1]
    morph = cv2.dilate if offset > 0 else cv2.erode
    region[:] = morph(region, _kernel(radius), borderType=cv2.BORDER_REPLICATE)
    return alpha
