"""What the panel's status box shows: the pipeline's own status, plus CPU, latency, quality, and
the doctor's virtual-camera checks with their fixes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from zoomclone.doctor import (
    CheckResult,
    Machine,
    check_device_access,
    check_exclusive_caps,
    check_loopback,
    check_obs_camera,
)
from zoomclone.live.stats import Stats

MIN_CPU_WINDOW_S = 0.5


class CpuMeter:
    """This process's CPU use in cores since the previous reading (at least MIN_CPU_WINDOW_S)."""

    def __init__(
        self,
        get_time: Callable[[], float] = time.monotonic,
        get_cpu: Callable[[], float] = time.process_time,
    ) -> None:
        self._get_time, self._get_cpu = get_time, get_cpu
        self._lock = threading.Lock()
        self._since = (get_time(), get_cpu())
        self._cores = 0.0

    def cores(self) -> float:
        with self._lock:
            wall, cpu = self._get_time(), self._get_cpu()
            if wall - self._since[0] >= MIN_CPU_WINDOW_S:
                self._cores = (cpu - self._since[1]) / (wall - self._since[0])
                self._since = (wall, cpu)
            return round(self._cores, 2)


def panel_status(status: dict[str, Any], stats: Stats, cpu: CpuMeter) -> dict[str, Any]:
    """``LivePipeline.status()`` with the numbers the panel adds."""
    return {
        **status,
        "cpu_cores": cpu.cores(),
        "latency_p95_ms": round(stats.recent_latency_ms(), 1),
        "degraded": list(stats.degraded),
    }


def virtual_camera_checks(machine: Machine | None = None) -> list[CheckResult]:
    """The doctor's checks of the virtual camera only (no webcam probing: live holds it)."""
    machine = machine or Machine()
    if machine.is_linux:
        found = [
            check_loopback(machine),
            check_exclusive_caps(machine),
            check_device_access(machine),
        ]
    else:
        found = [check_obs_camera(machine)]
    return [result for result in found if result is not None]


def checks_json(results: list[CheckResult]) -> list[dict[str, Any]]:
    return [{**asdict(r), "status": r.status.value} for r in results]


class CachedChecks:
    """The checks, run once on first use (they read /sys or open the OBS camera)."""

    def __init__(self, run: Callable[[], list[CheckResult]] = virtual_camera_checks) -> None:
        self._run = run
        self._lock = threading.Lock()
        self._results: list[dict[str, Any]] | None = None

    def get(self) -> list[dict[str, Any]]:
        with self._lock:
            if self._results is None:
                self._results = checks_json(self._run())
            return self._results
