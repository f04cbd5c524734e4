"""Outputs under attack: an output that is an input, a full disk, a planted symlink, a stop
signal mid-run. Nothing the user already had is lost, and every failure is one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import CLIP_FRAMES, person_frame
from zoomclone.cli import main

RUN_TIMEOUT_S = 120


def _zoomclone(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )


def _sequence(folder: Path, start: int, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + count):
        cv2.imwrite(str(folder / f"{index:05d}.png"), person_frame(64, 48))


def _noise_video(path: Path, frames: int, size: tuple[int, int] = (320, 240)) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, size)
    rng = np.random.default_rng(0)
    for _ in range(frames):
        writer.write(rng.integers(0, 255, (size[1], size[0], 3), np.uint8))
    writer.release()


def _error_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line]


@pytest.mark.parametrize(
    "output", ["clip.avi", "./clip.avi", "{tmp}/clip.avi", "link.avi", "hard.avi"]
)
def test_video_refuses_an_output_that_is_its_input_however_spelled(
    clip: Path,
    tmp_path: Path,
    output: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.avi").symlink_to(clip)
    os.link(clip, tmp_path / "hard.avi")
    before = clip.read_bytes()
    target = output.format(tmp=tmp_path)
    assert main(["video", "clip.avi", "-o", target, "--background", "white"]) == 2
    lines = _error_lines(capsys)
    assert len(lines) == 1 and "would overwrite the input" in lines[0], lines
    assert clip.read_bytes() == before


def test_video_refuses_an_image_sequence_written_over_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _sequence(tmp_path / "fr", 0, 3)
    before = (tmp_path / "fr" / "00000.png").read_bytes()
    code = main(["video", "fr/%05d.png", "-o", "./fr/%05d.png", "--background", "white"])
    assert code == 2
    assert _error_lines(capsys) == [
        "zoomclone: error: output ./fr/%05d.png would overwrite the input fr/%05d.png: "
        "choose another path"
    ]
    assert (tmp_path / "fr" / "00000.png").read_bytes() == before


def test_video_refuses_an_output_that_is_its_background(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backdrop = tmp_path / "back.avi"
    _noise_video(backdrop, 3)
    code = main(["video", str(clip), "-o", str(backdrop), "--background", str(backdrop)])
    assert code == 2
    assert "would overwrite the input" in _error_lines(capsys)[0]


def test_live_refuses_a_recording_over_its_input(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = clip.read_bytes()
    run = ["--input", str(clip), "--output", str(clip), "--background", "blur"]
    code = main(["live", *run, "--no-control-socket", "--frames", "2"])
    assert code == 2
    assert "would overwrite the input" in _error_lines(capsys)[0]
    assert clip.read_bytes() == before


def test_image_refuses_a_hard_link_to_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "me.png"
    cv2.imwrite(str(photo), person_frame())
    os.link(photo, tmp_path / "again.png")
    assert main(["image", str(photo), "-o", str(tmp_path / "again.png")]) == 2
    assert "would overwrite an input" in _error_lines(capsys)[0]


def test_image_never_writes_through_a_planted_partial_symlink(tmp_path: Path) -> None:
    photo = tmp_path / "me.jpg"
    cv2.imwrite(str(photo), person_frame())
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".me.png.partial").symlink_to(victim)
    assert main(["image", str(photo), "-o", str(out / "me.png")]) == 0
    assert victim.read_text() == "precious"
    assert cv2.imread(str(out / "me.png")) is not None
    assert sorted(p.name for p in out.iterdir()) == [".me.png.partial", "me.png"]


def test_outputs_get_the_usual_permissions_not_the_temp_files(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.avi"
    assert main(["video", str(clip), "-o", str(out), "--background", "white"]) == 0
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, unmounted after the test; skip where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        timeout=30,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def test_video_on_a_full_disk_is_one_line_and_keeps_the_old_file(
    tmp_path: Path, tiny_disk: Path
) -> None:
    noise = tmp_path / "noise.avi"
    _noise_video(noise, 40)
    old = tiny_disk / "out.mkv"
    old.write_bytes(b"old result")
    # lossless H.264 of noise: about 9 MB, which a 1 MB disk cannot hold
    done = _zoomclone("video", str(noise), "-o", str(old), "--background", "none", "--crf", "0",
                      cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1].startswith(f"zoomclone: error: cannot write video {old}: only "), lines
    assert "is the disk full?" in lines[-1]
    assert "Traceback" not in done.stderr
    assert old.read_bytes() == b"old result"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["out.mkv"]


def test_live_recording_on_a_full_disk_is_one_line(tmp_path: Path, tiny_disk: Path) -> None:
    noise = tmp_path / "noise.avi"
    _noise_video(noise, 40)
    target = tiny_disk / "rec.mp4"
    done = _zoomclone(
        "live", "--input", str(noise), "--unpaced", "--frames", "400", "--output", str(target),
        "--background", "none", "--no-control-socket", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "cannot write video" in done.stderr.splitlines()[-1]
    assert not target.exists()


def _writing(folder: Path) -> bool:
    """True once a temporary output holds frames (the run is past its start-up)."""
    return any(p.stat().st_size > 0 for p in folder.glob(".zoomclone-*.avi"))


def test_video_stops_on_sigterm_and_sighup_keeping_the_old_file(tmp_path: Path) -> None:
    long_clip = tmp_path / "long.avi"
    writer = cv2.VideoWriter(str(long_clip), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (320, 240))
    for _ in range(3000):
        writer.write(person_frame(320, 240))
    writer.release()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        out = tmp_path / "out.avi"
        out.write_bytes(b"old result")
        process = subprocess.Popen(
            [sys.executable, "-m", "zoomclone", "video", str(long_clip), "-o", str(out)],
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        deadline = time.monotonic() + 60
        while not _writing(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 128 + signum, err
        assert "Traceback" not in err
        assert out.read_bytes() == b"old result"
        assert list(tmp_path.glob(".zoomclone-*")) == []


def test_a_finished_video_replaces_the_old_file(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.avi"
    out.write_bytes(b"old result")
    assert main(["video", str(clip), "-o", str(out), "--background", "white"]) == 0
    capture = cv2.VideoCapture(str(out))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == CLIP_FRAMES
    capture.release()
    assert list(tmp_path.glob(".zoomclone-*")) == []


def test_an_output_that_is_a_fifo_or_device_is_refused_not_replaced(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.avi"
    os.mkfifo(fifo)
    assert main(["video", str(clip), "-o", str(fifo), "--background", "white"]) == 2
    assert _error_lines(capsys) == [
        f"zoomclone: error: output {fifo} exists and is not a regular file: choose a file path"
    ]
    assert fifo.is_fifo()


def test_an_output_through_a_symlink_writes_the_linked_file(tmp_path: Path) -> None:
    photo = tmp_path / "me.jpg"
    cv2.imwrite(str(photo), person_frame())
    real = tmp_path / "elsewhere" / "real.png"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.png"
    link.symlink_to(real)
    assert main(["image", str(photo), "-o", str(link)]) == 0
    assert link.is_symlink()
    assert cv2.imread(str(real)) is not None


def test_image_refuses_an_output_that_is_its_background(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "me.jpg"
    cv2.imwrite(str(photo), person_frame())
    backdrop = tmp_path / "beach.png"
    cv2.imwrite(str(backdrop), person_frame())
    before = backdrop.read_bytes()
    assert main(["image", str(photo), "-o", str(backdrop), "--background", str(backdrop)]) == 2
    assert "would overwrite the input" in _error_lines(capsys)[0]
    assert backdrop.read_bytes() == before
