"""How the live pipeline runs: the engine-room settings (user-facing options are built into them
once, in the ``live`` command)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from zoomclone.frames import Size
from zoomclone.live.governor import GovernorConfig


@dataclass(frozen=True)
class PipelineConfig:
    """How the live pipeline runs.

    ``pace_fps``: for file sources, deliver frames at this rate (None: as fast as the pipeline
    goes). ``mask_deadline_ms``: how long the output waits for the mask of its own frame.
    ``max_frames``: stop after this many output frames, placeholders included (None: run until
    stopped).
    ``reconnect_backoff_s``: waits between attempts to reopen a failed camera (the last repeats).
    ``output_fps``: the rate of placeholder frames while the camera or input file is away.
    ``opencv_threads``: OpenCV's own worker threads during the run (None: leave as is). The
    pipeline already runs its stages on three threads; OpenCV's pool on top of them made each
    step slower on 2 cores when frames come as fast as possible, and at a camera's pace it
    lowered the latency's median but not its p95, and cost CPU with the blur (docs/performance.md).
    ``output_size``: the sinks' size when the camera was asked for a larger picture (auto-framing
    crops from it); None: the source's own size.
    """

    pace_fps: float | None = None
    mask_deadline_ms: float = 30.0
    max_frames: int | None = None
    mirror: bool = False
    reconnect_backoff_s: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0)
    output_fps: float = 30.0
    join_timeout_s: float = 2.0
    governor: GovernorConfig = field(default_factory=GovernorConfig)
    opencv_threads: int | None = 1
    output_size: Size | None = None


class PipelineState(enum.Enum):
    NEW = "new"
    RUNNING = "running"
    STOPPED = "stopped"
