"""The in-order pipeline of threads behind `zoomclone video`."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from zoomclone.offline.stages import Step, Streamed, run_in_order, run_serially


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


def _late_by(count: int):  # type: ignore[no-untyped-def]
    """A stream step that holds ``count`` items before giving each out with the sum of the items
    after it (it needs later items first, like a look-ahead)."""

    def stream(items: Iterator[int]) -> Iterator[tuple[int, int]]:
        held: list[int] = []
        for item in items:
            held.append(item)
            if len(held) > count:
                yield held[0], sum(held[1:])
                held.pop(0)
        while held:
            yield held[0], sum(held[1:])
            held.pop(0)

    return stream


def test_a_streamed_step_may_hold_items_and_none_is_lost_or_reordered() -> None:
    steps: list[Step] = [lambda i: i * 2, Streamed(_late_by(5)), lambda pair: pair]
    got: list[tuple[int, int]] = []
    run_in_order(range(40), steps, got.append, depth=2)
    doubled = [i * 2 for i in range(40)]
    expected = [(d, sum(doubled[k + 1 : k + 6])) for k, d in enumerate(doubled)]
    assert got == expected
    assert list(run_serially(range(40), steps)) == expected


def test_an_error_inside_a_streamed_step_stops_the_run() -> None:
    before = threading.active_count()

    def stream(items: Iterator[int]) -> Iterator[int]:
        for item in items:
            if item == 9:
                raise ValueError("bad frame 9")
            yield item

    got: list[int] = []
    with pytest.raises(ValueError, match="bad frame 9"):
        run_in_order(range(100), [Streamed(stream)], got.append)
    assert got == list(range(len(got))) and len(got) <= 9
    assert threading.active_count() == before
