"""An in-order pipeline of threads for offline work: one thread per step, bounded queues between.

``run_in_order(items, steps, consume)`` reads ``items`` on one thread, runs each step on its own
thread and hands the results to ``consume`` on the calling thread, in order, none dropped: step
N of one item overlaps step N+1 of the one before (segmentation of frame N+1 with matting of N and
encoding of N-1). Each step sees the items one by one in order, so a step with state (a temporal
stabiliser) gives what a plain loop would. An exception in any thread stops them all and is raised
on the calling thread; so is Ctrl-C, which arrives there. Every thread is joined before returning.

A step is a function of one item, or a ``Streamed`` function of the whole stream of items (an
iterator in, an iterator out, in order): one that must see later items before it gives out an
earlier one (a recording's look-ahead framing) holds them and yields them late.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from zoomclone.worker import Worker

DEPTH = 4  # items waiting between two steps: memory stays bounded, the slower step stays busy
POLL_S = 0.1  # how often a waiting thread looks whether the run was stopped
JOIN_S = 30.0  # the longest a step may take to finish its item once the run stops

_END = object()


@dataclass(frozen=True)
class Streamed:
    """A step over the whole stream: ``stream(items)`` yields the results, in order."""

    stream: Callable[[Iterator[Any]], Iterator[Any]]


Step = Callable[[Any], Any] | Streamed


def as_stream(step: Step) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """Any step as a function of the stream of items."""
    if isinstance(step, Streamed):
        return step.stream
    return lambda items: map(step, items)


def run_serially(items: Iterable[Any], steps: Sequence[Step]) -> Iterator[Any]:
    """The steps applied to ``items`` on the calling thread, lazily: what ``run_in_order``
    hands to ``consume``, item by item, without threads."""
    stream: Iterator[Any] = iter(items)
    for step in steps:
        stream = as_stream(step)(stream)
    return stream


class _Run:
    def __init__(self, count: int, depth: int) -> None:
        self.queues: list[queue.Queue[Any]] = [queue.Queue(depth) for _ in range(count)]
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def put(self, index: int, item: Any) -> bool:
        """Hand ``item`` on; False when the run stopped first."""
        while not self.stop.is_set():
            try:
                self.queues[index].put(item, timeout=POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def get(self, index: int, check: Callable[[], None] | None = None) -> Any:
        """The next item, or ``_END`` when the run stopped; ``check`` is called while waiting."""
        while not self.stop.is_set():
            if check is not None:
                check()
            try:
                return self.queues[index].get(timeout=POLL_S)
            except queue.Empty:
                continue
        return _END

    def fail(self, error: BaseException) -> None:
        if self.error is None:
            self.error = error
        self.stop.set()


def _read(run: _Run, items: Iterable[Any]) -> None:
    try:
        for item in items:
            if not run.put(0, item):
                return
        run.put(0, _END)
    except BaseException as error:
        run.fail(error)


def _inputs(run: _Run, index: int) -> Iterator[Any]:
    while (item := run.get(index)) is not _END:
        yield item


def _step(run: _Run, index: int, step: Step) -> None:
    try:
        for result in as_stream(step)(_inputs(run, index)):
            if not run.put(index + 1, result):
                return
        run.put(index + 1, _END)
    except BaseException as error:
        run.fail(error)


def run_in_order(
    items: Iterable[Any],
    steps: Sequence[Step],
    consume: Callable[[Any], None],
    *,
    depth: int = DEPTH,
    check: Callable[[], None] | None = None,
) -> None:
    """``consume(steps[-1](...steps[0](item)))`` for every item, in order, steps on threads.
    ``check`` runs on the calling thread before each item and while waiting; what it raises
    stops the run (a stop signal acted on between two items)."""
    run = _Run(len(steps) + 1, depth)
    # daemons joined for at most JOIN_S: a step stuck in a decoder must not hold the exit
    workers = [Worker("read", lambda _: _read(run, items), daemon=True)]
    workers += [_step_worker(run, i, step) for i, step in enumerate(steps)]
    for worker in workers:
        worker.start()
    try:
        while (item := run.get(len(steps), check)) is not _END:
            consume(item)
    except BaseException as error:
        run.fail(error)
        raise
    finally:
        run.stop.set()
        for worker in workers:
            worker.stop(JOIN_S)
    if run.error is not None:
        raise run.error


def _step_worker(run: _Run, index: int, step: Step) -> Worker:
    return Worker(f"step-{index}", lambda _: _step(run, index, step), daemon=True)
