"""Backgrounds added and removed from the panel, in the user's own backgrounds folder.

An upload is judged by its bytes, never by its name or type header: the first bytes must be a
JPEG, PNG, WebP or BMP picture or an MP4/MOV, WebM/MKV or AVI video, the picture must decode with
OpenCV (at a reduced scale when large, and only when its header promises a sane pixel count), and
the video must give a first frame. It is written under a generated name (the client's name, cut to
letters, digits and dashes, plus random hex) next to its final place and renamed into it, so the
folder never holds half a file. Deleting takes a bare file name that must already be there.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import tempfile
from pathlib import Path

import cv2
import numpy as np

from zoomclone.offline.images import HEADER_SCAN_BYTES, size_from_head
from zoomclone.paths import BACKGROUND_SUFFIXES

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_USER_BACKGROUNDS = 200
MAX_IMAGE_PIXELS = 64_000_000  # 8000x8000; decoded that is 192 MB, past it a picture is refused
MAX_STEM_CHARS = 40
TEMP_PREFIX = ".upload-"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}\.[a-z0-9]{2,5}$")


class UploadRefused(Exception):
    """An upload or a delete the panel refuses; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def sniff(head: bytes) -> tuple[str, str] | None:
    """(suffix, "image" | "video") from a file's first bytes, or None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg", "image"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png", "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp", "image"
    if head.startswith(b"BM"):
        return ".bmp", "image"
    if head[4:8] == b"ftyp":
        return (".mov" if head[8:12] == b"qt  " else ".mp4"), "video"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return (".webm" if b"webm" in head[:64] else ".mkv"), "video"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return ".avi", "video"
    return None


def _declared_pixels(data: bytes) -> int | None:
    """Width x height from a PNG, JPEG or WebP header (None when the header does not say)."""
    size = size_from_head(data[:HEADER_SCAN_BYTES])
    return size[0] * size[1] if size is not None else None


def check_image(data: bytes) -> None:
    """Decode the picture (reduced when large); ``UploadRefused`` when it does not decode."""
    pixels = _declared_pixels(data)
    if pixels is not None and pixels > MAX_IMAGE_PIXELS:
        raise UploadRefused(413, f"picture larger than {MAX_IMAGE_PIXELS // 1_000_000} megapixels")
    flag = cv2.IMREAD_REDUCED_COLOR_4 if pixels is None or pixels > 4_000_000 else cv2.IMREAD_COLOR
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flag)
    if image is None or image.size == 0:
        raise UploadRefused(415, "the picture does not decode: use a .jpg, .png or .webp file")


def check_video(path: Path) -> None:
    """Open the video and read its first frame; ``UploadRefused`` when that fails."""
    capture = cv2.VideoCapture(str(path))
    try:
        ok, frame = capture.read() if capture.isOpened() else (False, None)
    finally:
        capture.release()
    if not ok or frame is None:
        raise UploadRefused(415, "the video does not decode: use an .mp4 or .webm file")


def stored_name(client_name: str, suffix: str) -> str:
    """A generated file name: the client's stem cut to safe characters, random hex, our suffix."""
    stem = _UNSAFE.sub("-", Path(client_name.replace("\\", "/")).stem).strip("-_")
    return f"{stem[:MAX_STEM_CHARS] or 'background'}-{secrets.token_hex(4)}{suffix}"


def user_files(folder: Path) -> list[Path]:
    """The backgrounds in the user's folder (regular files with a background suffix)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in BACKGROUND_SUFFIXES and stat.S_ISREG(p.lstat().st_mode)
    )


def save_upload(data: bytes, client_name: str, folder: Path) -> Path:
    """Check ``data`` and store it in ``folder``; the new file's path, or ``UploadRefused``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(413, f"file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    kind = sniff(data[:64])
    if kind is None:
        raise UploadRefused(415, "not a picture or video zoomclone can read (.jpg .png .webp .mp4)")
    suffix, what = kind
    if what == "image":
        check_image(data)
    folder.mkdir(parents=True, exist_ok=True)
    if len(user_files(folder)) >= MAX_USER_BACKGROUNDS:
        raise UploadRefused(409, f"the folder already holds {MAX_USER_BACKGROUNDS} backgrounds")
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        if what == "video":
            check_video(Path(temp))
        target = folder / stored_name(client_name, suffix)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target


def delete_upload(name: str, folder: Path) -> None:
    """Remove one of the user's backgrounds by its bare file name; ``UploadRefused`` otherwise."""
    if not _STORED_NAME.match(name):
        raise UploadRefused(400, "not a background file name")
    path = folder / name
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise UploadRefused(404, f"no background {name} in {folder}") from None
    if not stat.S_ISREG(info.st_mode) or path.suffix.lower() not in BACKGROUND_SUFFIXES:
        raise UploadRefused(400, f"{name} is not one of your backgrounds")
    try:
        path.unlink()
    except OSError as err:  # Windows: a video that is playing is locked
        raise UploadRefused(409, f"cannot delete {name}: {err.strerror or err}") from None
