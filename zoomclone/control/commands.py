"""The commands a user can give a running zoomclone, and the keys bound to them.

Keys in the preview window and in the terminal, ``zoomclone ctl`` over the control socket and global
hotkeys all produce the same ``Command`` values; the pipeline applies them between frames.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from zoomclone.errors import UsageError


class Action(enum.Enum):
    NEXT = "next"
    PREV = "prev"
    BLUR = "blur"
    TOGGLE = "toggle"
    MIRROR = "mirror"
    STATS = "stats"
    HELP = "help"
    BACKGROUND = "background"
    STATUS = "status"
    RELOAD = "reload"
    QUIT = "quit"
    FRAMING = "framing"
    LIGHT = "light"
    OVERLAY = "overlay"
    EDGE = "edge"
    TOUCHUP = "touchup"


BLUR_ARGUMENTS = ("1", "2", "3", "off")


@dataclass(frozen=True)
class Command:
    """An action, with a background name for ``Action.BACKGROUND``, an optional strength
    (``1``, ``2``, ``3`` or ``off``) for ``Action.BLUR`` (without one, blur steps to the next) and an
    optional one from 0 to 1 for ``Action.TOUCHUP`` (without one, it toggles)."""

    action: Action
    argument: str | None = None


KEY_HELP: tuple[tuple[str, str], ...] = (
    ("n / right", "next background"),
    ("p / left", "previous background"),
    ("b", "blur strength: 1, 2, 3, off"),
    ("space", "effect on/off"),
    ("m", "mirror"),
    ("s", "stats overlay"),
    ("f", "auto-framing on/off"),
    ("l", "low-light lift on/off"),
    ("o", "logo / name tag overlay on/off"),
    ("[ / ]", "shrink / grow the person's edge"),
    ("t", "skin touch-up on/off"),
    ("?", "this help"),
    ("q / Esc", "quit"),
)

_CHAR_KEYS = {
    "n": Action.NEXT,
    "p": Action.PREV,
    "b": Action.BLUR,
    " ": Action.TOGGLE,
    "m": Action.MIRROR,
    "s": Action.STATS,
    "?": Action.HELP,
    "h": Action.HELP,
    "q": Action.QUIT,
    "\x1b": Action.QUIT,
    "f": Action.FRAMING,
    "l": Action.LIGHT,
    "o": Action.OVERLAY,
    "t": Action.TOUCHUP,
}
EDGE_USAGE = "edge takes grow, shrink or a number of pixels from -5 to 5, e.g. `edge 2`"
EDGE_NUMBERS = frozenset(str(n) for n in range(6))
TOUCHUP_USAGE = "touchup takes a strength from 0 (off) to 1, e.g. `touchup 0.5`, or none to toggle"
# keys that give a command with an argument
_ARGUMENT_KEYS = {"[": Command(Action.EDGE, "shrink"), "]": Command(Action.EDGE, "grow")}
# cv2.waitKeyEx codes of the arrow keys (GTK/X11, Windows, macOS/Qt)
_ARROW_KEYS = {
    65363: Action.NEXT,
    65361: Action.PREV,
    2555904: Action.NEXT,
    2424832: Action.PREV,
    63235: Action.NEXT,
    63234: Action.PREV,
}
# terminal escape sequences of the arrow keys
TERMINAL_SEQUENCES = {"\x1b[C": Action.NEXT, "\x1b[D": Action.PREV}


def command_for_key(code: int) -> Command | None:
    """The command bound to a cv2.waitKeyEx code, or None."""
    if code in _ARROW_KEYS:
        return Command(_ARROW_KEYS[code])
    if 0 <= code < 0x110000:
        char = chr(code & 0xFF if code < 0x10000 else code)
        if char in _ARGUMENT_KEYS:
            return _ARGUMENT_KEYS[char]
        action = _CHAR_KEYS.get(char.lower())
        return Command(action) if action is not None else None
    return None


def command_for_text(text: str) -> Command | None:
    """The command bound to a character or escape sequence typed in a terminal, or None."""
    if text in TERMINAL_SEQUENCES:
        return Command(TERMINAL_SEQUENCES[text])
    if text in _ARGUMENT_KEYS:
        return _ARGUMENT_KEYS[text]
    action = _CHAR_KEYS.get(text.lower()) if len(text) == 1 else None
    return Command(action) if action is not None else None


def parse_command(words: list[str]) -> Command:
    """``["next"]``, ``["background", "beach.jpg"]``... -> Command; UsageError when malformed."""
    if not words:
        raise UsageError("no command given: use one of " + ", ".join(a.value for a in Action))
    try:
        action = Action(words[0].lower())
    except ValueError:
        raise UsageError(
            f"unknown command {words[0]!r}: use one of " + ", ".join(a.value for a in Action)
        ) from None
    if action is Action.BACKGROUND:
        if len(words) != 2:
            raise UsageError("background takes one NAME, e.g. `background beach.jpg`")
        return Command(action, words[1])
    if action is Action.EDGE:
        if len(words) != 2:
            raise UsageError(EDGE_USAGE)
        if words[1] not in ("grow", "shrink") and words[1].lstrip("+-") not in EDGE_NUMBERS:
            raise UsageError(EDGE_USAGE)
        return Command(action, words[1])
    if action is Action.TOUCHUP and len(words) > 1:
        if len(words) != 2 or not _is_strength(words[1]):
            raise UsageError(TOUCHUP_USAGE)
        return Command(action, words[1])
    if action is Action.BLUR and len(words) == 2:
        if words[1].lower() not in BLUR_ARGUMENTS:
            raise UsageError(f"blur takes 1, 2, 3 or off, got {words[1]!r}")
        return Command(action, words[1].lower())
    if len(words) != 1:
        raise UsageError(f"{action.value} takes no argument")
    return Command(action)


def _is_strength(text: str) -> bool:
    """True for a number from 0 to 1 (a touch-up strength)."""
    try:
        return 0.0 <= float(text) <= 1.0
    except ValueError:
        return False
