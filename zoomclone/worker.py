"""A named background thread that runs a loop until asked to stop, and is joined when it is."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Worker:
    """``Worker(name, loop)``: ``start()`` runs ``loop(stopping)`` on a thread, where ``stopping`` is an
    Event the loop checks (or waits on) between steps; ``stop()`` sets it and joins the thread. Both
    are safe to call twice. Workers that stop together share one ``stopping`` Event.

    ``stop(timeout_s)`` waits no longer than that for a loop that may be stuck in a step it cannot
    interrupt; such a worker is made with ``daemon=True``, so it cannot keep the process alive."""

    def __init__(
        self,
        name: str,
        loop: Callable[[threading.Event], None],
        stopping: threading.Event | None = None,
        *,
        daemon: bool = False,
    ) -> None:
        self.name = name
        self.stopping = stopping if stopping is not None else threading.Event()
        self._own_stopping = stopping is None  # a shared one is its owner's to reset
        self._loop = loop
        self._daemon = daemon
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def alive(self) -> bool:
        """True while the loop runs (False once it returned or raised)."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is None:
            if self._own_stopping:
                self.stopping.clear()
            self._thread = threading.Thread(
                target=self._loop, args=(self.stopping,), name=self.name, daemon=self._daemon
            )
            self._thread.start()

    def stop(self, timeout_s: float | None = None) -> bool:
        """Ask the loop to stop and join it (up to ``timeout_s``); False if it is still running."""
        self.stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout_s)
            return not thread.is_alive()
        return True
