"""The halo-free background blur, at quarter resolution: shared by the blur background and the
compositor's light wrap (which works at the same quarter size)."""

from __future__ import annotations

import cv2
import numpy as np

from zoomclone.frames import Frame

BLUR_DOWNSCALE = 4
BLUR_RADIUS_PX = {1: 4, 2: 8, 3: 14}  # stackBlur kernel half-size at quarter resolution
_INV_255 = 1.0 / 255.0
MIN_BACKGROUND_WEIGHT = 1e-3  # below this a blur window holds no background: use the plain blur


def quarter_size(frame: Frame) -> tuple[int, int]:
    """The (width, height) the low-resolution steps work at."""
    height, width = frame.shape[:2]
    return max(1, width // BLUR_DOWNSCALE), max(1, height // BLUR_DOWNSCALE)


def halo_free_blur(frame: Frame, alpha: Frame, strength: int, out: Frame | None = None) -> Frame:
    """Blur the background with the person's pixels excluded (mask-weighted), at low resolution.

    Blurring the plain frame smears the person into a glow around them. Here each blurred pixel is
    the average of nearby *background* pixels only: blur(frame * w) / blur(w), w = (1 - alpha)^2.
    Squaring keeps the person's half-covered edge pixels (hair, motion blur) out as well. Where a
    window holds no background at all (deep inside a large person) the plain blur fills in: it is
    hidden behind the person anyway. All arithmetic is cv2 at quarter resolution (~1.5 ms at 720p).
    """
    height, width = frame.shape[:2]
    small_size = quarter_size(frame)
    small = cv2.resize(frame, small_size, interpolation=cv2.INTER_LINEAR)
    inverse = cv2.bitwise_not(cv2.resize(alpha, small_size, interpolation=cv2.INTER_LINEAR))
    weight = cv2.multiply(inverse, inverse, scale=_INV_255, dtype=cv2.CV_32F)  # (1-a)^2, 0..255
    ksize = (2 * BLUR_RADIUS_PX[strength] + 1,) * 2
    num = cv2.blur(
        cv2.multiply(small, cv2.merge((weight, weight, weight)), dtype=cv2.CV_32F), ksize
    )
    den = cv2.blur(weight, ksize)
    # numpy, not cv2, for the scalar steps: cv2 reads a scalar beside a 1x1 array as a 4x1 array
    floor = np.float32(MIN_BACKGROUND_WEIGHT * 255.0)
    empty = den < floor
    np.maximum(den, floor, out=den)
    blurred = cv2.divide(num, cv2.merge((den, den, den)), dtype=cv2.CV_8U)
    if empty.any():
        blurred[empty] = cv2.blur(small, ksize)[empty]
    return cv2.resize(blurred, (width, height), dst=out, interpolation=cv2.INTER_LINEAR)
