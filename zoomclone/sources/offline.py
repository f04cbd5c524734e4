"""The input of ``zoomclone video``: a video file (through PyAV), or a sequence of pictures given
as a printf pattern (frames/%05d.png), a glob (frames/*.png) or a folder, read in name order."""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import SourceError, UsageError
from zoomclone.frames import Frame
from zoomclone.offline.images import decode_file
from zoomclone.paths import IMAGE_SUFFIXES, is_regular, shown
from zoomclone.sources.av_file import AvReader, Timed
from zoomclone.sources.sequence import SequenceReader
from zoomclone.sources.video import is_sequence_pattern

SEQUENCE_RATE = Fraction(30)  # pictures carry no frame rate: --fps sets it
GLOB_CHARACTERS = frozenset("*?[")


def is_picture_sequence(spec: str) -> bool:
    """True for a printf pattern, a glob or a folder (not a video file)."""
    path = Path(spec)
    if is_sequence_pattern(spec) or path.is_dir():
        return True
    return not path.exists() and bool(GLOB_CHARACTERS & set(path.name))


def _listed(spec: str) -> list[Path]:
    path = Path(spec)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not found:
            raise UsageError(
                f"folder {shown(spec)} has no pictures: give a video or a folder of images"
            )
        return found
    found = sorted(Path(p) for p in glob.glob(spec) if Path(p).suffix.lower() in IMAGE_SUFFIXES)
    if not found:
        raise UsageError(f"no picture matches {shown(spec)}: give a video, a folder or a glob")
    return found


class PictureSequence(ClosesOnExit):
    """Pictures in order, shown ``rate`` times a second; the same face as ``AvReader``."""

    audio: av.audio.stream.AudioStream | None = None
    rotation = 0

    def __init__(self, spec: str, rate: Fraction) -> None:
        self.path = spec
        self.rate = rate
        self.time_base = 1 / rate
        self._pattern: SequenceReader | None = None
        self._files: list[Path] = []
        if is_sequence_pattern(spec):
            self._pattern = SequenceReader(spec)
            self.frame_count: int | None = self._pattern.frame_count()
        else:
            self._files = _listed(spec)
            self.frame_count = len(self._files)

    def _pictures(self) -> Iterator[Frame]:
        if self._pattern is not None:
            while (image := self._pattern.read()) is not None:
                yield image
            return
        for path in self._files:
            image = decode_file(path) if is_regular(path) else None
            if image is None:
                raise SourceError(f"cannot read {shown(path)}: not an image OpenCV can decode")
            yield image

    def frames(self, on_audio: Callable[[av.Packet[Any]], None]) -> Iterator[Timed]:
        """Every picture as a frame; ``on_audio`` is never called."""
        for index, image in enumerate(self._pictures()):
            yield Timed(image, index, index)


def open_input(spec: str, rate: Fraction | None) -> AvReader | PictureSequence:
    """The input named by ``spec``; ``rate``: --fps, for pictures only."""
    if is_picture_sequence(spec):
        return PictureSequence(spec, rate or SEQUENCE_RATE)
    if rate is not None:
        raise UsageError(
            "--fps sets the rate of a picture sequence input; a video keeps its own timing"
        )
    return AvReader(spec)
