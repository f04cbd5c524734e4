"""A named background thread that runs a loop until asked to stop, and is joined when it is."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Worker:
    """``Worker(name, loop)``: ``start()`` runs ``loop(stopping)`` on a thread, where ``stopping`` is an
    Event the loop checks (or waits on) between steps; ``stop()`` sets it and joins the thread. Both
    are safe to call twice.

    ``stop(timeout_s)`` waits no longer than that for a loop that may be stuck in a step it cannot
    interrupt; such a worker is made with ``daemon=True``, so it cannot keep the process alive."""

    def __init__(
        self, name: str, loop: Callable[[threading.Event], None], *, daemon: bool = False
    ) -> None:
        self.name = name
        self.stopping = threading.Event()
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
            self.stopping.clear()
            self._thread = threading.Thread(
                target=self._loop, args=(self.stopping,), name=self.name, daemon=self._daemon
            )
            self._thread.start()

    def stop(self, timeout_s: float | None = None) -> None:
        self.stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout_s)
