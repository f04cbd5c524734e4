"""`zoomclone image --jobs N` and the picture-sequence inputs of `zoomclone video` (glob, folder,
--fps), and the line on Ctrl-C saying what a partial output holds."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from tests.conftest import person_frame
from zoomclone.cli import main

RUN_TIMEOUT_S = 300


def _zoomclone(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )


def _photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        frame = person_frame(200 + 8 * i, 150)
        frame[:, : 2 + i] = 90
        path = folder / f"p{i:02d}.png"
        cv2.imwrite(str(path), frame)
        paths.append(path)
    return paths


def test_jobs_give_the_same_pictures_in_order_with_per_file_errors(tmp_path: Path) -> None:
    photos = _photos(tmp_path / "in", 7)
    (tmp_path / "in" / "p03.png").write_bytes(b"not a picture")
    one = _zoomclone("image", str(tmp_path / "in"), "--output-dir", "one", "--jobs", "1",
                     cwd=tmp_path)  # fmt: skip
    two = _zoomclone("image", str(tmp_path / "in"), "--output-dir", "two", "--jobs", "3",
                     cwd=tmp_path)  # fmt: skip
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr
    assert two.stderr.splitlines()[-1] == "zoomclone: 1 of 7 images failed"
    for photo in photos:
        if photo.name == "p03.png":
            assert not (tmp_path / "two" / photo.name).exists()
            continue
        a = cv2.imread(str(tmp_path / "one" / photo.name))
        b = cv2.imread(str(tmp_path / "two" / photo.name))
        assert a is not None and b is not None
        assert np.abs(a.astype(int) - b.astype(int)).max() <= 1


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["image", "x.png", "-o", "y.png", "--jobs", "0"])
    assert stop.value.code == 2
    assert "expected a whole number >= 1, got '0'" in capsys.readouterr().err


@pytest.mark.parametrize("spec", ["shots/*.png", "shots"])
def test_video_reads_a_glob_or_a_folder_at_the_fps_given(spec: str, tmp_path: Path) -> None:
    _photos(tmp_path / "shots", 6)
    (tmp_path / "shots" / "notes.txt").write_text("not a frame")
    done = _zoomclone("video", spec, "-o", "out.mp4", "--fps", "12", "--background", "white",
                      cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with av.open(str(tmp_path / "out.mp4")) as media:
        stream = media.streams.video[0]
        times = [float(f.pts * stream.time_base) for f in media.decode(stream)]
    assert times == pytest.approx([i / 12 for i in range(6)], abs=1e-3)


def test_fps_is_refused_for_a_video_input(clip: Path, tmp_path: Path) -> None:
    done = _zoomclone("video", str(clip), "-o", "out.mp4", "--fps", "12", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "zoomclone: error: --fps sets the rate of a picture sequence input; a video keeps its own "
        "timing"
    ]


def test_an_empty_glob_is_one_line(tmp_path: Path) -> None:
    done = _zoomclone("video", "none/*.png", "-o", "out.mp4", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "zoomclone: error: no picture matches none/*.png: give a video, a folder or a glob"
    ]


def _interrupted(tmp_path: Path, output: str) -> tuple[int, str]:
    _photos(tmp_path / "long", 1)
    first = cv2.imread(str(tmp_path / "long" / "p00.png"))
    for i in range(1, 400):
        cv2.imwrite(str(tmp_path / "long" / f"p{i:02d}.png"), first)
    process = subprocess.Popen(
        [sys.executable, "-m", "zoomclone", "video", "long", "-o", output],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
        list(tmp_path.glob("seq/*.png")) or any(p.stat().st_size for p in tmp_path.glob(".zoo*"))
    ):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def test_ctrl_c_says_how_many_frames_a_partial_sequence_holds(tmp_path: Path) -> None:
    code, err = _interrupted(tmp_path, "seq/%05d.png")
    assert code == 130, err
    assert not list((tmp_path / "seq").glob(".zoomclone-*")), "a half-written frame was left"
    written = len(list((tmp_path / "seq").glob("*.png")))
    assert err.splitlines()[-1] == (
        f"zoomclone: stopped: seq/%05d.png holds the {written} frames written so far"
    )


def test_ctrl_c_on_a_video_says_the_partial_file_was_discarded(tmp_path: Path) -> None:
    code, err = _interrupted(tmp_path, "out.mp4")
    assert code == 130, err
    last = err.splitlines()[-1]
    assert last.startswith("zoomclone: stopped after "), err
    assert last.endswith(
        " frames: the unfinished video was discarded and out.mp4 was left as it was"
    )
    assert list(tmp_path.glob(".zoomclone-*")) == []
    assert not (tmp_path / "out.mp4").exists()


def test_the_threaded_video_steps_give_the_frames_a_plain_loop_gives(tmp_path: Path) -> None:
    from zoomclone.commands.video_run import VideoOptions, run_video

    folder = tmp_path / "moving"
    folder.mkdir()
    for i in range(20):
        frame = person_frame(192, 128)
        frame[:, : 4 + 3 * i] = 90  # something moves, so the stabiliser's state matters
        cv2.imwrite(str(folder / f"{i:03d}.png"), frame)
    outputs = {}
    for threads in (False, True):
        target = tmp_path / f"out-{threads}" / "%03d.png"
        options = VideoOptions(str(folder), str(target), "blur", "general", threads=threads)
        assert run_video(options) == 0
        outputs[threads] = [cv2.imread(str(target.parent / f"{i:03d}.png")) for i in range(20)]
    for plain, threaded in zip(outputs[False], outputs[True], strict=True):
        assert plain is not None and threaded is not None
        assert np.array_equal(plain, threaded)
