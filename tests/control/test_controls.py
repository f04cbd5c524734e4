from __future__ import annotations

import os
import pty
import threading

import pytest

from zoomclone.control.commands import (
    Action,
    Command,
    command_for_key,
    command_for_text,
    parse_command,
)
from zoomclone.control.terminal import TerminalKeys
from zoomclone.errors import UsageError


@pytest.mark.parametrize(
    ("code", "action"),
    [
        (ord("n"), Action.NEXT),
        (ord("P"), Action.PREV),
        (32, Action.TOGGLE),
        (27, Action.QUIT),
        (65363, Action.NEXT),
        (2424832, Action.PREV),
    ],
)
def test_window_keys(code: int, action: Action) -> None:
    assert command_for_key(code) == Command(action)


def test_unbound_keys_do_nothing() -> None:
    assert command_for_key(-1) is None
    assert command_for_key(ord("z")) is None
    assert command_for_text("zz") is None


def test_terminal_arrow_sequences() -> None:
    assert command_for_text("\x1b[C") == Command(Action.NEXT)
    assert command_for_text("\x1b[D") == Command(Action.PREV)


def test_parse_command_words() -> None:
    assert parse_command(["background", "beach.jpg"]) == Command(Action.BACKGROUND, "beach.jpg")
    assert parse_command(["NEXT"]) == Command(Action.NEXT)
    for bad in ([], ["rm", "-rf"], ["next", "extra"], ["background"]):
        with pytest.raises(UsageError):
            parse_command(bad)


def test_terminal_keys_read_a_tty_and_restore_it() -> None:
    import termios

    master, slave = pty.openpty()
    got: list[Command] = []
    seen = threading.Event()

    def submit(command: Command) -> None:
        got.append(command)
        seen.set()

    with os.fdopen(slave, "r") as stream:
        before = termios.tcgetattr(slave)
        with TerminalKeys(submit, stream) as keys:
            assert keys.active
            os.write(master, b"n")
            assert seen.wait(5)
        assert termios.tcgetattr(slave) == before
    os.close(master)
    assert got == [Command(Action.NEXT)]


def test_terminal_keys_do_nothing_without_a_tty() -> None:
    class NotATty:
        def isatty(self) -> bool:
            return False

    with TerminalKeys(lambda c: None, NotATty()) as keys:
        assert not keys.active
