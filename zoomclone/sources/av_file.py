"""A video file read through PyAV (FFmpeg): upright BGR frames with their timestamps, and the
audio packets beside them, untouched, for the writer to keep."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import av
import cv2

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import SourceError
from zoomclone.frames import Frame
from zoomclone.paths import regular_file, shown

FALLBACK_RATE = Fraction(30)  # a file that states no frame rate
BROKEN_RATE_RATIO = 2  # an average frame rate this many times the codec's: broken timestamps
UPRIGHT = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}


@dataclass(frozen=True)
class Timed:
    """A frame and when it is shown: ``pts`` in the reader's ``time_base``."""

    image: Frame
    pts: int
    index: int


class AvReader(ClosesOnExit):
    """The first video stream of ``path`` (and its first audio stream, if any)."""

    def __init__(self, path: str) -> None:
        self.path = path
        if not Path(path).exists():
            raise SourceError(f"input video {shown(path)} does not exist: check the path")
        regular_file(Path(path), "input video")
        try:
            self._container = av.open(path)
        except (av.FFmpegError, OSError, UnicodeDecodeError) as err:
            raise SourceError(self._not_a_video()) from err
        if not self._container.streams.video:
            self._container.close()
            raise SourceError(f"{shown(path)} has no video stream: is it a video file?")
        self.video = self._container.streams.video[0]
        self.video.thread_type = "AUTO"
        self.audio = self._container.streams.audio[0] if self._container.streams.audio else None
        self.time_base = self.video.time_base or Fraction(1, 90000)
        self.rate = _plausible_rate(self.video)
        self.frame_count = self.video.frames or None
        self.rotation = 0
        self.size = (self.video.codec_context.width, self.video.codec_context.height)

    def frames(self, on_audio: Callable[[av.Packet[Any]], None]) -> Iterator[Timed]:
        """Decoded frames in order; each audio packet met on the way goes to ``on_audio``."""
        streams = [self.video] + ([self.audio] if self.audio is not None else [])
        index = 0
        last_pts = -1
        try:
            for packet in self._container.demux(streams):
                if packet.stream.type == "audio":
                    if packet.size:
                        on_audio(packet)
                    continue
                for frame in packet.decode():
                    if not isinstance(frame, av.VideoFrame):
                        continue
                    pts = self._rising(frame.pts, last_pts)
                    last_pts = pts
                    yield Timed(self._upright(frame), pts, index)
                    index += 1
        except av.FFmpegError as err:
            if index == 0:  # FFmpeg opened it (a name, a header) but it holds no video it can read
                raise SourceError(self._not_a_video()) from err
            raise SourceError(
                f"cannot decode {shown(self.path)} after {index} frames: {err}"
            ) from err
        if index == 0:
            raise SourceError(f"{shown(self.path)} has no readable frame: is it a video?")

    def _rising(self, pts: int | None, last_pts: int) -> int:
        """The encoder needs rising timestamps: a frame without one, or with one not after the
        last (some recorders stamp every frame 0), is shown one frame period after the last, so
        the video keeps its length (before: one tick after, a 4 s clip became 4 ms long)."""
        if pts is not None and pts > last_pts:
            return pts
        period = max(1, round(1 / (self.rate * self.time_base)))
        return max(0, last_pts + period) if last_pts >= 0 else 0

    def _not_a_video(self) -> str:
        return f"cannot open {shown(self.path)}: not a video FFmpeg can decode (.mp4, .avi, .mov)"

    def _upright(self, frame: av.VideoFrame) -> Frame:
        image = cast(Frame, frame.to_ndarray(format="bgr24"))
        rotation = round(frame.rotation) % 360 if frame.rotation else 0
        self.rotation = rotation
        if rotation in UPRIGHT:
            image = cv2.rotate(image, UPRIGHT[rotation])
        return image

    def close(self) -> None:
        self._container.close()


def _plausible_rate(video: av.video.stream.VideoStream) -> Fraction:
    """The stream's average frame rate, unless it is more than twice what its codec states: then
    the timestamps are broken (every frame stamped 0 averages thousands of fps) and the codec's
    rate is the truth. A variable-rate video averages at most its codec's rate."""
    average = video.average_rate
    stated = video.codec_context.framerate or video.guessed_rate
    if average and stated and average > BROKEN_RATE_RATIO * stated:
        return Fraction(stated)
    return Fraction(average or stated or FALLBACK_RATE)
