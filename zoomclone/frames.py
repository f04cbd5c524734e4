"""Frames as the rest of zoomclone expects them: BGR uint8, shape (H, W, 3), C-contiguous.

Photos and cameras also deliver grey (H, W) or (H, W, 1) and BGRA (H, W, 4) pictures; ``as_bgr``
turns those into BGR at the entry of the engine, so every later step sees one layout. A BGR frame
passes through untouched (the live path pays one shape check).
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from zoomclone.errors import InputError

Frame = npt.NDArray[np.uint8]  # a picture: BGR (H, W, 3) once through ``as_bgr``
Mask = npt.NDArray[np.float32]  # person confidence in [0, 1], (H, W)
Alpha = npt.NDArray[np.uint8]  # opacity 0..255, (H, W)
Size = tuple[int, int]  # (width, height)

BGR_CHANNELS = 3
_TO_BGR = {1: cv2.COLOR_GRAY2BGR, 4: cv2.COLOR_BGRA2BGR}


def as_bgr(frame: Frame) -> Frame:
    """``frame`` as (H, W, 3) BGR uint8; raise InputError for anything that is not a picture."""
    if frame.dtype != np.uint8:
        raise InputError(f"expected an 8-bit picture (uint8), got dtype {frame.dtype}")
    if frame.ndim not in (2, 3) or frame.shape[0] == 0 or frame.shape[1] == 0:
        raise InputError(f"expected a picture of shape (H, W, 3) with H, W >= 1, got {frame.shape}")
    channels = 1 if frame.ndim == 2 else frame.shape[2]
    if channels == BGR_CHANNELS:
        return frame if frame.flags.c_contiguous else np.ascontiguousarray(frame)
    if channels not in _TO_BGR:
        raise InputError(f"expected 1, 3 or 4 colour channels, got {channels} ({frame.shape})")
    converted: Frame = cv2.cvtColor(np.ascontiguousarray(frame), _TO_BGR[channels])
    return converted


def fit_to(frame: Frame, size: tuple[int, int]) -> Frame:
    """``frame`` at ``size`` (width, height), scaled to cover it and centre-cropped as backgrounds
    are: a camera or file that comes back at another resolution still fits the sinks, which were
    opened at one size. A frame of that size passes through untouched."""
    if frame.shape[1::-1] == size:
        return frame
    return fit_cover(frame, size)


LETTERBOX_BGR = (0, 0, 0)  # the bars of a contain-fitted picture
FITS = ("cover", "contain")


def fit_cover(image: Frame, size: Size) -> Frame:
    """Scale ``image`` to cover ``size`` keeping its aspect, then crop the centre. Never stretches."""
    width, height = size
    src_h, src_w = image.shape[:2]
    scale = max(width / src_w, height / src_h)
    new_w, new_h = max(width, round(src_w * scale)), max(height, round(src_h * scale))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (new_w, new_h), interpolation=interp)
    x0, y0 = (new_w - width) // 2, (new_h - height) // 2
    return np.ascontiguousarray(resized[y0 : y0 + height, x0 : x0 + width])


def fit_contain(image: Frame, size: Size) -> Frame:
    """Scale ``image`` to fit inside ``size`` keeping its aspect, centred on black bars."""
    width, height = size
    src_h, src_w = image.shape[:2]
    scale = min(width / src_w, height / src_h)
    new_w = min(width, max(1, round(src_w * scale)))
    new_h = min(height, max(1, round(src_h * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (new_w, new_h), interpolation=interp)
    out = np.empty((height, width, 3), np.uint8)
    out[:] = LETTERBOX_BGR
    x0, y0 = (width - new_w) // 2, (height - new_h) // 2
    out[y0 : y0 + new_h, x0 : x0 + new_w] = resized[..., :3]
    return out


def fit_image(image: Frame, size: Size, fit: str = "cover") -> Frame:
    """``fit_cover`` or ``fit_contain`` by name."""
    return fit_contain(image, size) if fit == "contain" else fit_cover(image, size)


def model_rgb(frame: Frame, size: Size) -> Frame:
    """``frame`` (BGR) stretched to a model's input ``size`` and turned to RGB, as both model
    runtimes feed it."""
    small = frame if frame.shape[1::-1] == size else cv2.resize(frame, size)
    rgb: Frame = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    return rgb
