"""A printf-style image sequence (frames/%05d.png) read file by file.

OpenCV's own image-sequence reader only finds a sequence that starts at frame 0 or 1 and cannot
take file names that are not UTF-8; this one starts at the first frame found (up to
``SEARCH_LIMIT``), decodes the bytes itself (``np.fromfile`` + ``imdecode``) and reads only
regular files (a FIFO named like a frame would hang a read).
"""

from __future__ import annotations

from pathlib import Path

from zoomclone.errors import SourceError, UsageError
from zoomclone.frames import Frame
from zoomclone.offline.images import decode_file
from zoomclone.paths import is_regular, shown

SEARCH_LIMIT = 1000  # the first frame may be numbered up to this


def frame_path(pattern: str, index: int) -> Path:
    """The file of frame ``index``; UsageError for a pattern printf cannot fill."""
    try:
        return Path(pattern % index)
    except (TypeError, ValueError) as err:
        raise UsageError(
            f"bad image sequence pattern {pattern!r}: write it like frames/%05d.png"
        ) from err


def first_index(pattern: str) -> int | None:
    """The lowest frame number with a file, or None."""
    for index in range(SEARCH_LIMIT + 1):
        if is_regular(frame_path(pattern, index)):
            return index
    return None


class SequenceReader:
    """Frames ``start``, ``start + 1``, ... until a number has no file."""

    def __init__(self, pattern: str) -> None:
        start = first_index(pattern)
        if start is None:
            raise SourceError(f"no file matches the image sequence {shown(pattern)}")
        self.pattern = pattern
        self.start = start
        self._next = start

    def frame_count(self) -> int:
        """How many consecutive frames exist from the first."""
        index = self.start
        while is_regular(frame_path(self.pattern, index)):
            index += 1
        return index - self.start

    def read(self) -> Frame | None:
        """The next frame, or None at the end of the sequence."""
        path = frame_path(self.pattern, self._next)
        if not is_regular(path):
            return None
        image = decode_file(path)
        if image is None:
            raise SourceError(f"cannot read {shown(path)}: not an image OpenCV can decode")
        self._next += 1
        return image

    def rewind(self) -> None:
        """Start again at the first frame."""
        self._next = self.start
