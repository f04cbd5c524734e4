"""How steady is this machine? A fixed job run once a frame, as a call runs zoomclone.

    python -m benchmarks.jitter [--seconds 20] [--fps 30]

Each frame sleeps until it is due, then runs the same small numpy job (a few ms of one core).
On a quiet machine the job takes the same time every frame; the spread of its duration (p95, p99
over p50) is what the machine adds to any latency measured on it, zoomclone's included
(docs/performance.md). The oversleep of the wake-up is printed too.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import numpy as np

JOB_REPEATS = 20
JOB_SIZE = 300_000


def measure(seconds: float, fps: float) -> tuple[list[float], list[float]]:
    """Per frame: the job's duration and the wake-up's oversleep, in ms."""
    data = np.random.default_rng(0).random(JOB_SIZE)
    jobs: list[float] = []
    oversleeps: list[float] = []
    interval = 1.0 / fps
    due = time.perf_counter() + interval
    for _ in range(int(seconds * fps)):
        time.sleep(max(0.0, due - time.perf_counter()))
        woke = time.perf_counter()
        oversleeps.append(max(0.0, woke - due) * 1000.0)
        for _ in range(JOB_REPEATS):
            data.sum()
        jobs.append((time.perf_counter() - woke) * 1000.0)
        due += interval
    return jobs, oversleeps


def describe(name: str, values: list[float]) -> str:
    p50, p95, p99, top = np.percentile(values, [50, 95, 99, 100])
    return f"{name:<16} p50 {p50:6.2f}  p95 {p95:6.2f}  p99 {p99:6.2f}  max {top:6.2f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.jitter", description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--fps", type=float, default=30.0)
    args = parser.parse_args(argv)
    jobs, oversleeps = measure(args.seconds, args.fps)
    print(describe("fixed job", jobs))
    print(describe("wake-up late by", oversleeps))
    p50, p95 = np.percentile(jobs, [50, 95])
    print(f"the job's p95 is {p95 / p50:.1f}x its p50 on this machine right now")
    return 0


if __name__ == "__main__":
    sys.exit(main())
