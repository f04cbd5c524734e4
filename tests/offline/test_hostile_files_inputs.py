"""Inputs a real machine has: names that are not UTF-8, FIFOs and symlink loops where pictures
were expected, sequences that start late, odd numbers, `~`, a missing home, a hostile config.
Each is handled or refused in one line; none crashes or hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from tests.conftest import CLIP_FRAMES, person_frame
from zoomclone.cli import main

RUN_TIMEOUT_S = 120
NON_UTF8 = os.fsdecode(b"\xe9t\xe9")


def _zoomclone(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        env=env,
    )


def _photo(path: Path) -> Path:
    ok, data = cv2.imencode(path.suffix, person_frame())
    assert ok
    path.write_bytes(data.tobytes())
    return path


def _error_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line]


def test_photos_with_names_that_are_not_utf8_are_read_and_written(tmp_path: Path) -> None:
    photo = _photo(tmp_path / f"{NON_UTF8}.jpg")
    out = tmp_path / "out"
    done = _zoomclone("image", str(photo), "--output-dir", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (out / f"{NON_UTF8}.png").is_file()
    single = tmp_path / f"one-{NON_UTF8}.png"
    done = _zoomclone("image", str(photo), "-o", str(single), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert single.stat().st_size > 0


def test_a_video_named_not_utf8_is_read_and_an_output_so_named_works(
    clip: Path, tmp_path: Path
) -> None:
    strange = tmp_path / f"{NON_UTF8}.avi"
    strange.write_bytes(clip.read_bytes())
    done = _zoomclone("video", str(strange), "-o", str(tmp_path / "o.avi"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # PyAV takes the name as the bytes it was
    assert cv2.VideoCapture(str(tmp_path / "o.avi")).get(cv2.CAP_PROP_FRAME_COUNT) == CLIP_FRAMES
    out = tmp_path / f"out-{NON_UTF8}.avi"
    done = _zoomclone("video", str(clip), "-o", str(out), "--background", "white", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0


def test_a_background_named_not_utf8_is_read(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "me.jpg")
    backdrop = _photo(tmp_path / f"{NON_UTF8}.png")
    done = _zoomclone(
        "image", str(photo), "-o", str(tmp_path / "o.png"), "--background", str(backdrop),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_fifo_named_jpg_is_one_line_never_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jpg")
    done = _zoomclone("image", "pipe.jpg", "-o", "x.png", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "zoomclone: error: cannot read input pipe.jpg: it is not a regular file (a pipe or a device)",
        "zoomclone: 1 of 1 images failed",
    ]


def test_a_fifo_inside_an_input_folder_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _photo(folder / "a.jpg")
    os.mkfifo(folder / "b.jpg")
    done = _zoomclone("image", "in", "--output-dir", "out", cwd=tmp_path)
    assert done.returncode == 1
    assert "zoomclone: 1 of 2 images failed" in done.stderr
    assert (tmp_path / "out" / "a.png").is_file()


def test_a_symlink_loop_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.jpg").symlink_to(tmp_path / "b.jpg")
    (tmp_path / "b.jpg").symlink_to(tmp_path / "a.jpg")
    assert main(["image", str(tmp_path / "a.jpg"), "-o", str(tmp_path / "x.png")]) == 1
    lines = _error_lines(capsys)
    assert lines[0] == (
        f"zoomclone: error: cannot read input {tmp_path}/a.jpg: Too many levels of symbolic links"
    )


def test_an_image_sequence_starting_at_frame_5_is_read_from_there(tmp_path: Path) -> None:
    frames = tmp_path / "fr"
    frames.mkdir()
    for index in range(5, 8):
        cv2.imwrite(str(frames / f"{index:05d}.png"), person_frame(64, 48))
    out = tmp_path / "out"
    assert main(["video", str(frames / "%05d.png"), "-o", str(out / "%03d.png")]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["000.png", "001.png", "002.png"]


LIVE_TAIL = ["--output", "null", "--frames", "2", "--background", "blur", "--no-control-socket"]


@pytest.mark.parametrize(
    ("option", "line"),
    [
        (["--camera", "²"], "bad --camera '²': give an index such as 0 or a device path"),
        (
            ["--camera", "2147483648"],
            "bad --camera '2147483648': an index goes from 0 to 9999; "
            "run `zoomclone doctor` to list cameras",
        ),
        (["--size", "²x²"], "bad --size '²x²': write it as WIDTHxHEIGHT, e.g. 1280x720"),
    ],
)
def test_odd_numbers_are_one_line(
    option: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["live", *option, *LIVE_TAIL]) == 2
    assert _error_lines(capsys) == [f"zoomclone: error: {line}"]


def test_a_vanishing_frame_rate_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["live", "--fps", "1e-300", *LIVE_TAIL])
    assert exit_info.value.code == 2
    assert _error_lines(capsys) == [
        "zoomclone: error: argument --fps: expected a number of frames per second from 0.001 to 240, "
        "got '1e-300' (see `zoomclone live --help`)"
    ]


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("folder", "--stats-json {tmp} is a folder: give a file name"),
        (
            "under-file",
            "--stats-json {tmp}/clip.avi/s.json: {tmp}/clip.avi is a file, not a folder",
        ),
    ],
)
def test_stats_json_that_cannot_be_written_is_refused_at_start(
    clip: Path, tmp_path: Path, where: str, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path) if where == "folder" else f"{clip}/s.json"
    code = main(["live", "--input", str(clip), "--stats-json", target, *LIVE_TAIL])
    assert code == 2
    assert _error_lines(capsys) == [f"zoomclone: error: {line.format(tmp=tmp_path)}"]


def test_a_video_output_under_a_file_is_one_line(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["video", str(clip), "-o", f"{clip}/out.avi"]) == 2
    assert _error_lines(capsys) == [
        f"zoomclone: error: output {clip}/out.avi: {clip} is a file, not a folder"
    ]


def test_live_refuses_transparent_into_a_video_file(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.mp4"
    run = ["--input", str(clip), "--output", str(out), "--background", "transparent"]
    code = main(["live", *run, "--no-control-socket", "--frames", "2"])
    assert code == 2
    assert "cannot hold transparency" in _error_lines(capsys)[0]
    assert not out.exists()


def test_a_deeply_nested_config_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "deep.toml"
    config.write_text("[live]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    assert main(["config", "--dump", "--config", str(config)]) == 2
    assert _error_lines(capsys) == [
        f"zoomclone: error: {config} is nested too deeply to be a zoomclone config"
    ]


def test_an_unreadable_config_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stat = os.stat

    def denied(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(tmp_path / "xdg-config")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", denied)
    assert main(["config", "--dump"]) == 2
    assert _error_lines(capsys) == [
        "zoomclone: error: cannot look for the config file: Permission denied; "
        "pass --config PATH or fix the permissions of your config folder"
    ]


def test_no_home_at_all_runs_without_a_config(clip: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOME", "XDG_"))}
    done = _zoomclone(
        "video", str(clip), "-o", "out.avi", "--background", "white", cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stderr
    env_live = dict(env, XDG_RUNTIME_DIR=str(tmp_path))
    done = _zoomclone("live", "--input", str(clip), *LIVE_TAIL, cwd=tmp_path, env=env_live)
    assert done.returncode == 0, done.stderr


def test_tilde_is_the_home_folder_in_every_path(
    clip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    photo = _photo(home / "me.jpg")
    assert main(["image", "~/me.jpg", "-o", "~/me.png"]) == 0
    assert main(["image", str(photo), "--output-dir", "~/pics"]) == 0
    assert main(["video", str(clip), "-o", "~/v.avi", "--background", "~/me.jpg"]) == 0
    config = home / "zc.toml"
    config.write_text('[live]\noutputs = ["~/rec.avi"]\n')
    paths = ["--config", "~/zc.toml", "--input", "~/../clip.avi", "--stats-json", "~/s.json"]
    code = main(["live", *paths, "--frames", "2", "--background", "blur", "--no-control-socket"])
    assert code == 0
    assert {p.name for p in home.iterdir()} >= {"me.png", "pics", "v.avi", "rec.avi", "s.json"}
    assert not (tmp_path / "~").exists()


def test_an_unknown_user_home_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["image", "me.jpg", "-o", "~nosuchuser0/x.png"]) == 2
    lines = _error_lines(capsys)
    assert len(lines) == 1 and lines[0].startswith("zoomclone: error: cannot expand '~nosuchuser0")


def test_a_library_picture_named_not_utf8_is_used(clip: Path, tmp_path: Path) -> None:
    library = tmp_path / "xdg-data" / "zoomclone" / "backgrounds"
    library.mkdir(parents=True)
    _photo(library / f"{NON_UTF8}.png")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg-data"))
    done = _zoomclone(
        "live", "--input", str(clip), *LIVE_TAIL[:-3], "--background", "library",
        "--no-control-socket", cwd=tmp_path, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["pipe.gif", "pipe.mp4"])
def test_a_pipe_background_of_any_kind_is_one_line(tmp_path: Path, name: str) -> None:
    from zoomclone.backgrounds import parse_background
    from zoomclone.errors import BackgroundError

    pipe = tmp_path / name
    os.mkfifo(pipe)
    with pytest.raises(BackgroundError, match="is not a regular file"):
        parse_background(str(pipe))
