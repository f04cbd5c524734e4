"""The cycle of backgrounds the live mode steps through, and reloading it from its specs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from zoomclone.backgrounds.base import Background
from zoomclone.backgrounds.specs import load_backgrounds
from zoomclone.errors import UsageError, ZoomcloneError
from zoomclone.names import find_name, unknown_name

log = logging.getLogger(__name__)


@dataclass
class BackgroundCycle:
    """The cycle list and which one is showing; next/prev wrap around. ``specs``: what the list
    was loaded from, read again by ``reload()``."""

    backgrounds: list[Background]
    index: int = 0
    on_change: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    specs: tuple[str, ...] = ()
    _staged: list[Background] | None = field(default=None, init=False, repr=False, compare=False)
    _staging: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.backgrounds:
            raise UsageError("no background given: pass --background SPEC")

    @property
    def current(self) -> Background:
        return self.backgrounds[self.index]

    def step(self, delta: int) -> Background:
        self.index = (self.index + delta) % len(self.backgrounds)
        self._changed()
        return self.current

    def neighbours(self) -> list[Background]:
        """The next and previous backgrounds (fewer when the cycle is short)."""
        count = len(self.backgrounds)
        picks = dict.fromkeys(((self.index + 1) % count, (self.index - 1) % count))
        return [self.backgrounds[i] for i in picks if i != self.index]

    def _changed(self) -> None:
        self._release_far()
        if self.on_change is not None:
            self.on_change()

    def _release_far(self) -> None:
        """Keep decoded only the current background and its neighbours (48 wallpapers decoded
        at once peaked at 644 MB)."""
        count = len(self.backgrounds)
        for i, background in enumerate(self.backgrounds):
            distance = min((i - self.index) % count, (self.index - i) % count)
            if distance > 1:
                background.release()

    def select(self, name: str) -> Background:
        """By name, stem or either without case (``zoomclone.names``); UsageError with the
        nearest names when none matches."""
        names = [b.name for b in self.backgrounds]
        found = find_name(name, names)
        if found is None:
            raise UsageError(unknown_name("background", name, names))
        self.index = found
        self._changed()
        return self.current

    def stage_reload(self) -> None:
        """Load the specs on the calling thread (the panel's), for the next ``reload()`` to swap
        in without decoding on the output thread. A newer staging replaces an unused older one."""
        fresh = self._load()
        if fresh is None:
            return
        with self._staging:
            old, self._staged = self._staged, fresh
        for background in old or []:
            background.close()

    def reload(self) -> None:
        """Swap in the staged list, or load the specs again: files added to a folder or the user's
        library join, removed ones leave, and the current background stays current while it
        exists. When a spec no longer loads, the cycle stays as it was (logged)."""
        with self._staging:
            fresh, self._staged = self._staged, None
        if fresh is None:
            fresh = self._load()
        if fresh is None:
            return
        name = self.current.name
        old, self.backgrounds = self.backgrounds, fresh
        names = [b.name for b in fresh]
        self.index = names.index(name) if name in names else 0
        for background in old:
            background.close()

    def _load(self) -> list[Background] | None:
        if not self.specs:
            return None
        try:
            return load_backgrounds(self.specs) or None
        except ZoomcloneError as err:
            log.warning("cannot reload the backgrounds, keeping the old ones: %s", err)
            return None

    def close(self) -> None:
        for background in self.backgrounds:
            background.close()
