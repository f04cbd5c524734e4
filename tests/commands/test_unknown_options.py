"""An option a command does not know points to that command's own --help."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("argv", "help_of"),
    [
        (["panel", "--bogus"], "zoomclone panel"),
        (["config", "--bogus"], "zoomclone config"),
        (["doctor", "--bogus"], "zoomclone doctor"),
        (["ctl", "status", "--bogus"], "zoomclone ctl"),
        (["--bogus"], "zoomclone live"),
    ],
)
def test_an_unknown_option_names_the_commands_help(argv: list[str], help_of: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", *argv],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        f"zoomclone: error: unrecognized arguments: --bogus (see `{help_of} --help`)\n"
    )
