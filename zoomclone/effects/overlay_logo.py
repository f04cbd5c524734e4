"""The logo overlay: a picture (a PNG with alpha, usually) read once as BGRA."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Frame

POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")


def check_position(position: str) -> str:
    if position not in POSITIONS:
        raise UsageError(f"bad overlay position {position!r}: use one of {', '.join(POSITIONS)}")
    return position


def check_scale(scale: float) -> float:
    if not 0.02 <= scale <= 1.0:
        raise UsageError(f"bad overlay scale {scale:g}: use a share of the frame width, 0.02 to 1")
    return scale


def read_logo(path: Path) -> Frame:
    """The picture at ``path`` as BGRA uint8 (opaque when it has no alpha)."""
    if not path.is_file():
        raise UsageError(f"overlay {path} does not exist: check the --overlay path")
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise UsageError(f"cannot read overlay {path}: use a PNG (with alpha) or a JPEG")
    if image.dtype != np.uint8:
        image = cv2.convertScaleAbs(image, alpha=255.0 / 65535.0)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGRA)
    elif image.shape[2] == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2BGRA)
    return image


def place(
    logo: Frame, frame_size: tuple[int, int], position: str, scale: float
) -> tuple[int, int, Frame]:
    """(x, y, scaled BGRA logo) for a frame of ``frame_size`` = (width, height): ``scale`` of
    the frame's width, in the ``position`` corner with a margin of 3% of the height."""
    width, height = frame_size
    target_w = max(1, round(width * scale))
    target_h = max(1, round(logo.shape[0] * target_w / logo.shape[1]))
    if target_h > height // 2:
        target_h = height // 2
        target_w = max(1, round(logo.shape[1] * target_h / logo.shape[0]))
    interp = cv2.INTER_AREA if target_w < logo.shape[1] else cv2.INTER_LINEAR
    scaled = cv2.resize(logo, (target_w, target_h), interpolation=interp)
    margin = round(height * 0.03)
    x = margin if position.endswith("left") else width - target_w - margin
    y = margin if position.startswith("top") else height - target_h - margin
    return max(0, x), max(0, y), scaled
