"""The name tag: one line of text (any Unicode the bundled DejaVu Sans covers, e.g. "Ada Lovelace —
Analyst") drawn once with Pillow into a BGRA picture: white text on a rounded, translucent dark band.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Frame

FONT_FILE = "DejaVuSans.ttf"
TEXT_HEIGHT = 0.045  # the font size as a share of the frame height
PADDING = 0.5  # of the font size, around the text
BAND_RGBA = (16, 16, 16, 170)
TEXT_RGBA = (255, 255, 255, 255)
MAX_CHARS = 80


def check_name_tag(text: str) -> str:
    """``text`` if it is one line of at most MAX_CHARS characters; UsageError otherwise."""
    if "\n" in text or "\r" in text or len(text) > MAX_CHARS:
        raise UsageError(f"the name tag must be one line of at most {MAX_CHARS} characters")
    return text


def render_name_tag(text: str, frame_height: int) -> Frame:
    """The tag as a BGRA uint8 picture sized for frames ``frame_height`` pixels tall."""
    from PIL import Image, ImageDraw, ImageFont

    size = max(8, round(frame_height * TEXT_HEIGHT))
    with resources.as_file(resources.files("zoomclone.fonts") / FONT_FILE) as path:
        font = ImageFont.truetype(str(path), size)
    left, _, right, _ = font.getbbox(text)
    pad = round(size * PADDING)
    width, height = round(right - left) + 2 * pad, size + 2 * pad
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=pad, fill=BAND_RGBA)
    ascent, descent = font.getmetrics()
    baseline_y = pad + (size - (ascent + descent)) / 2
    draw.text((pad - left, baseline_y), text, font=font, fill=TEXT_RGBA)
    rgba = np.asarray(image, dtype=np.uint8)
    return np.ascontiguousarray(rgba[..., [2, 1, 0, 3]])
