"""The files ``zoomclone live`` writes (recordings, --stats-json), checked before anything opens."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zoomclone.backgrounds import Background, background_files, needs_alpha
from zoomclone.paths import check_writable_file, expand_text, refuse_overwrite, write_bytes_atomic

DEVICE_OUTPUTS = frozenset({"virtual", "preview", "null"})


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
