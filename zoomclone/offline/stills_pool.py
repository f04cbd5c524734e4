"""``zoomclone image --jobs N``: photos rendered by N worker processes at once, results in input
order, per-file errors as with one job.

Each worker process has its own segmenter, engine and background. Processes, not threads: the
matting and compositing steps hold the GIL often enough that two threads ran slower than one
(docs/performance.md). At most ``IN_FLIGHT_PER_WORKER * N`` photos are queued or in work, so
memory stays bounded however many are given; the workers start with ``spawn`` (no fork of a
process that runs threads).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from zoomclone.backgrounds import Background, parse_background
from zoomclone.offline.stills import StillEngine, StillResult, open_still_engine, process_images
from zoomclone.segmentation import DEFAULT_RUNTIME

IN_FLIGHT_PER_WORKER = 2
WORKER_THREADS = 1  # inference threads per worker: the workers share the cores

Job = tuple[Path, Path]


@dataclass
class _Worker:
    stack: ExitStack
    engine: StillEngine
    background: Background


_worker: _Worker | None = None


def _start_worker(model: str, background_spec: str, runtime: str = DEFAULT_RUNTIME) -> None:
    """In each worker process: open its segmenter, engine and background (kept until it ends)."""
    global _worker
    stack = ExitStack()
    background = parse_background(background_spec)[0]
    stack.callback(background.close)
    _worker = _Worker(
        stack, open_still_engine(stack, model, threads=WORKER_THREADS, runtime=runtime), background
    )


def _render(job: Job) -> StillResult:
    assert _worker is not None, "the worker was not started"
    return next(process_images(_worker.engine, [job], _worker.background))


def process_in_parallel(
    model: str,
    background_spec: str,
    jobs: Sequence[Job],
    workers: int,
    runtime: str = DEFAULT_RUNTIME,
) -> Iterator[StillResult]:
    """``process_images`` over ``jobs`` by ``workers`` processes; results in input order."""
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(model, background_spec, runtime),
    )
    pending: deque[Future[StillResult]] = deque()
    try:
        for job in jobs:
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
            pending.append(pool.submit(_render, job))
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
