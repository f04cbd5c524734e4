"""What the user controls during a run: the command queue, the view state, the chosen background,
the status snapshot and the overlay text. Commands come from any thread; they are applied on the
output thread, between frames."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zoomclone.backgrounds import (
    BLUR_STRENGTHS,
    Background,
    BackgroundCycle,
    BlurBackground,
    NoBackground,
)
from zoomclone.clock import Clock
from zoomclone.control.commands import KEY_HELP, Action, Command
from zoomclone.effects.chain import EFFECT_ACTIONS, Effects
from zoomclone.errors import UsageError
from zoomclone.live.stats import Stats

log = logging.getLogger(__name__)

COMMAND_QUEUE_SIZE = 64
TOAST_S = 1.0
FALLBACK_BLUR = 3  # what shows before the first mask, and instead of a background that broke
_SELECTING = (Action.NEXT, Action.PREV, Action.BACKGROUND, Action.BLUR)


@dataclass
class ViewState:
    """What the user toggles: the effect, blur, mirror and overlays."""

    effect_on: bool = True
    blur_strength: int | None = None
    mirror: bool = False
    show_stats: bool = False
    show_help: bool = False
    toast: str | None = None
    toast_until: float = 0.0
    blur_cache: dict[int, BlurBackground] = field(default_factory=dict)


class Session:
    """The run's controllable state; ``submit`` from any thread, ``apply_pending`` on the output
    thread. ``lock`` guards the state against ``status()`` readers on other threads."""

    def __init__(
        self,
        backgrounds: BackgroundCycle,
        effects: Effects,
        clock: Clock,
        stats: Stats,
        *,
        mirror: bool,
        on_quit: Callable[[], None],
    ) -> None:
        self.backgrounds = backgrounds
        self.effects = effects
        self.view = ViewState(mirror=mirror)
        self.lock = threading.Lock()
        self._clock = clock
        self._stats = stats
        self._on_quit = on_quit
        self._commands: queue.Queue[tuple[Command, threading.Event]] = queue.Queue(
            COMMAND_QUEUE_SIZE
        )

    # ---- commands -------------------------------------------------------------------------

    def submit(self, command: Command) -> threading.Event | None:
        """Queue a command from any thread: an Event set once it is applied, or None when too
        many are waiting."""
        applied = threading.Event()
        try:
            self._commands.put_nowait((command, applied))
        except queue.Full:
            return None
        return applied

    def apply_pending(self) -> None:
        """Apply every queued command (on the output thread)."""
        while True:
            try:
                command, applied = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                self.apply(command)
            except UsageError as err:
                log.warning("%s", err)
            finally:
                applied.set()

    def apply(self, command: Command) -> None:
        """Apply one command now (on the output thread)."""
        with self.lock:
            self._apply_locked(command)

    def _apply_locked(self, command: Command) -> None:
        view, action = self.view, command.action
        if action in (Action.NEXT, Action.PREV, Action.BACKGROUND):
            self._select(command)
        elif action is Action.BLUR:
            view.blur_strength = _blur_strength(view.blur_strength, command.argument)
        elif action is Action.TOGGLE:
            view.effect_on = not view.effect_on
        elif action is Action.MIRROR:
            view.mirror = not view.mirror
        elif action is Action.STATS:
            view.show_stats = not view.show_stats
        elif action is Action.HELP:
            view.show_help = not view.show_help
        elif action is Action.RELOAD:
            self.backgrounds.reload()
        elif action is Action.QUIT:
            self._on_quit()
        elif action in EFFECT_ACTIONS:
            self._toast(self.effects.apply(command))
        if action in _SELECTING:
            view.effect_on = True  # choosing a background means wanting to see it
        if action in (*_SELECTING, Action.TOGGLE):
            self._toast(self.background_name())

    def _select(self, command: Command) -> None:
        if command.action is Action.BACKGROUND:
            self.backgrounds.select(command.argument or "")
        else:
            self.backgrounds.step(1 if command.action is Action.NEXT else -1)
        self.view.blur_strength = None

    def _toast(self, text: str | None) -> None:
        self.view.toast = text
        self.view.toast_until = self._clock.now() + TOAST_S

    # ---- what shows -----------------------------------------------------------------------

    def background(self) -> Background:
        """The background to composite over now (``NoBackground`` with the effect off)."""
        view = self.view
        if not view.effect_on:
            return NoBackground()
        if view.blur_strength is not None:
            return self.blur(view.blur_strength)
        return self.backgrounds.current

    def blur(self, strength: int) -> BlurBackground:
        """The blur background of that strength, made once per run."""
        return self.view.blur_cache.setdefault(strength, BlurBackground(strength))

    def replace_broken(self, broken: Background) -> None:
        """A background that failed mid-call (a video file gone bad) becomes a blur in the cycle."""
        with self.lock:
            cycle = self.backgrounds.backgrounds
            if broken in cycle:
                cycle[cycle.index(broken)] = BlurBackground()
                broken.close()

    def background_name(self) -> str:
        return self.chosen_name() if self.view.effect_on else "none (effect off)"

    def chosen_name(self) -> str:
        """The background shown while the effect is on."""
        if self.view.blur_strength is not None:
            return f"blur:{self.view.blur_strength}"
        return self.backgrounds.current.name

    def status(self, **run: Any) -> dict[str, Any]:
        """A snapshot for ``zoomclone ctl status`` (``run``: the pipeline's own fields)."""
        with self.lock:
            return {
                **run,
                "background": self.chosen_name(),
                "effect": self.view.effect_on,
                "mirror": self.view.mirror,
                "fps": round(self._stats.recent_fps(), 1),
                "mask_age_frames": self._stats.recent_mask_age(),
                "blur_strength": self.view.blur_strength,
                "backgrounds": [b.name for b in self.backgrounds.backgrounds],
                **self.effects.status(),
            }

    def toast(self) -> str | None:
        """The short notice shown after a change, while it lasts."""
        return self.view.toast if self._clock.now() < self.view.toast_until else None

    def overlay_lines(self) -> list[str]:
        """The stats and help lines the preview shows when they are switched on."""
        lines: list[str] = []
        stats = self._stats
        if self.view.show_stats:
            lines.append(
                f"{stats.recent_fps():.1f} fps  mask age {stats.recent_mask_age()}  "
                f"bg {self.background_name()}"
            )
            lines.append("  ".join(f"{k} {v:.1f}ms" for k, v in stats.recent_stage_ms().items()))
            lines.extend(f"degraded: {d}" for d in stats.degraded)
        if self.view.show_help:
            lines.extend(f"{key}\t{what}" for key, what in KEY_HELP)  # two aligned columns
        return lines


def _blur_strength(current: int | None, argument: str | None) -> int | None:
    """The strength asked for (``"1"``..``"3"``, ``"off"``), or the next one in the cycle."""
    if argument is None:
        return _next_blur(current)
    return None if argument == "off" else int(argument)


def _next_blur(current: int | None) -> int | None:
    """Blur strength cycle: off -> 1 -> 2 -> 3 -> off."""
    if current is None:
        return BLUR_STRENGTHS[0]
    index = BLUR_STRENGTHS.index(current) + 1
    return BLUR_STRENGTHS[index] if index < len(BLUR_STRENGTHS) else None
