"""The files ``zoomclone live`` writes (recordings, --stats-json), checked before anything opens."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zoomclone.backgrounds import Background, background_files, needs_alpha
from zoomclone.errors import UsageError
from zoomclone.names import nearest
from zoomclone.paths import check_writable_file, expand_text, refuse_overwrite, write_bytes_atomic

DEVICE_OUTPUTS = frozenset({"virtual", "preview", "null"})


def output_kind(text: str) -> str:
    """An --output value as zoomclone means it: ``Null`` is ``null``; a word that is neither a
    device output nor a file name (no suffix, no folder) is a UsageError with the nearest word."""
    if text.strip().lower() in DEVICE_OUTPUTS:
        return text.strip().lower()
    if Path(text).suffix or "/" in text or os.sep in text or "%" in text:
        return text
    choices = "virtual, preview, null, or a file path"
    close = nearest(text, sorted(DEVICE_OUTPUTS))
    if close:
        raise UsageError(f"unknown output {text!r}: did you mean {close[0]}? ({choices})")
    raise UsageError(f"unknown output {text!r}: use {choices} such as rec.mp4")


def file_outputs(outputs: Sequence[str]) -> list[str]:
    """The --output values that are files (``~`` expanded)."""
    return [expand_text(kind) for kind in outputs if kind not in DEVICE_OUTPUTS]


def check_live_files(
    outputs: Sequence[str],
    input_video: str | None,
    backgrounds: Sequence[Background],
    stats_json: Path | None,
) -> None:
    """UsageError before any device or file is opened: a recording that would replace the input
    or a background, sit in a folder that cannot be written, or lose a transparent background."""
    from zoomclone.sinks.file import check_output_target

    inputs = [*([input_video] if input_video else []), *background_files(backgrounds)]
    for path in file_outputs(outputs):
        if any(needs_alpha(b) for b in backgrounds):
            check_output_target(path, alpha=True)
        refuse_overwrite(path, inputs)
        check_writable_file(Path(path), "output")
    if stats_json is not None:
        check_writable_file(stats_json, "--stats-json")


def write_stats(path: Path, summary: dict[str, Any]) -> None:
    """The run's statistics as JSON, written atomically."""
    write_bytes_atomic(path, (json.dumps(summary, indent=2) + "\n").encode())
