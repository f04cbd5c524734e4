"""Run statistics: per-stage timings, fps, drops, mask age, latency and CPU use."""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

STAGES = ("capture", "segment", "matte", "composite", "output")
WINDOW = 10_000  # samples kept per series: medians over the last ~5 minutes at 30 fps
RECENT = 60  # samples behind the live overlay's numbers
FPS_WINDOW_S = 2.0  # the live fps counts the frames sent in this last stretch of time
MAX_OUTPUT_TIMES = 1024  # enough for FPS_WINDOW_S at any rate a camera gives


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux: VmHWM, which starts afresh at exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if sys.platform == "darwin" else peak / 1024.0


def _percentile(values: Iterable[float], q: float) -> float:
    data = list(values)
    return float(np.percentile(data, q)) if data else 0.0


class Stats:
    """Thread-safe collector. Times in seconds in, milliseconds out."""

    def __init__(
        self,
        get_time: Callable[[], float] = time.monotonic,
        get_cpu: Callable[[], float] = time.process_time,
    ) -> None:
        self._lock = threading.Lock()
        self._get_time = get_time
        self._get_cpu = get_cpu
        self.degraded: list[str] = []
        self._reset()

    def _reset(self) -> None:
        get_time, get_cpu = self._get_time, self._get_cpu
        self._stage: dict[str, deque[float]] = {s: deque(maxlen=WINDOW) for s in STAGES}
        self._latency: deque[float] = deque(maxlen=WINDOW)
        self._mask_age: deque[int] = deque(maxlen=WINDOW)
        self._output_times: deque[float] = deque(maxlen=MAX_OUTPUT_TIMES)
        self.frames = 0
        self.dropped_frames = 0
        self.first_output_at: float | None = None
        self._start_wall = get_time()
        self._start_cpu = get_cpu()
        self._end_wall: float | None = None
        self._end_cpu: float | None = None

    def restart(self) -> None:
        """Start counting from now (after warm-up)."""
        with self._lock:
            self._reset()

    def add_stage(self, stage: str, seconds: float) -> None:
        with self._lock:
            self._stage[stage].append(seconds)

    def add_output(self, latency_s: float, mask_age: int, dropped: int) -> None:
        """One frame reached the sinks: its capture-to-output latency, mask age and the frames skipped before it."""
        with self._lock:
            self.frames += 1
            self.dropped_frames += dropped
            self._latency.append(latency_s)
            self._mask_age.append(mask_age)
            now = self._get_time()
            self._output_times.append(now)
            if self.first_output_at is None:
                self.first_output_at = now

    def add_placeholder(self) -> None:
        """A placeholder went out (the camera is away): counted in the live fps only."""
        with self._lock:
            self._output_times.append(self._get_time())

    def finish(self) -> None:
        with self._lock:
            self._end_wall = self._get_time()
            self._end_cpu = self._get_cpu()

    def recent_fps(self) -> float:
        """Frames sent per second over the last ``FPS_WINDOW_S``, measured up to now: it falls
        when frames stop coming, and counts placeholders as the call sees them."""
        now = self._get_time()
        with self._lock:
            window = min(FPS_WINDOW_S, now - self._start_wall)
            sent = sum(1 for t in self._output_times if t > now - window)
        return sent / window if window > 0 else 0.0

    def recent_stage_ms(self) -> dict[str, float]:
        with self._lock:
            return {s: 1000 * _percentile(list(v)[-RECENT:], 50) for s, v in self._stage.items()}

    def recent_latency_ms(self) -> float:
        """The capture-to-output latency's p95 over the last RECENT frames."""
        with self._lock:
            recent = list(self._latency)[-RECENT:]
        return 1000 * _percentile(recent, 95)

    def recent_mask_age(self) -> int:
        with self._lock:
            return self._mask_age[-1] if self._mask_age else 0

    def summary(self) -> dict[str, Any]:
        """The --stats-json document."""
        with self._lock:
            end_wall = self._end_wall if self._end_wall is not None else self._get_time()
            end_cpu = self._end_cpu if self._end_cpu is not None else self._get_cpu()
            duration = max(end_wall - self._start_wall, 1e-9)
            return {
                "frames": self.frames,
                "duration_s": round(duration, 3),
                "fps": round(self.frames / duration, 2),
                "dropped_frames": self.dropped_frames,
                "mask_age_frames": {
                    "p50": int(_percentile(self._mask_age, 50)),
                    "max": max(self._mask_age, default=0),
                },
                "latency_ms": {
                    "p50": round(1000 * _percentile(self._latency, 50), 2),
                    "p95": round(1000 * _percentile(self._latency, 95), 2),
                },
                "stage_ms": {
                    s: round(1000 * _percentile(v, 50), 3) for s, v in self._stage.items()
                },
                "stage_p95_ms": {
                    s: round(1000 * _percentile(v, 95), 3) for s, v in self._stage.items()
                },
                "cpu_cores": round((end_cpu - self._start_cpu) / duration, 3),
                "degraded": list(self.degraded),
                "first_output_monotonic_s": self.first_output_at,
                "peak_rss_mb": round(peak_rss_mb(), 1),
            }
