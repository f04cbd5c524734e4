"""Two zoomclones side by side: ``live --socket PATH`` and ``ctl --socket PATH``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.control.test_cli_ctl import wait_for
from zoomclone.cli import main


def test_a_second_live_runs_on_its_own_socket(
    clip: Path, private_user_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usual = private_user_folders / "zoomclone" / "control.sock"
    other = private_user_folders / "second.sock"
    live = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "null"]
    first = subprocess.Popen([*live, "--background", "white"], stderr=subprocess.PIPE, text=True)
    second = None
    try:
        wait_for(usual, first)
        refused = subprocess.run(live, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 1
        assert refused.stderr.strip().endswith(
            "stop it first, or run this one with --socket OTHER_PATH or --no-control-socket"
        )
        second = subprocess.Popen(
            [*live, "--background", "black", "--socket", str(other)],
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for(other, second)
        capsys.readouterr()
        assert main(["ctl", "--socket", str(other), "status"]) == 0
        assert "background: black" in capsys.readouterr().out
        assert main(["ctl", "status"]) == 0
        assert "background: white" in capsys.readouterr().out
        assert main(["ctl", "--socket", str(other), "quit"]) == 0
        assert second.wait(timeout=30) == 0
    finally:
        for process in (first, second):
            if process is not None:
                process.terminate()
                process.communicate(timeout=30)
