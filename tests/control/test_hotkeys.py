"""Global hotkeys: binding syntax, the missing-pynput message, and the listener on a fake pynput."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from zoomclone.control.commands import Action, Command
from zoomclone.control.hotkeys import GlobalHotkeys, hotkey_map, load_pynput, parse_binding
from zoomclone.errors import UsageError


@pytest.mark.parametrize(
    ("binding", "pynput"),
    [
        ("ctrl+alt+n", "<ctrl>+<alt>+n"),
        ("Ctrl + Alt + Space", "<ctrl>+<alt>+<space>"),
        ("super+shift+f9", "<cmd>+<shift>+<f9>"),
        ("ctrl+alt+.", "<ctrl>+<alt>+."),
    ],
)
def test_bindings_become_pynput_hotkeys(binding: str, pynput: str) -> None:
    assert parse_binding(binding) == pynput


@pytest.mark.parametrize("binding", ["n", "ctrl+", "hyper+n", "ctrl+alt+nope", "ctrl+ctrl+n", ""])
def test_bad_bindings_are_usage_errors(binding: str) -> None:
    with pytest.raises(UsageError, match="hotkey"):
        parse_binding(binding)


def test_unbound_actions_are_skipped_and_doubles_refused() -> None:
    assert hotkey_map({"next": "ctrl+alt+n", "mirror": ""}) == {
        "<ctrl>+<alt>+n": Command(Action.NEXT)
    }
    with pytest.raises(UsageError, match="bound twice"):
        hotkey_map({"next": "ctrl+alt+n", "prev": "Ctrl+Alt+N"})


def test_missing_pynput_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setitem(sys.modules, "pynput", None)  # import fails as if not installed
    with pytest.raises(UsageError, match=r"pip install '\.\[hotkeys\]' in the zoomclone checkout"):
        load_pynput()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 vs Wayland is Linux only")
def test_wayland_without_x11_points_to_desktop_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    with pytest.raises(UsageError, match="zoomclone ctl next"):
        load_pynput()


class FakeListener:
    def __init__(self, handlers: dict[str, Callable[[], None]]) -> None:
        self.handlers = handlers
        self.running = False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def join(self, timeout: float | None = None) -> None:
        pass


def test_pressing_a_hotkey_submits_its_command() -> None:
    listeners: list[FakeListener] = []

    def make(handlers: dict[str, Callable[[], None]]) -> FakeListener:
        listeners.append(FakeListener(handlers))
        return listeners[-1]

    submitted: list[Command] = []
    keyboard = SimpleNamespace(GlobalHotKeys=make)
    with GlobalHotkeys(submitted.append, {"next": "ctrl+alt+n"}, keyboard=keyboard):
        (listener,) = listeners
        assert listener.running
        listener.handlers["<ctrl>+<alt>+n"]()
    assert submitted == [Command(Action.NEXT)]
    assert not listener.running
