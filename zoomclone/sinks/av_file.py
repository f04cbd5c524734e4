"""A video file written through PyAV (FFmpeg): H.264 by default, the input's audio kept.

The picture is encoded from the frames given, each with the input's own timestamp (a variable
frame rate file stays in sync with its audio). The audio stream is copied packet for packet, or
re-encoded only when the container cannot hold its codec (PCM into MP4 becomes AAC). The file is
written beside the target and renamed into place only when it opens again with every frame
(``paths.temp_beside``/``commit``): a full disk or an interrupted run leaves any older file whole.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import cv2

from zoomclone.closing import CommitsOnExit
from zoomclone.errors import SinkError, UsageError
from zoomclone.frames import Frame
from zoomclone.paths import commit, destination, discard, shown, temp_beside

VIDEO_SUFFIXES = (".avi", ".m4v", ".mkv", ".mov", ".mp4")
PREFERRED_CODECS = ("libx264", "mpeg4")  # the first this FFmpeg build can encode is the default
AVI_CODEC = "mpeg4"  # AVI has no B-frame timestamps: H.264 in AVI plays badly
CRF_CODECS = frozenset({"libx264", "libx265", "libvpx-vp9", "libsvtav1"})
DEFAULT_CRF = 20  # visually lossless for a talking head with x264
X264_PRESET = "superfast"  # 27 ms a 720p frame here (veryfast: 37 ms, 40% smaller files)
BITS_PER_PIXEL = 0.2  # the bit rate for encoders without a quality setting (mpeg4)
AUDIO_CODECS = ("aac", "libmp3lame", "libopus")  # re-encoding, when the audio cannot be copied
# upright -> as stored, for a display rotation (counter-clockwise degrees) of the input
STORED = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


@dataclass(frozen=True)
class Encoding:
    """How the picture is encoded: codec name and quality (None: the codec's default)."""

    codec: str
    crf: int | None = None


def encoders() -> list[str]:
    """The video encoders of this FFmpeg build that zoomclone offers."""
    found = []
    for name in sorted(av.codecs_available):
        try:
            codec = av.codec.Codec(name, "w")
        except (av.codec.codec.UnknownCodecError, ValueError):
            continue
        if codec.type == "video" and codec.name == name and not codec.name.endswith("_v4l2m2m"):
            found.append(name)
    return found


def choose_encoding(path: str, codec: str | None, crf: int | None) -> Encoding:
    """The encoding for ``path``; UsageError for a codec this build lacks or a --crf it ignores."""
    if codec is None:
        available = set(encoders())
        wanted = (AVI_CODEC,) if Path(path).suffix.lower() == ".avi" else PREFERRED_CODECS
        codec = next((c for c in wanted if c in available), AVI_CODEC)
    elif codec not in encoders():
        known = ", ".join(c for c in encoders() if c in CRF_CODECS or c in PREFERRED_CODECS)
        raise UsageError(f"unknown video encoder {codec!r}: this build has {known} (and more)")
    if crf is not None and codec not in CRF_CODECS:
        raise UsageError(
            f"--crf does not apply to {codec}: use it with {', '.join(sorted(CRF_CODECS))}"
        )
    if crf is None and codec in CRF_CODECS:
        crf = DEFAULT_CRF
    return Encoding(codec, crf)


class AvWriter(CommitsOnExit):
    """Encodes BGR frames into ``path``; ``audio``: the input's audio stream to keep.

    ``rotation``: the input's display rotation (degrees, counter-clockwise); frames are given
    upright and stored as the input stored them, with the same rotation metadata.
    """

    def __init__(
        self,
        path: str,
        size: tuple[int, int],
        time_base: Fraction,
        rate: Fraction,
        encoding: Encoding,
        *,
        audio: av.audio.stream.AudioStream | None = None,
        rotation: int = 0,
    ) -> None:
        self.path = path
        self.frames = 0
        self._final = destination(Path(path))
        self._temp: Path | None = temp_beside(self._final)
        self._rotation = rotation % 360
        try:
            self._output = av.open(str(self._temp), "w")
            self._video = self._add_video(size, time_base, rate, encoding)
            self._audio_in = audio
            self._audio_out, self._audio_copy = self._add_audio(audio)
        except (av.FFmpegError, OSError, ValueError) as err:
            self.discard()
            raise SinkError(f"cannot write video {shown(path)}: {err}") from err

    def _add_video(
        self, size: tuple[int, int], time_base: Fraction, rate: Fraction, encoding: Encoding
    ) -> av.video.stream.VideoStream:
        width, height = size if self._rotation in (0, 180) else size[::-1]
        options = {"crf": str(encoding.crf)} if encoding.crf is not None else {}
        if encoding.codec == "libx264":
            options["preset"] = X264_PRESET
        stream = self._output.add_stream(encoding.codec, rate=rate, options=options)
        assert isinstance(stream, av.video.stream.VideoStream)
        stream.width, stream.height = width, height
        odd = width % 2 or height % 2
        stream.pix_fmt = "yuv444p" if odd and encoding.codec == "libx264" else "yuv420p"
        stream.time_base = time_base
        stream.codec_context.time_base = time_base
        if encoding.crf is None:
            stream.codec_context.bit_rate = int(width * height * float(rate) * BITS_PER_PIXEL)
        stream.thread_type = "AUTO"
        if self._rotation:
            stream.set_display_rotation(self._rotation)
        return stream

    def _add_audio(
        self, audio: av.audio.stream.AudioStream | None
    ) -> tuple[av.audio.stream.AudioStream | None, bool]:
        if audio is None:
            return None, False
        if audio.codec_context.name in self._output.supported_codecs:
            copied = self._output.add_stream_from_template(audio)
            assert isinstance(copied, av.audio.stream.AudioStream)
            return copied, True
        codec = next(c for c in AUDIO_CODECS if c in self._output.supported_codecs)
        stream = self._output.add_stream(codec, rate=audio.codec_context.sample_rate)
        assert isinstance(stream, av.audio.stream.AudioStream)
        stream.layout = audio.codec_context.layout
        return stream, False

    def write(self, frame: Frame, pts: int) -> None:
        """Encode one upright BGR frame shown at ``pts`` (in the time base given)."""
        if self._rotation:
            frame = cv2.rotate(frame, STORED[self._rotation])
        picture = av.VideoFrame.from_ndarray(frame, format="bgr24")
        picture.pts = pts
        # the codec's time base: the muxer may change the stream's (mp4 makes it 1/15360) once the
        # first packet is written, and pts given in the input's units must stay in them
        picture.time_base = self._video.codec_context.time_base
        try:
            packets = self._video.encode(picture)
        except (av.FFmpegError, ValueError) as err:
            raise SinkError(
                f"cannot encode frame {self.frames + 1} into {shown(self.path)}: {err}"
            ) from err
        self._mux(packets)
        self.frames += 1

    def write_audio(self, packet: av.Packet[Any]) -> None:
        """Keep one audio packet of the input (copied, or decoded and encoded again)."""
        if self._audio_out is None or packet.size == 0:
            return
        if self._audio_copy:
            packet.stream = self._audio_out
            self._mux([packet])
            return
        for samples in packet.decode():
            if not isinstance(samples, av.AudioFrame):
                continue
            samples.pts = None
            self._mux(self._audio_out.encode(samples))

    def _mux(self, packets: list[av.Packet[Any]]) -> None:
        try:
            self._output.mux(packets)
        except (av.FFmpegError, OSError) as err:
            raise self._broken() from err

    def _broken(self) -> SinkError:
        return SinkError(
            f"cannot write video {shown(self.path)}: only {max(self._count_back(), 0)} of "
            f"{self.frames} frames could be read back (is the disk full?); any earlier file "
            "there was kept"
        )

    def _count_back(self) -> int:
        """Video frames the temporary file holds, counted from its packets (0 if it is broken)."""
        if self._temp is None:
            return 0
        try:
            with av.open(str(self._temp)) as written:
                return sum(1 for p in written.demux(video=0) if p.size)
        except (av.FFmpegError, OSError, IndexError):
            return 0

    def close(self) -> None:
        """Flush the encoders, check the file holds every frame and put it in place."""
        if self._temp is None:
            return
        try:
            if self.frames == 0:
                raise SinkError(
                    f"no frame was written to {shown(self.path)}: the file was not created"
                )
            self._mux(self._video.encode())
            if self._audio_out is not None and not self._audio_copy:
                self._mux(self._audio_out.encode())
            try:
                self._output.close()
            except (av.FFmpegError, OSError) as err:
                raise self._broken() from err
            if self._count_back() < self.frames:
                raise self._broken()
        except BaseException:
            self.discard()
            raise
        temp, self._temp = self._temp, None
        commit(temp, self._final)

    def discard(self) -> None:
        """Stop writing and delete the unfinished file; ``path`` is left as it was."""
        temp, self._temp = self._temp, None
        output = getattr(self, "_output", None)
        if output is not None:
            with contextlib.suppress(av.FFmpegError, OSError):
                output.close()
        if temp is not None:
            discard(temp)
