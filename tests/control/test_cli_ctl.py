"""``zoomclone ctl`` against a real ``zoomclone live --input clip --output null`` in a subprocess."""

from __future__ import annotations

import json
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zoomclone.cli import main

START_TIMEOUT_S = 30.0


def wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"zoomclone live did not start: {process.communicate()[1]}")
        time.sleep(0.1)


def status_lines(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["ctl", "status"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    return dict(line.split(": ", 1) for line in lines)


def test_ctl_drives_a_running_live(
    clip: Path,
    private_user_folders: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address = private_user_folders / "zoomclone" / "control.sock"
    live = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "null"]
    process = subprocess.Popen(
        [*live, "--background", "white", "--background", "black"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(address, process)
        assert stat.S_IMODE(address.stat().st_mode) == 0o600
        before = status_lines(capsys)
        assert before["background"] == "white"
        assert {"fps", "mask age (frames)"} <= set(before)
        assert main(["ctl", "next"]) == 0
        assert capsys.readouterr().out.strip() == "next: background black, effect on"
        time.sleep(0.3)
        assert status_lines(capsys)["background"] == "black"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as raw:
            raw.connect(str(address))
            raw.sendall(b"__import__('os').system('id')\n")
            reply = json.loads(raw.makefile().readline())
        assert reply["ok"] is False and "malformed" in reply["error"]
        assert process.poll() is None  # still running
        assert main(["ctl", "quit"]) == 0
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
        _, err = process.communicate()
    assert "Traceback" not in err
    assert not address.exists()


def test_ctl_without_a_running_app_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ctl", "next"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no zoomclone is running" in err[0]


def test_ctl_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ctl", "dance"]) == 2
    assert "unknown command 'dance'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "message"),
    [("--on-demand", "--on-demand works on Linux"), ("--hotkeys", "hotkeys")],
)
def test_live_extras_that_cannot_work_here_are_one_line(
    clip: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    message: str,
) -> None:
    monkeypatch.setitem(sys.modules, "pynput", None)  # as if the hotkeys extra were not installed
    code = main(["live", "--input", str(clip), "--output", "null", "--frames", "2", option])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert message in err[-1] and err[-1].startswith("zoomclone: error:")
