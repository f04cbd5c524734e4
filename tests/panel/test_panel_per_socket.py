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
