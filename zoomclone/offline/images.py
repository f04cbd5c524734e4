"""Picture files in and out: read without decoding more pixels than needed, write atomically.

Bytes are read and written by Python (``np.fromfile`` + ``imdecode``, ``imencode`` + a file write):
OpenCV's own ``imread``/``imwrite`` crash on file names that are not UTF-8.

A 20000x20000 PNG is 1 MB on disk and 1.2 GB once decoded. ``image_size`` reads the size from a
PNG or JPEG header without decoding; ``read_reduced`` then asks OpenCV for a 1/2, 1/4 or 1/8 scale
decode when the picture is far larger than it will be used (a background never needs more than the
frame).
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np

from zoomclone.errors import SinkError
from zoomclone.frames import Frame
from zoomclone.paths import is_regular, shown, write_bytes_atomic

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


def size_from_head(head: bytes) -> tuple[int, int] | None:
    """(width, height) from the first bytes of a PNG, JPEG, WebP or BMP file, or None."""
    return _png_size(head) or _jpeg_size(head) or _webp_size(head) or _bmp_size(head)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG or JPEG header, or None for other formats or unreadable files."""
    if not is_regular(path):
        return None
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
    return decode_file(path, flag)


def decode_file(path: Path, flag: int = cv2.IMREAD_COLOR) -> Frame | None:
    """Decode a regular file's bytes; None when it is not a regular file or not a picture (a FIFO
    is never opened: reading one would wait forever)."""
    if not is_regular(path):
        return None
    try:
        data = np.fromfile(path, np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    image: Frame | None = cv2.imdecode(data, flag)
    return image


def _opencv_reason(err: cv2.error) -> str:
    """OpenCV's own message without its file, line and function (one line)."""
    reason = getattr(err, "err", None)
    return str(reason) if reason else str(err).strip().splitlines()[0]


def write_image(path: Path, image: Frame) -> None:
    """Encode by extension and write through a temporary file, so a failed write leaves any
    existing file whole; raise SinkError with the reason when it fails."""
    try:
        ok, encoded = cv2.imencode(path.suffix, image)
    except cv2.error as err:
        raise SinkError(f"cannot write {shown(path)}: {_opencv_reason(err)}") from err
    if not ok:
        raise SinkError(f"cannot write {shown(path)}: OpenCV cannot encode {path.suffix!r} files")
    write_bytes_atomic(path, encoded.tobytes())


def _webp_size(head: bytes) -> tuple[int, int] | None:
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP" or len(head) < 30:
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        return width, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _bmp_size(head: bytes) -> tuple[int, int] | None:
    if head[:2] != b"BM" or len(head) < 26:
        return None
    width, height = struct.unpack("<ii", head[18:26])
    return abs(width), abs(height)


def header_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG, JPEG, WebP or BMP header, without decoding; None otherwise."""
    if not is_regular(path):
        return None
    try:
        with path.open("rb") as file:
            return size_from_head(file.read(HEADER_SCAN_BYTES))
    except OSError:
        return None


def decoded_pixels(path: Path, size: tuple[int, int]) -> int:
    """How many pixels decoding ``path`` (of header ``size``) costs at its smallest: only JPEG is
    decoded reduced (measured with OpenCV 5.1: a PNG or WebP asked for 1/4 is decoded in full)."""
    width, height = size
    reducible = path.suffix.lower() in {".jpg", ".jpeg"}
    factor = REDUCED_FLAGS[0][0] if reducible else 1
    return (width // factor) * (height // factor)
