"""--output words forgive case and say the nearest word when misspelt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from zoomclone.commands.live_files import output_kind
from zoomclone.errors import UsageError


def test_device_outputs_are_case_insensitive() -> None:
    assert [output_kind(k) for k in ("Null", "PREVIEW", "virtual")] == [
        "null",
        "preview",
        "virtual",
    ]


def test_file_outputs_are_kept_as_written() -> None:
    assert output_kind("Rec.MP4") == "Rec.MP4"
    assert output_kind("out/%05d.png") == "out/%05d.png"


def test_a_misspelt_output_names_the_nearest_word() -> None:
    with pytest.raises(UsageError) as caught:
        output_kind("previw")
    assert str(caught.value) == (
        "unknown output 'previw': did you mean preview? (virtual, preview, null, or a file path)"
    )


def test_live_refuses_a_misspelt_output_in_one_line(clip: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "previw"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "zoomclone: error: unknown output 'previw': did you mean preview? "
        "(virtual, preview, null, or a file path)"
    ]


def test_live_takes_null_in_capitals(clip: Path) -> None:
    live = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output", "Null"]
    done = subprocess.run(
        [*live, "--frames", "2", "--no-control-socket", "--runtime", "litert"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "zoomclone: model landscape on litert" in done.stderr.splitlines()  # what runs it


@pytest.mark.parametrize(
    ("option", "says"),
    [("--on-demand", "--on-demand works on Linux"), ("--hotkeys", "global hotkeys need")],
)
def test_control_options_that_cannot_work_are_refused_before_anything_opens(
    clip: Path, tmp_path: Path, option: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    record = tmp_path / "rec.avi"
    live = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output"]
    done = subprocess.run([*live, str(record), option], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"zoomclone: error: {says}")
    assert not record.exists()
