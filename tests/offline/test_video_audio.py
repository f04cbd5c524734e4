"""`zoomclone video` writes through PyAV: the audio is kept (copied, or re-encoded when the
container needs it), frame timing and rotation metadata survive, --codec/--crf/--fps work."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from tests.conftest import person_frame

RUN_TIMEOUT_S = 300
RATE = 48000
TONE_HZ = 440.0
SECONDS = 2.0
SIZE = (160, 96)


def _zoomclone(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )


def _tone_clip(
    path: Path, audio_codec: str, frame_times_ms: list[int] | None = None, rotation: int = 0
) -> None:
    """A person clip with a 440 Hz tone; ``frame_times_ms``: irregular frame times (VFR)."""
    times = frame_times_ms or [round(i * 1000 / 30) for i in range(int(SECONDS * 30))]
    with av.open(str(path), "w") as out:
        video: Any = out.add_stream("mpeg4", rate=30)
        video.width, video.height = SIZE
        video.pix_fmt = "yuv420p"
        video.time_base = video.codec_context.time_base = Fraction(1, 1000)
        if rotation:
            video.set_display_rotation(rotation)
        audio: Any = out.add_stream(audio_codec, rate=RATE)
        audio.layout = "mono"
        for t in times:
            frame = av.VideoFrame.from_ndarray(person_frame(*SIZE), format="bgr24")
            frame.pts = t
            frame.time_base = Fraction(1, 1000)
            out.mux(video.encode(frame))
        out.mux(video.encode())
        samples = np.sin(2 * np.pi * TONE_HZ * np.arange(int(RATE * SECONDS)) / RATE)
        pcm = (samples * 12000).astype(np.int16)
        for start in range(0, len(pcm), 1024):
            chunk = av.AudioFrame.from_ndarray(pcm[None, start : start + 1024], "s16", "mono")
            chunk.sample_rate = RATE
            out.mux(audio.encode(chunk))
        out.mux(audio.encode())


def _audio(path: Path) -> tuple[str, np.ndarray]:
    """The codec and the samples (mono float) of the first audio stream."""
    with av.open(str(path)) as media:
        stream = media.streams.audio[0]
        chunks = [f.to_ndarray().astype(np.float64).reshape(-1) for f in media.decode(stream)]
        return stream.codec_context.name, np.concatenate(chunks)


def _packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as media:
        return [bytes(p) for p in media.demux(media.streams.audio[0]) if p.size]


def _dominant_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[int(np.argmax(spectrum))])


def _frame_times(path: Path) -> list[float]:
    with av.open(str(path)) as media:
        stream = media.streams.video[0]
        return [float(f.pts * stream.time_base) for f in media.decode(stream)]


def test_the_audio_is_copied_untouched_into_the_output(tmp_path: Path) -> None:
    clip, out = tmp_path / "talk.mp4", tmp_path / "out.mp4"
    _tone_clip(clip, "aac")
    done = _zoomclone("video", str(clip), "-o", str(out), "--background", "white", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _packets(out) == _packets(clip)
    (codec_in, before), (codec_out, after) = _audio(clip), _audio(out)
    assert codec_in == codec_out == "aac"
    assert len(after) == len(before)
    assert np.corrcoef(before, after)[0, 1] > 0.999
    assert abs(_dominant_hz(after) - TONE_HZ) < 5
    with av.open(str(out)) as media:
        assert media.streams.video[0].codec_context.name == "h264"
        assert media.streams.video[0].codec_context.pix_fmt == "yuv420p"


def test_audio_the_container_cannot_hold_is_re_encoded_with_the_same_tone(
    tmp_path: Path,
) -> None:
    clip, out = tmp_path / "talk.mov", tmp_path / "out.mp4"
    _tone_clip(clip, "pcm_mulaw")  # MP4 cannot hold mu-law
    done = _zoomclone("video", str(clip), "-o", str(out), "--background", "blur", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    codec, samples = _audio(out)
    assert codec == "aac"
    assert abs(len(samples) / RATE - SECONDS) < 0.05  # AAC adds at most one frame of padding
    assert abs(_dominant_hz(samples) - TONE_HZ) < 5


def test_variable_frame_timing_and_rotation_are_kept(tmp_path: Path) -> None:
    times = [0, 20, 70, 90, 200, 233, 266, 400, 410, 500]
    clip, out = tmp_path / "phone.mp4", tmp_path / "out.mp4"
    _tone_clip(clip, "aac", times, rotation=90)
    done = _zoomclone("video", str(clip), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _frame_times(out) == pytest.approx([t / 1000 for t in times], abs=1e-3)
    with av.open(str(out)) as media:
        frame = next(media.decode(video=0))
        assert frame.rotation == 90
        assert (frame.width, frame.height) == SIZE


def test_codec_and_crf_are_chosen_and_checked(tmp_path: Path) -> None:
    clip = tmp_path / "talk.mp4"
    _tone_clip(clip, "aac")
    out = tmp_path / "out.mkv"
    done = _zoomclone("video", str(clip), "-o", str(out), "--codec", "libvpx-vp9", "--crf", "40",
                      cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with av.open(str(out)) as media:
        assert media.streams.video[0].codec_context.name == "vp9"
    done = _zoomclone("video", str(clip), "-o", str(out), "--codec", "nope", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("zoomclone: error: unknown video encoder 'nope': this build has")
    done = _zoomclone("video", str(clip), "-o", str(out), "--codec", "mpeg4", "--crf", "20",
                      cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "zoomclone: error: --crf does not apply to mpeg4: use it with libsvtav1, libvpx-vp9, "
        "libx264, libx265"
    ]
