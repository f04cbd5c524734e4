"""Output to a video file (.mp4, .avi, .mkv) or a printf-style image sequence (out/%05d.png)."""

from __future__ import annotations

from pathlib import Path

import cv2

from zoomclone.closing import CommitsOnExit
from zoomclone.errors import InputError, SinkError, UsageError
from zoomclone.frames import Frame
from zoomclone.offline.images import write_image
from zoomclone.paths import commit, cv2_name, destination, discard, shown, temp_beside
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


class FileSink(CommitsOnExit):
    """Writes every frame it is sent, in order.

    A video goes to a temporary file beside ``path`` and replaces ``path`` only when ``close()``
    finds it complete (every frame readable back): a full disk or an interrupted run leaves any
    existing file as it was. Leaving a ``with`` block by an exception discards the video.
    """

    def __init__(
        self, path: str, width: int, height: int, fps: float, *, alpha: bool = False
    ) -> None:
        check_output_target(path, alpha=alpha)
        self.path = path
        self.name = f"file {shown(path)}"
        self.frames = 0
        self._size = (width, height)
        self._writer: cv2.VideoWriter | None = None
        self._temp: Path | None = None
        self._final = Path(path)
        if not is_sequence_pattern(path):
            self._final = destination(Path(path))
            self._temp, self._writer = _open_writer(self._final, fps, self._size)

    def send(self, frame: Frame) -> None:
        if self._writer is not None:
            self._writer.write(frame)
        elif self._temp is None:
            write_image(Path(self.path % self.frames), frame)
        self.frames += 1

    def close(self) -> None:
        """Finish the video and put it in place; SinkError when what was written is broken."""
        writer, self._writer = self._writer, None
        temp, self._temp = self._temp, None
        if writer is None or temp is None:
            return
        writer.release()
        try:
            _check_written(temp, self.path, self.frames)
        except SinkError:
            discard(temp)
            raise
        commit(temp, self._final)

    def discard(self) -> None:
        """Stop writing and delete the unfinished video; ``path`` is left as it was."""
        writer, self._writer = self._writer, None
        temp, self._temp = self._temp, None
        if writer is not None:
            writer.release()
        if temp is not None:
            discard(temp)


def _open_writer(target: Path, fps: float, size: tuple[int, int]) -> tuple[Path, cv2.VideoWriter]:
    """A VideoWriter on a new temporary file beside ``target``."""
    temp = temp_beside(target)
    codec = VIDEO_CODECS[target.suffix.lower()]
    try:
        name = cv2_name(temp, "output folder")
    except InputError:
        discard(temp)
        raise
    writer = cv2.VideoWriter(name, cv2.VideoWriter_fourcc(*codec), fps, size)
    if not writer.isOpened():
        discard(temp)
        raise SinkError(f"cannot write video {shown(target)}: check the folder is writable")
    return temp, writer


def _check_written(temp: Path, path: str, frames: int) -> None:
    """SinkError unless the finished file opens and holds every frame (a full disk leaves a file
    without its index, or with fewer frames)."""
    if frames == 0:
        raise SinkError(f"no frame was written to {shown(path)}: the file was not created")
    capture = cv2.VideoCapture(str(temp))
    try:
        found = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) if capture.isOpened() else 0
    finally:
        capture.release()
    if found < frames:
        raise SinkError(
            f"cannot write video {shown(path)}: only {max(found, 0)} of {frames} frames could be "
            "read back (is the disk full?); any earlier file there was kept"
        )
