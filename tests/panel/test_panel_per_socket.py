"""A second zoomclone on its own ``--socket PATH`` keeps its panel's address beside that socket:
``zoomclone panel`` still finds the first one's, ``zoomclone panel --socket PATH`` the second's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.control.test_cli_ctl import wait_for
from zoomclone.cli import main


def panel_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["panel", "--no-open", *args]) == 0
    return capsys.readouterr().out.strip()


def test_a_second_live_neither_hides_nor_takes_the_first_ones_panel(
    clip: Path, private_user_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usual = private_user_folders / "zoomclone" / "panel.json"
    other = private_user_folders / "second.sock"
    live = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "null"]
    first = subprocess.Popen(live, stderr=subprocess.PIPE, text=True)
    second = None
    try:
        wait_for(usual, first)
        first_panel = panel_line(capsys)
        second = subprocess.Popen(
            [*live, "--socket", str(other)], stderr=subprocess.PIPE, text=True
        )
        wait_for(Path(f"{other}.panel.json"), second)
        second_panel = panel_line(capsys, "--socket", str(other))
        assert second_panel != first_panel
        assert panel_line(capsys) == first_panel
        assert main(["ctl", "--socket", str(other), "quit"]) == 0
        assert second.wait(timeout=30) == 0
        assert f"(zoomclone panel --socket {other} opens it)" in second.communicate()[1]
        assert panel_line(capsys) == first_panel
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.communicate(timeout=30)


def test_a_socket_in_a_missing_folder_is_one_line(clip: Path, tmp_path: Path) -> None:
    socket = tmp_path / "missing" / "s.sock"
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "null",
         "--frames", "5", "--socket", str(socket)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"zoomclone: error: cannot write the panel's address to {socket}.panel.json: "
        "No such file or directory: the folder must exist and be yours"
    )
