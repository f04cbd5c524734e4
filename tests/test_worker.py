from __future__ import annotations

import threading
import time
from collections.abc import Callable

from zoomclone.worker import Worker


def test_a_worker_runs_until_stopped_then_is_joined() -> None:
    ticks: list[int] = []
    started = threading.Event()

    def loop(stopping: threading.Event) -> None:
        while not stopping.is_set():
            ticks.append(1)
            started.set()
            stopping.wait(0.01)

    worker = Worker("zoomclone-test-worker", loop)
    worker.start()
    worker.start()  # a second start does not start a second thread
    assert started.wait(5) and worker.running
    assert sum(t.name == "zoomclone-test-worker" for t in threading.enumerate()) == 1
    worker.stop()
    worker.stop()
    assert not worker.running
    assert not any(t.name == "zoomclone-test-worker" for t in threading.enumerate())
    assert ticks


def test_workers_sharing_an_event_stop_together_and_a_stop_before_start_holds() -> None:
    stopping = threading.Event()
    laps: list[str] = []

    def loop(name: str) -> Callable[[threading.Event], None]:
        def run(event: threading.Event) -> None:
            while not event.wait(0.01):
                laps.append(name)

        return run

    workers = [Worker(name, loop(name), stopping=stopping) for name in ("a", "b")]
    stopping.set()  # stopped before it started: starting must not undo it
    for worker in workers:
        worker.start()
    time.sleep(0.1)  # time to run laps, had the start undone the stop
    assert all(worker.stop(5.0) for worker in workers)
    assert laps == []


def test_a_stop_that_times_out_says_so() -> None:
    release = threading.Event()

    def stuck(stopping: threading.Event) -> None:
        release.wait(10.0)

    worker = Worker("stuck", stuck)
    worker.start()
    assert worker.stop(0.05) is False
    release.set()
