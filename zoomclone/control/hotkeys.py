"""Optional global hotkeys (pynput): switch backgrounds while another app has the focus.

Install with ``pip install '.[hotkeys]'`` in the checkout. pynput works on X11, Windows and macOS (where
the terminal needs the Accessibility permission). Wayland lets no app grab global keys: bind
``zoomclone ctl next`` to a desktop shortcut instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from zoomclone.closing import StartsOnEnter
from zoomclone.control.commands import Action, Command
from zoomclone.errors import UsageError

JOIN_TIMEOUT_S = 0.5
INSTALL_HINT = "install them with: python -m pip install '.[hotkeys]' in the zoomclone checkout"
MODIFIERS = {
    "ctrl": "<ctrl>",
    "control": "<ctrl>",
    "alt": "<alt>",
    "shift": "<shift>",
    "super": "<cmd>",
    "cmd": "<cmd>",
    "win": "<cmd>",
}
NAMED_KEYS = frozenset(
    {"space", "tab", "enter", "esc", "left", "right", "up", "down", "home", "end", "page_up"}
    | {"page_down", "insert", "delete", "backspace"}
    | {f"f{n}" for n in range(1, 13)}
)


def parse_binding(text: str) -> str:
    """``ctrl+alt+n`` -> pynput's ``<ctrl>+<alt>+n``; UsageError naming what is wrong."""
    parts = [p.strip().lower() for p in text.split("+")]
    *mods, key = parts
    if not mods or any(m not in MODIFIERS for m in mods):
        raise UsageError(
            f"bad hotkey {text!r}: write modifiers then a key, e.g. ctrl+alt+n "
            f"(modifiers: {', '.join(sorted(set(MODIFIERS)))})"
        )
    if len(key) == 1 and key.isprintable() and key != " ":
        pynput_key = key
    elif key in NAMED_KEYS:
        pynput_key = f"<{key}>"
    else:
        raise UsageError(f"bad hotkey {text!r}: the last part must be one character or a key name")
    if len(set(mods)) != len(mods):
        raise UsageError(f"bad hotkey {text!r}: a modifier is repeated")
    return "+".join([*(MODIFIERS[m] for m in mods), pynput_key])


def hotkey_map(bindings: Mapping[str, str]) -> dict[str, Command]:
    """``{"next": "ctrl+alt+n", ...}`` (action name -> binding; "" unbound) -> pynput hotkeys."""
    hotkeys: dict[str, Command] = {}
    for action_name, binding in bindings.items():
        if not binding:
            continue
        hotkey = parse_binding(binding)
        if hotkey in hotkeys:
            raise UsageError(f"hotkey {binding!r} is bound twice: give each action its own")
        hotkeys[hotkey] = Command(Action(action_name))
    return hotkeys


def load_pynput() -> Any:
    """The ``pynput.keyboard`` module, or UsageError saying how to get it working."""
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise UsageError(
            "global hotkeys need an X11 display (Wayland lets no app grab keys): bind "
            "`zoomclone ctl next` to a desktop shortcut instead"
        )
    try:
        from pynput import keyboard
    except ImportError as err:
        raise UsageError(f"global hotkeys need the pynput package: {INSTALL_HINT}") from err
    return keyboard


class GlobalHotkeys(StartsOnEnter):
    """``with GlobalHotkeys(submit, bindings):`` listens for the hotkeys on pynput's thread."""

    def __init__(
        self,
        submit: Callable[[Command], object],
        bindings: Mapping[str, str],
        *,
        keyboard: Any = None,
    ) -> None:
        self._submit = submit
        self._hotkeys = hotkey_map(bindings)
        self._keyboard = keyboard
        self._listener: Any = None

    def start(self) -> None:
        if self._listener is not None:
            return
        keyboard = self._keyboard or load_pynput()
        handlers = {key: self._handler(command) for key, command in self._hotkeys.items()}
        self._listener = keyboard.GlobalHotKeys(handlers)
        self._listener.start()

    def _handler(self, command: Command) -> Callable[[], None]:
        def press() -> None:
            self._submit(command)

        return press

    def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
            # pynput's X backend only notices stop() at its next X event, which may be minutes
            # away: wait briefly, then leave it. Its thread is a daemon (pynput makes it so), so
            # it cannot keep the process alive.
            listener.join(JOIN_TIMEOUT_S)
