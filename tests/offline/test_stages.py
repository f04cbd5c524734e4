"""The in-order pipeline of threads behind `zoomclone video`."""

from __future__ import annotations

import threading
import time

import pytest

from zoomclone.offline.stages import run_in_order


def test_every_item_arrives_in_order_with_each_step_on_its_own_thread() -> None:
    seen: dict[str, set[str]] = {"a": set(), "b": set()}

    def step(name: str, delay: float):  # type: ignore[no-untyped-def]
        def run(item: list[int]) -> list[int]:
            seen[name].add(threading.current_thread().name)
            time.sleep(delay)
            return [*item, len(item)]

        return run

    got: list[list[int]] = []
    run_in_order(([i] for i in range(50)), [step("a", 0.002), step("b", 0)], got.append, depth=2)
    assert got == [[i, 1, 2] for i in range(50)]
    assert seen["a"].isdisjoint(seen["b"])
    assert threading.main_thread().name not in seen["a"] | seen["b"]


def test_an_error_in_a_step_stops_the_run_and_is_raised_and_threads_end() -> None:
    before = threading.active_count()

    def fail_at_7(item: int) -> int:
        if item == 7:
            raise ValueError("bad frame 7")
        return item

    got: list[int] = []
    with pytest.raises(ValueError, match="bad frame 7"):
        run_in_order(iter(range(10_000)), [fail_at_7], got.append)
    assert got == list(range(len(got)))
    assert len(got) <= 7
    assert threading.active_count() == before


def test_an_error_while_consuming_stops_the_reader() -> None:
    before = threading.active_count()

    def consume(item: int) -> None:
        if item == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_in_order(iter(range(10**9)), [lambda x: x], consume)
    assert threading.active_count() == before
