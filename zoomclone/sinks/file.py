"""Output to a video file (.mp4, .avi, .mkv) or a printf-style image sequence (out/%05d.png)."""

from __future__ import annotations

from pathlib import Path

import cv2

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import SinkError, UsageError
from zoomclone.segmentation.base import Frame
from zoomclone.sources.video import is_sequence_pattern

VIDEO_CODECS = {".mp4": "mp4v", ".m4v": "mp4v", ".mov": "mp4v", ".avi": "MJPG", ".mkv": "MJPG"}
ALPHA_SEQUENCE_SUFFIXES = frozenset({".png", ".tif", ".tiff", ".webp"})
SEQUENCE_SUFFIXES = ALPHA_SEQUENCE_SUFFIXES | {".jpg", ".jpeg", ".bmp"}


def check_output_target(path: str, *, alpha: bool) -> None:
    """Raise UsageError when ``path`` cannot hold the output (alpha needs a PNG sequence)."""
    suffix = Path(path).suffix.lower()
    if is_sequence_pattern(path):
        try:
            path % 0
        except (TypeError, ValueError) as err:
            raise UsageError(
                f"bad image sequence pattern {path!r}: write it like out/%05d.png"
            ) from err
        if suffix not in SEQUENCE_SUFFIXES:
            raise UsageError(f"image sequence {path} needs a .png or .jpg extension")
        if alpha and suffix not in ALPHA_SEQUENCE_SUFFIXES:
            raise UsageError(
                f"{path} cannot hold transparency: use a PNG sequence such as out/%05d.png"
            )
        return
    if alpha:
        raise UsageError(
            f"{path} cannot hold transparency: --background transparent needs a PNG sequence "
            "output such as out/%05d.png"
        )
    if suffix not in VIDEO_CODECS:
        raise UsageError(
            f"unknown output type {path!r}: use {', '.join(sorted(VIDEO_CODECS))} or an image "
            "sequence such as out/%05d.png"
        )


class FileSink(ClosesOnExit):
    """Writes every frame it is sent, in order."""

    def __init__(
        self, path: str, width: int, height: int, fps: float, *, alpha: bool = False
    ) -> None:
        check_output_target(path, alpha=alpha)
        self.path = path
        self.name = f"file {path}"
        self.frames = 0
        self._size = (width, height)
        self._writer: cv2.VideoWriter | None = None
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if not is_sequence_pattern(path):
            codec = VIDEO_CODECS[Path(path).suffix.lower()]
            writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*codec), fps, self._size)
            if not writer.isOpened():
                raise SinkError(f"cannot write video {path}: check the folder is writable")
            self._writer = writer

    def send(self, frame: Frame) -> None:
        if self._writer is not None:
            self._writer.write(frame)
        else:
            target = self.path % self.frames
            if not cv2.imwrite(target, frame):
                raise SinkError(f"cannot write {target}: check the folder is writable")
        self.frames += 1

    def close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.release()
