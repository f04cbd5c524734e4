"""Reading pictures without decoding more pixels than needed.

A 20000x20000 PNG is 1 MB on disk and 1.2 GB once decoded. ``image_size`` reads the size from a
PNG or JPEG header without decoding; ``read_reduced`` then asks OpenCV for a 1/2, 1/4 or 1/8 scale
decode when the picture is far larger than it will be used (a background never needs more than the
frame).
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2

from zoomclone.segmentation.base import Frame

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOF_MARKERS = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
)
JPEG_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})
HEADER_SCAN_BYTES = 1 << 20
REDUCED_FLAGS = (
    (8, cv2.IMREAD_REDUCED_COLOR_8),
    (4, cv2.IMREAD_REDUCED_COLOR_4),
    (2, cv2.IMREAD_REDUCED_COLOR_2),
)


def _png_size(head: bytes) -> tuple[int, int] | None:
    if head[:8] != PNG_SIGNATURE or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    if head[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 9 < len(head):
        if head[pos] != 0xFF:
            return None
        marker = head[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in JPEG_STANDALONE_MARKERS:
            pos += 2
            continue
        length = struct.unpack(">H", head[pos + 2 : pos + 4])[0]
        if marker in JPEG_SOF_MARKERS:
            height, width = struct.unpack(">HH", head[pos + 5 : pos + 9])
            return int(width), int(height)
        pos += 2 + length
    return None


def header_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from the first bytes of a PNG or JPEG, or None."""
    return _png_size(head) or _jpeg_size(head)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG or JPEG header, or None for other formats or unreadable files."""
    try:
        with path.open("rb") as file:
            head = file.read(HEADER_SCAN_BYTES)
    except OSError:
        return None
    return _png_size(head) or _jpeg_size(head)


def read_reduced(path: Path, max_side_px: int) -> Frame | None:
    """Decode ``path`` as BGR, at 1/2, 1/4 or 1/8 scale when even that keeps its long side at least
    ``max_side_px``; None when OpenCV cannot decode it."""
    size = image_size(path)
    flag = cv2.IMREAD_COLOR
    if size is not None:
        for factor, reduced in REDUCED_FLAGS:
            if max(size) // factor >= max_side_px:
                flag = reduced
                break
    image: Frame | None = cv2.imread(str(path), flag)
    return image
