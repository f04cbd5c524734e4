"""``zoomclone live`` and ``zoomclone video`` end to end with the real model on small made-up clips."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import pyvirtualcam

from tests.conftest import CLIP_FRAMES, person_frame
from zoomclone.cli import main


class CollectingBackend:
    """A pyvirtualcam backend that keeps what it is sent (registered per test)."""

    opened: list[CollectingBackend] = []  # noqa: RUF012

    def __init__(
        self, *, width: int, height: int, fps: float, fourcc: int, device: str | None, **kw: Any
    ) -> None:
        self.width, self.height, self.fourcc = width, height, fourcc
        self.frames: list[np.ndarray] = []
        self.closed = 0
        CollectingBackend.opened.append(self)

    def send(self, frame: np.ndarray) -> None:
        self.frames.append(frame.copy())

    def close(self) -> None:
        self.closed += 1

    def device(self) -> str:
        return "collect0"

    def native_fourcc(self) -> None:
        return None


def test_live_from_a_file_writes_stats_json(clip: Path, tmp_path: Path) -> None:
    stats = tmp_path / "s.json"
    code = main(
        [
            "live",
            "--input",
            str(clip),
            "--output",
            "null",
            "--frames",
            "20",
            "--unpaced",
            "--stats-json",
            str(stats),
        ]
    )
    assert code == 0
    summary = json.loads(stats.read_text())
    assert summary["frames"] == 20
    assert set(summary) >= {
        "frames",
        "duration_s",
        "fps",
        "dropped_frames",
        "mask_age_frames",
        "latency_ms",
        "stage_ms",
        "cpu_cores",
    }
    assert set(summary["stage_ms"]) == {"capture", "segment", "matte", "composite", "output"}
    assert set(summary["mask_age_frames"]) == {"p50", "max"}
    assert set(summary["latency_ms"]) == {"p50", "p95"}


def test_virtual_camera_gets_bgr_frames_through_pyvirtualcam(clip: Path) -> None:
    pyvirtualcam.register_backend("collect", CollectingBackend)
    CollectingBackend.opened.clear()
    code = main(
        [
            "live",
            "--input",
            str(clip),
            "--output",
            "virtual",
            "--vcam-backend",
            "collect",
            "--frames",
            "15",
            "--unpaced",
            "--background",
            "white",
        ]
    )
    assert code == 0
    (backend,) = CollectingBackend.opened
    assert backend.fourcc == pyvirtualcam.PixelFormat.BGR.value or backend.fourcc > 0
    assert (backend.width, backend.height) == (320, 240)
    assert len(backend.frames) == 15
    assert backend.frames[0].size == 320 * 240 * 3
    assert backend.closed == 1
    corner = backend.frames[5].reshape(240, 320, 3)[230, 310]
    assert (corner == 255).all()  # the white background reached the camera in BGR


def test_default_no_command_means_live(clip: Path, tmp_path: Path) -> None:
    assert main(["--input", str(clip), "--output", "null", "--frames", "3", "--unpaced"]) == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--size", "12x"], 2, "bad --size"),
        (["--vcam-backend", "nosuch", "--output", "virtual"], 2, "unknown virtual camera backend"),
        (["--background", "missing.png"], 2, "unknown background"),
        (["--output", "out.xyz"], 2, "unknown output type"),
    ],
)
def test_live_usage_errors(
    clip: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    assert main(["live", "--input", str(clip), "--frames", "2", *args]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_camera_is_one_clear_line(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["live", "--camera", "57", "--output", "null"]) == 1
    err = capfd.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "camera 57 cannot be opened" in err[0] and "zoomclone doctor" in err[0]


def test_video_writes_every_frame_at_the_same_fps(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.avi"
    assert main(["video", str(clip), "-o", str(out)]) == 0
    capture = cv2.VideoCapture(str(out))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == CLIP_FRAMES
    assert capture.get(cv2.CAP_PROP_FPS) == pytest.approx(30.0)
    capture.release()


def test_video_to_transparent_png_sequence(clip: Path, tmp_path: Path) -> None:
    pattern = tmp_path / "seq" / "%04d.png"
    assert main(["video", str(clip), "-o", str(pattern), "--background", "transparent"]) == 0
    files = sorted((tmp_path / "seq").iterdir())
    assert len(files) == CLIP_FRAMES
    assert cv2.imread(str(files[0]), cv2.IMREAD_UNCHANGED).shape == (240, 320, 4)


def test_video_sequence_in_video_file_out(clip: Path, tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    frames.mkdir()
    for i in range(5):
        cv2.imwrite(str(frames / f"{i:05d}.jpg"), person_frame(160, 120))
    out = tmp_path / "o.mp4"
    assert main(["video", str(frames / "%05d.jpg"), "-o", str(out)]) == 0
    capture = cv2.VideoCapture(str(out))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == 5


def test_transparent_video_needs_a_png_sequence(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["video", str(clip), "-o", str(tmp_path / "o.mp4"), "--background", "transparent"])
        == 2
    )
    assert "PNG sequence" in capsys.readouterr().err


def test_sigterm_stops_within_a_second_with_exit_0(clip: Path, tmp_path: Path) -> None:
    stats = tmp_path / "s.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zoomclone",
            "live",
            "--input",
            str(clip),
            "--output",
            "null",
            "--stats-json",
            str(stats),
            "--socket",
            str(tmp_path / "c.sock"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60  # a loaded machine may take long to start it
    while not (tmp_path / "c.sock").exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # the socket opens after the signal handlers are in place
        if process.poll() is not None:
            break
    time.sleep(0.5)  # a few frames out
    process.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    _, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert time.monotonic() - sent < 1.0
    assert "Traceback" not in err
    assert json.loads(stats.read_text())["frames"] > 0
    assert os.path.exists(stats)


def test_no_virtual_camera_device_is_one_line_with_the_setup_fix(
    clip: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoDevice:
        def __init__(self, **kw: Any) -> None:
            raise RuntimeError("no v4l2 loopback device found at /dev/video[0-99]")

    monkeypatch.setitem(pyvirtualcam.camera.BACKENDS, "v4l2loopback", NoDevice)
    assert (
        main(
            ["live", "--input", str(clip), "--output", "virtual", "--vcam-backend", "v4l2loopback"]
        )
        == 1
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len([line for line in err if "error" in line]) == 1
    assert (
        "cannot open the virtual camera" in err[-1]
        and "v4l2loopback" in err[-1]
        and "exclusive_caps=1" in err[-1]
    )


def test_preview_without_a_display_is_a_clear_error(
    clip: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["live", "--input", str(clip), "--output", "preview"]) == 1
    assert "no display for the preview window" in capsys.readouterr().err


def test_without_a_backend_the_record_backend_never_stands_in_for_a_device(
    clip: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoDevice:
        def __init__(self, **kw: Any) -> None:
            raise RuntimeError("no device")

    from zoomclone.sinks.record_backend import RecordBackend

    monkeypatch.setattr(
        pyvirtualcam.camera, "BACKENDS", {"v4l2loopback": NoDevice, "record": RecordBackend}
    )
    assert main(["live", "--input", str(clip), "--output", "virtual", "--frames", "2"]) == 1
    assert "cannot open the virtual camera" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [["live", "--fps", "0"], ["image"], ["nosuch"], ["video", "x.mp4"]]
)
def test_argument_errors_are_one_line_with_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("zoomclone: error:") and "--help" in err[0]
