"""The effects' help names the key that toggles each one where there are keys (``live``), and
none in ``video``, which has no keys to press."""

from __future__ import annotations

import subprocess
import sys


def help_of(command: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", command, "--help"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout


def test_video_help_names_no_keys() -> None:
    text = help_of("video")
    assert "auto: pan and zoom to keep you framed" in text
    assert "(key" not in text


def test_live_help_names_the_keys() -> None:
    text = " ".join(help_of("live").split())
    assert "auto: pan and zoom to keep you framed (key f)" in text
    assert "(keys [ ])" in text
