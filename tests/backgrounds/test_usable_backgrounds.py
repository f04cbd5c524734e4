"""A bad file in the library or the config file's list is skipped with one warning, not fatal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from zoomclone.library import user_dir


def live(clip: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output"]
    return subprocess.run(
        [*command, "null", "--frames", "2", "--no-control-socket", *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_unreadable_file_in_the_users_folder_is_skipped_with_one_warning(clip: Path) -> None:
    broken = user_dir() / "broken.jpg"
    broken.parent.mkdir(parents=True)
    broken.write_text("not a picture")
    done = live(clip, "--background", "library")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "skipping" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("zoomclone: skipping a library background: cannot read")
    assert str(broken) in warnings[0]


def test_a_missing_picture_named_in_the_config_is_skipped(clip: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[live]\nbackgrounds = ["~/Pictures/nope-office.jpg", "blur"]\n')
    done = live(clip, "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert (
        f"zoomclone: skipping background '~/Pictures/nope-office.jpg' named in {config}: "
        in done.stderr
    )


def test_nothing_usable_in_the_config_is_refused_in_one_line(clip: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[live]\nbackgrounds = ["gone.jpg"]\n')
    done = live(clip, "--config", str(config))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"zoomclone: error: no usable background in {config} (skipped 'gone.jpg'): "
        "fix the backgrounds list there or pass --background SPEC"
    )


def test_a_background_typed_on_the_command_line_is_still_refused(clip: Path) -> None:
    done = live(clip, "--background", "gone.jpg")
    assert done.returncode == 2
    assert "unknown background 'gone.jpg'" in done.stderr
