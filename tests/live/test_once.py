from __future__ import annotations

import threading
import time

import pytest

from zoomclone.live.once import Once


def test_many_threads_get_one_computation() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.05)  # the others arrive while it runs and must wait, not compute again
        return 42

    once = Once(compute)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(once.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 8
    assert len(calls) == 1
    assert once.done


def test_a_failed_computation_is_tried_again_by_the_next_caller() -> None:
    attempts: list[int] = []

    def compute() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("first try fails")
        return "ok"

    once = Once(compute)
    with pytest.raises(ValueError):
        once.get()
    assert not once.done
    assert once.get() == "ok"
    assert once.get() == "ok"
    assert len(attempts) == 2
