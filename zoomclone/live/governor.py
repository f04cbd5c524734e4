"""Graceful degradation: when the machine cannot keep up, do less per frame instead of falling behind.

The order (each level keeps the ones before it):

    0  full quality
    1  cheaper refinement (the matte skips the guided filter: plain bilinear upsampling)
    2  segment every other frame, reusing the newest mask for the frames between

The governor watches the share of camera frames the output skipped over a window of frames. Above
``drop_ratio_up`` it steps down one level; after ``recover_frames`` frames with fewer than
``drop_ratio_down`` skipped it steps back up. The active steps are listed in the stats and on the
preview's stats overlay.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

LEVEL_NAMES = ("cheaper refinement", "segmenting every other frame")
MAX_LEVEL = len(LEVEL_NAMES)
# what the user reads when the level changes: reached level N going down / going up
DOWN_MESSAGES = (
    "",
    "frames were being skipped: now using a cheaper edge around the person",
    "frames are still being skipped: now finding the person in every other frame",
)
UP_MESSAGES = (
    "keeping up again: back to full quality",
    "keeping up again: finding the person in every frame again (cheaper edge still on)",
)


def level_message(before: int, after: int) -> str:
    """One plain line for a change from level ``before`` to level ``after``."""
    return DOWN_MESSAGES[after] if after > before else UP_MESSAGES[after]


@dataclass(frozen=True)
class Quality:
    """What one frame is made with; the governor hands out a new one when its level changes."""

    cheap_refinement: bool = False
    segment_stride: int = 1  # segment every Nth frame


@dataclass(frozen=True)
class GovernorConfig:
    """``window_frames``: frames judged together. Ratios are skipped / (skipped + shown)."""

    enabled: bool = True
    window_frames: int = 60
    drop_ratio_up: float = 0.1
    drop_ratio_down: float = 0.02
    recover_frames: int = 300


class Governor:
    """Decides the degradation level from how many frames were skipped recently."""

    def __init__(self, config: GovernorConfig | None = None) -> None:
        self.config = config or GovernorConfig()
        self.level = 0
        self._window: deque[int] = deque(maxlen=self.config.window_frames)
        self._calm_frames = 0

    def observe(self, dropped: int) -> bool:
        """Record one shown frame and the frames skipped before it; True when the level changed."""
        if not self.config.enabled:
            return False
        self._window.append(dropped)
        if len(self._window) < self.config.window_frames:
            return False
        ratio = sum(self._window) / (sum(self._window) + len(self._window))
        if ratio > self.config.drop_ratio_up and self.level < MAX_LEVEL:
            return self._change(+1)
        self._calm_frames = self._calm_frames + 1 if ratio < self.config.drop_ratio_down else 0
        if self._calm_frames >= self.config.recover_frames and self.level > 0:
            return self._change(-1)
        return False

    def forget(self) -> None:
        """Start judging afresh: what came before a stall says nothing about the load now."""
        self._window.clear()
        self._calm_frames = 0

    def _change(self, delta: int) -> bool:
        self.level += delta
        self._window.clear()
        self._calm_frames = 0
        return True

    @property
    def cheap_refinement(self) -> bool:
        return self.level >= 1

    @property
    def segment_stride(self) -> int:
        """Segment every Nth frame."""
        return 2 if self.level >= 2 else 1

    @property
    def quality(self) -> Quality:
        """The setting for this level, immutable: readers on other threads never see it change."""
        return Quality(self.cheap_refinement, self.segment_stride)

    def active(self) -> list[str]:
        """Names of the active degradation steps."""
        return list(LEVEL_NAMES[: self.level])
