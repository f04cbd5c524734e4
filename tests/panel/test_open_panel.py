"""``zoomclone live --open-panel`` hands the panel's address to the default browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_open_panel_gives_the_browser_the_panel_address(clip: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser), "XDG_RUNTIME_DIR": str(tmp_path)}
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "null",
         "--frames", "20", "--no-control-socket", "--open-panel"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed = next(line for line in done.stderr.splitlines() if " panel http" in line)
    url = printed.split()[2]
    assert url.startswith("http://127.0.0.1:") and "token=" in url
    assert opened.read_text().strip() == url


def test_open_panel_without_the_panel_is_a_usage_error(clip: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "null",
         "--no-panel", "--open-panel"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "zoomclone: error: --open-panel needs the panel: leave out --no-panel (or panel = false)"
    )
