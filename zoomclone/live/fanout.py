"""Where the live picture goes: every sink, the count of frames sent, and the preview's overlay
text and keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from zoomclone.clock import Clock
from zoomclone.control.commands import Command
from zoomclone.frames import Frame, Size
from zoomclone.live.overlay_text import disconnected_frame
from zoomclone.live.session import Session
from zoomclone.live.stats import Stats
from zoomclone.sinks.base import FrameSink


@runtime_checkable
class InteractiveSink(Protocol):
    """A sink the user can type into and that shows overlays (the preview window)."""

    def poll_commands(self) -> list[Command]: ...

    def set_overlay(self, lines: list[str], toast: str | None) -> None: ...


class Fanout:
    """Sends each picture to every sink (on the output thread); ``sent`` is read under the
    session's lock by ``status()``."""

    def __init__(
        self, sinks: Sequence[FrameSink], session: Session, clock: Clock, stats: Stats
    ) -> None:
        self.sinks = list(sinks)
        self.sent = 0
        self.last_good: Frame | None = None  # what the placeholder shows, dimmed
        self._session = session
        self._clock = clock
        self._stats = stats

    def send(self, out: Frame, *, good: bool = True) -> None:
        """Send ``out`` to every sink (SinkError propagates), then refresh the preview's text."""
        started = self._clock.now()
        for sink in self.sinks:
            sink.send(out)
        self._stats.add_stage("output", self._clock.now() - started)
        if good:
            self.last_good = out
        with self._session.lock:
            self.sent += 1
        self._update_interactive()

    def send_placeholder(self, size: Size, text: str) -> None:
        """The last good picture dimmed, with ``text`` (while the camera or file is away)."""
        width, height = size
        self.send(disconnected_frame(self.last_good, width, height, text), good=False)
        self._stats.add_placeholder()

    def _update_interactive(self) -> None:
        toast, lines = self._session.toast(), self._session.overlay_lines()
        for sink in self.sinks:
            if isinstance(sink, InteractiveSink):
                sink.set_overlay(lines, toast)
                for command in sink.poll_commands():
                    self._session.submit(command)
