"""Which camera frames the output skipped because it could not keep up (what the governor
judges), and which gaps are not load: a stall (a stopped process, a suspended laptop) or the
frame after a background switch (the new background's one-time decode)."""

from __future__ import annotations

from zoomclone.live.pacing import stall_threshold_s


class Skips:
    """Fed each frame the output takes, in order; ``seen`` is the last frame's number."""

    def __init__(self, fps: float) -> None:
        self.seen = 0
        self._stall_s = stall_threshold_s(fps)
        self._last_capture: float | None = None
        self._switched = False
        self._last_shown = ""

    def take(self, seq: int, t_capture: float, shown: str) -> tuple[int, bool]:
        """The frames skipped before frame ``seq`` that count as load, and whether a stall came
        before it. ``shown``: the background's name for this frame."""
        last = self._last_capture
        stalled = last is not None and t_capture - last > self._stall_s
        excused = stalled or self._switched
        dropped = max(0, seq - self.seen - 1) if self.seen and not excused else 0
        self.seen, self._last_capture = seq, t_capture
        self._switched, self._last_shown = shown != self._last_shown, shown
        return dropped, stalled
