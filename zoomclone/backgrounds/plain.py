"""The backgrounds that are no picture: none (the camera as it is), transparent (BGRA out) and a
flat colour, with the colour specs."""

from __future__ import annotations

import re
from typing import ClassVar

import numpy as np

from zoomclone.backgrounds.base import Background
from zoomclone.errors import UsageError
from zoomclone.frames import Frame

_COLOR_RE = re.compile(r"^#?([0-9a-fA-F]{6})$")
NAMED_COLORS = {"white": (255, 255, 255), "black": (0, 0, 0), "green": (0, 177, 64)}


class NoBackground(Background):
    """The effect off: the camera picture passes through untouched."""

    name = "none"
    shows_camera: ClassVar[bool] = True
    has_backdrop: ClassVar[bool] = False

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        return frame


class TransparentBackground(Background):
    """Remove the background: the output gets the alpha as a fourth channel (BGRA)."""

    name = "transparent"
    has_backdrop: ClassVar[bool] = False
    output_has_alpha: ClassVar[bool] = True

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        return frame


def needs_alpha(background: Background) -> bool:
    """True when the output must carry an alpha channel (a PNG, not a video or JPEG)."""
    return background.output_has_alpha


class ColorBackground(Background):
    """A flat colour."""

    def __init__(self, bgr: tuple[int, int, int], name: str) -> None:
        self.bgr = bgr
        self.name = name
        self._cache: Frame | None = None

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        height, width = frame.shape[:2]
        if self._cache is None or self._cache.shape[:2] != (height, width):
            self._cache = np.empty((height, width, 3), np.uint8)
            self._cache[:] = self.bgr
        return self._cache


def parse_color(text: str) -> tuple[int, int, int]:
    """'#RRGGBB' or 'RRGGBB' -> a BGR tuple."""
    match = _COLOR_RE.match(text.strip())
    if match is None:
        raise UsageError(f"bad colour {text!r}: write it as #RRGGBB, e.g. color:#00b140")
    value = int(match.group(1), 16)
    return (value & 0xFF, (value >> 8) & 0xFF, value >> 16)


def color_name(bgr: tuple[int, int, int]) -> str:
    """The spec that gives this colour back: 'color:#rrggbb'."""
    blue, green, red = bgr
    return f"color:#{red:02x}{green:02x}{blue:02x}"
