"""The live pipeline when its inputs misbehave: sizes that change, stalls, a camera or file gone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import cv2
import numpy as np

from tests.conftest import person_frame
from zoomclone.backgrounds import Background, BackgroundCycle, load_backgrounds
from zoomclone.clock import Clock, FakeClock, SystemClock
from zoomclone.control.commands import Action, Command
from zoomclone.live.config import PipelineConfig
from zoomclone.live.overlay_text import disconnected_frame
from zoomclone.live.pipeline import DISCONNECTED_TEXT, LivePipeline
from zoomclone.live.stats import Stats
from zoomclone.matting.engine import MatteEngine
from zoomclone.matting.framing import FramingConfig
from zoomclone.matting.matte import MatteConfig
from zoomclone.segmentation import FakeSegmenter
from zoomclone.sinks import RecordingSink
from zoomclone.sinks.base import FrameSink
from zoomclone.sinks.record_backend import register
from zoomclone.sinks.virtualcam import VirtualCameraSink
from zoomclone.sources import FakeSource
from zoomclone.sources.fake import moving_person

RUN_LIMIT_S = 30.0  # every run is stopped by then, so a regression fails instead of hanging


def _pipeline(
    source: FakeSource, sinks: list[FrameSink], config: PipelineConfig, clock: Clock
) -> LivePipeline:
    engine = MatteEngine(FakeSegmenter(), MatteConfig(refine=False), FramingConfig(crop_pass=False))
    return LivePipeline(
        source=source,
        engine=engine,
        sinks=sinks,
        backgrounds=BackgroundCycle(load_backgrounds(["white"])),
        config=config,
        clock=clock,
    )


def _run_bounded(pipeline: LivePipeline) -> float:
    """Run the pipeline (stopped after RUN_LIMIT_S whatever happens); its wall time."""
    guard = threading.Timer(RUN_LIMIT_S, pipeline.stop)
    guard.start()
    started = time.monotonic()
    try:
        pipeline.run()
    finally:
        guard.cancel()
    return time.monotonic() - started


def _zoomclone(*args: str) -> list[str]:
    return [sys.executable, "-m", "zoomclone", *args]


def _write_clip(path: Path, width: int, height: int, frames: int = 12, fps: float = 30.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    for _ in range(frames):
        writer.write(person_frame(width, height))
    writer.release()
    return path


def _wait_for_line(process: subprocess.Popen[str], text: str) -> list[str]:
    """Read stderr lines until one contains ``text`` (or the process ends)."""
    assert process.stderr is not None
    lines: list[str] = []
    for line in process.stderr:
        lines.append(line)
        if text in line:
            break
    return lines


# ---- a source that comes back at another size --------------------------------------------------


def test_a_source_back_at_another_size_is_fitted_to_the_sinks() -> None:
    def make(index: int, width: int, height: int) -> np.ndarray:
        return moving_person(index, 640, 480) if index >= 5 else moving_person(index, width, height)

    register()
    recording = RecordingSink()
    with VirtualCameraSink(320, 180, 30.0, backend="record") as camera:
        pipeline = _pipeline(
            FakeSource(320, 180, frames=None, make=make),
            [camera, recording],
            PipelineConfig(max_frames=12),
            FakeClock(),
        )
        _run_bounded(pipeline)
    assert recording.sent == 12
    assert {frame.shape for frame in recording.frames} == {(180, 320, 3)}


def test_live_input_replaced_at_another_size_keeps_every_frame(tmp_path: Path) -> None:
    clip = _write_clip(tmp_path / "in.avi", 320, 240)
    bigger = _write_clip(tmp_path / "big.avi", 640, 360)
    out = tmp_path / "out.avi"
    process = subprocess.Popen(
        _zoomclone(
            "live", "--input", str(clip), "--background", "white", "--frames", "45",
            "--output", "virtual", "--vcam-backend", "record", "--output", str(out),
        ),
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        lines = _wait_for_line(process, "control socket")
        os.replace(bigger, clip)
        _, rest = process.communicate(timeout=RUN_LIMIT_S)
    finally:
        process.kill()
    stderr = "".join(lines) + rest
    assert process.returncode == 0, stderr
    assert "unexpected frame shape" not in stderr
    capture = cv2.VideoCapture(str(out))
    count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    capture.release()
    assert count == 45


# ---- a stall is not load -----------------------------------------------------------------------


def test_after_a_stall_a_paced_file_does_not_catch_up() -> None:
    clock = FakeClock()
    read_at: list[float] = []

    def make(index: int, width: int, height: int) -> np.ndarray:
        if index == 20:
            clock.advance(5.0)  # the process was stopped for 5 s
        read_at.append(clock.now())
        return moving_person(index, width, height)

    pipeline = _pipeline(
        FakeSource(frames=None, make=make),
        [RecordingSink(keep=1)],
        PipelineConfig(pace_fps=30.0, max_frames=60),
        clock,
    )
    _run_bounded(pipeline)
    after = np.diff(read_at[21:50])  # the first frame after the stall is due at once
    assert len(after) > 10
    assert after.min() > 0.5 / 30.0  # paced from the stall on, never a burst of missed frames


def test_a_stopped_live_run_comes_back_at_full_quality(tmp_path: Path) -> None:
    clip = _write_clip(tmp_path / "in.avi", 320, 240, frames=30, fps=10.0)  # easy to keep up
    stats = tmp_path / "stats.json"
    process = subprocess.Popen(
        _zoomclone(
            "live", "--input", str(clip), "--background", "white", "--output", "null",
            "--stats-json", str(stats),
        ),
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        _wait_for_line(process, "control socket")
        time.sleep(1.0)
        process.send_signal(signal.SIGSTOP)
        time.sleep(3.0)
        process.send_signal(signal.SIGCONT)
        time.sleep(2.0)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=RUN_LIMIT_S)
    finally:
        process.kill()
    summary = json.loads(stats.read_text())
    assert summary["degraded"] == [], stderr
    assert summary["dropped_frames"] < 10  # a 3 s stop at 10 fps is 30 frames, none of them load
    assert "cannot keep up" not in stderr


# ---- the camera or the file gone ---------------------------------------------------------------


def test_placeholders_go_out_at_the_set_rate_and_count_towards_frames() -> None:
    source = FakeSource(
        frames=None, live=True, fail_on=lambda read: read >= 5, reopen_fails=lambda _: True
    )
    sink = RecordingSink(keep=1)
    config = PipelineConfig(max_frames=4 + 90, output_fps=30.0, reconnect_backoff_s=(0.2,))
    pipeline = _pipeline(source, [sink], config, SystemClock())
    seconds = _run_bounded(pipeline)
    assert sink.sent == 94
    assert seconds < 7.0  # 90 placeholders at 30 fps take 3 s (at ~10 fps they took 9 s)


def test_status_fps_is_measured_and_falls_when_frames_stop() -> None:
    clock = FakeClock()
    stats = Stats(get_time=clock.now)
    for _ in range(90):
        clock.advance(1 / 30)
        stats.add_output(0.01, 0, 0)
    assert abs(stats.recent_fps() - 30.0) < 1.0
    clock.advance(5.0)
    assert stats.recent_fps() == 0.0
    for _ in range(90):
        clock.advance(1 / 10)
        stats.add_placeholder()
    assert abs(stats.recent_fps() - 10.0) < 1.0


def test_placeholder_text_fits_a_small_frame() -> None:
    for width, height in ((128, 72), (160, 120), (320, 180)):
        frame = disconnected_frame(None, width, height, DISCONNECTED_TEXT)
        assert frame.shape == (height, width, 3)
        assert frame[:, 0].max() == 0 and frame[:, -1].max() == 0  # nothing cut at the edges
        assert frame.max() > 150  # the text is there


def test_an_input_emptied_while_running_ends_at_frames_with_prefixed_lines(
    tmp_path: Path,
) -> None:
    clip = _write_clip(tmp_path / "in.avi", 320, 240)
    process = subprocess.Popen(
        _zoomclone(
            "live", "--input", str(clip), "--background", "white", "--output", "null",
            "--frames", "60",
        ),
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        lines = _wait_for_line(process, "control socket")
        clip.write_bytes(b"")
        _, rest = process.communicate(timeout=RUN_LIMIT_S)
    finally:
        process.kill()
    stderr = "".join(lines) + rest
    assert process.returncode == 0, stderr
    assert str(clip) in rest and "camera" not in rest
    assert all(line.startswith("zoomclone: ") for line in stderr.splitlines()), stderr


# ---- a display that is set but cannot show a window --------------------------------------------


def test_a_stale_display_falls_back_to_the_virtual_camera(tmp_path: Path) -> None:
    clip = _write_clip(tmp_path / "in.avi", 320, 240)
    env = {**os.environ, "DISPLAY": ":98", "WAYLAND_DISPLAY": ""}
    result = subprocess.run(
        _zoomclone("live", "--input", str(clip), "--vcam-backend", "record", "--frames", "5"),
        capture_output=True,
        text=True,
        env=env,
        timeout=RUN_LIMIT_S * 2,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "zoomclone: DISPLAY=:98 cannot show a window (" in result.stderr
    assert "running with the virtual camera alone" in result.stderr
    assert "the record backend received 5 frames" in result.stderr


def test_a_preview_asked_for_on_a_stale_display_is_one_line(tmp_path: Path) -> None:
    clip = _write_clip(tmp_path / "in.avi", 320, 240)
    env = {**os.environ, "DISPLAY": ":98", "WAYLAND_DISPLAY": ""}
    result = subprocess.run(
        _zoomclone("live", "--input", str(clip), "--output", "preview", "--frames", "5"),
        capture_output=True,
        text=True,
        env=env,
        timeout=RUN_LIMIT_S * 2,
        check=False,
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("zoomclone: error: DISPLAY=:98 cannot show the preview window (")
    assert last.endswith("): use --output virtual or null")


def test_doctor_probes_the_display_as_live_does() -> None:
    from zoomclone.doctor import Machine, Status, check_display

    result = check_display(Machine(system="Linux", environ={**os.environ, "DISPLAY": ":98"}))
    assert result.status is Status.WARN
    assert result.detail.startswith("DISPLAY=:98 cannot show a window (")


# ---- backgrounds: decoded late, bounded, few at a time -----------------------------------------


def test_only_the_current_background_and_its_neighbours_stay_decoded(tmp_path: Path) -> None:
    for i in range(6):
        cv2.imwrite(str(tmp_path / f"{i}.jpg"), np.full((300, 400, 3), 40 * i, np.uint8))
    cycle = BackgroundCycle(load_backgrounds([str(tmp_path)]))
    frame = person_frame(160, 120)
    for _ in range(6):
        cycle.current.backdrop(frame, frame[..., 0], 0.0)
        cycle.step(1)
    decoded = [b for b in cycle.backgrounds if getattr(b, "_cache", None) is not None]
    assert 1 <= len(decoded) <= 3


def test_a_background_is_decoded_no_larger_than_the_frame_needs(tmp_path: Path) -> None:
    from zoomclone.backgrounds import read_background_image

    path = tmp_path / "big.jpg"
    cv2.imwrite(str(path), np.full((3000, 4000, 3), 90, np.uint8))
    image = read_background_image(path, (320, 180))
    assert image.shape[1] < 1000 and image.shape[0] >= 180  # 1/8 scale covers 320x180


def test_a_gigantic_png_background_is_refused_from_its_header(tmp_path: Path, clip: Path) -> None:
    path = tmp_path / "huge.png"
    cv2.imwrite(str(path), np.zeros((20000, 20000, 1), np.uint8))
    result = subprocess.run(
        _zoomclone("live", "--input", str(clip), "--background", str(path), "--output", "null"),
        capture_output=True,
        text=True,
        timeout=RUN_LIMIT_S * 2,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"zoomclone: error: background {path} is 20000x20000 (400 MP), more than zoomclone "
        "decodes for a background (50 MP, or 3200 MP for JPEG): scale it down to the output size"
    )


def test_the_preloader_decodes_the_neighbours_ahead_and_stops(tmp_path: Path) -> None:
    from zoomclone.live.preload import Preloader

    for i in range(5):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((600, 800, 3), 40 * i, np.uint8))
    cycle = BackgroundCycle(load_backgrounds([str(tmp_path)]))
    with Preloader(cycle, (160, 120)):
        cycle.step(2)
        deadline = time.monotonic() + RUN_LIMIT_S
        while time.monotonic() < deadline:
            ready = [getattr(b, "_cache", None) is not None for b in cycle.backgrounds]
            if ready[1] and ready[3]:
                break
            time.sleep(0.02)
    assert ready[1] and ready[3] and not ready[2]  # the neighbours, not the current one
    assert not [t for t in threading.enumerate() if t.name == "zoomclone-preload"]


def test_a_video_background_first_shown_late_does_not_decode_every_missed_frame(
    tmp_path: Path,
) -> None:
    from zoomclone.backgrounds import VideoBackground

    video = VideoBackground(_write_clip(tmp_path / "bg.avi", 160, 120))
    reads = 0
    advance = video._advance

    def counting() -> None:
        nonlocal reads
        reads += 1
        advance()

    video._advance = counting  # type: ignore[method-assign]
    frame = person_frame(160, 120)
    video.backdrop(frame, frame[..., 0], 600.0)  # ten minutes into the call: 18000 frames in
    video.release()
    video.backdrop(frame, frame[..., 0], 601.0)  # released while out of reach, shown again
    video.close()
    assert reads <= 4


class SlowToDecode(Background):
    """A background whose first picture takes 0.5 s, as a large PNG does on a loaded machine."""

    name = "slow"

    def __init__(self) -> None:
        self.decoded = False

    def backdrop(self, frame: np.ndarray, alpha: np.ndarray, t_s: float) -> np.ndarray:
        if not self.decoded:
            time.sleep(0.5)
            self.decoded = True
        return np.zeros_like(frame)


class SwitchingSink(RecordingSink):
    """Asks for the next background once, at its 20th frame (as a user would, mid-run)."""

    def __init__(self) -> None:
        super().__init__(keep=1)
        self.pipeline: LivePipeline | None = None

    def send(self, frame: np.ndarray) -> None:
        super().send(frame)
        if self.sent == 20 and self.pipeline is not None:
            self.pipeline.submit(Command(Action.NEXT))


def test_a_slow_background_switch_is_not_load() -> None:
    sink = SwitchingSink()
    engine = MatteEngine(FakeSegmenter(), MatteConfig(refine=False), FramingConfig(crop_pass=False))
    pipeline = LivePipeline(
        source=FakeSource(160, 90, frames=None),
        engine=engine,
        sinks=[sink],
        backgrounds=BackgroundCycle([*load_backgrounds(["white"]), SlowToDecode()]),
        config=PipelineConfig(pace_fps=30.0, max_frames=40),
        clock=SystemClock(),
    )
    sink.pipeline = pipeline
    _run_bounded(pipeline)
    assert pipeline.backgrounds.current.name == "slow"
    assert pipeline.stats.dropped_frames < 5  # the 0.5 s decode skipped ~15 frames: excused
