"""The README's ``zoomclone config --dump > ~/.config/zoomclone/config.toml``: the shell makes the
file (empty) before zoomclone reads it, and the header must not claim the values came from it."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path


def test_dump_into_the_default_file_says_the_values_are_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "xdg-config" / "zoomclone" / "config.toml"
    path.parent.mkdir(parents=True)
    done = subprocess.run(
        f"{shlex.quote(sys.executable)} -m zoomclone config --dump > {shlex.quote(str(path))}",
        shell=True,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first = path.read_text().splitlines()[0]
    assert first == f"# zoomclone config: defaults (the file at {path} was empty)"
