from __future__ import annotations

import threading

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
