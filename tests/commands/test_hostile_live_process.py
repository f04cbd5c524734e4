"""``zoomclone live`` as a process: signals, a second run, and a terminal with job control.

Every wait is bounded; a live run that outlives its test is killed.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import cv2
import pytest

START_TIMEOUT_S = 60.0
EXIT_TIMEOUT_S = 30.0
KEY_REPEAT_S = 0.5
LIVE = [sys.executable, "-m", "zoomclone", "live"]


def frames_in(path: Path) -> int:
    capture = cv2.VideoCapture(str(path))
    count = 0
    while capture.read()[0]:
        count += 1
    capture.release()
    return count


@contextmanager
def running_live(*args: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen([*LIVE, *args], stderr=subprocess.PIPE, text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=EXIT_TIMEOUT_S)


def wait_until_serving(address: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not address.exists():
        assert process.poll() is None, "zoomclone live ended early"
        assert time.monotonic() < deadline, "zoomclone live did not start"
        time.sleep(0.1)
    time.sleep(1.0)  # some frames recorded


@pytest.fixture
def address(private_user_folders: Path) -> Path:
    return private_user_folders / "zoomclone" / "control.sock"


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP"]
)
def test_a_stop_signal_finalizes_the_recording_and_exits_0(
    clip: Path, tmp_path: Path, address: Path, signum: signal.Signals
) -> None:
    recording = tmp_path / "rec.mp4"
    with running_live("--input", str(clip), "--output", str(recording)) as process:
        wait_until_serving(address, process)
        process.send_signal(signum)
        assert process.wait(EXIT_TIMEOUT_S) == 0
        assert "Traceback" not in (process.stderr.read() if process.stderr else "")
    assert not address.exists()
    assert frames_in(recording) > 0


def test_under_nohup_a_closed_terminal_does_not_stop_the_run(
    clip: Path, tmp_path: Path, address: Path
) -> None:
    ignore_hup = (
        "import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
        "os.execv(sys.executable, sys.argv[1:])"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", ignore_hup, *LIVE, "--input", str(clip), "--output", "null"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_serving(address, process)
        process.send_signal(signal.SIGHUP)
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(2.0)  # still running, as nohup asked
        process.send_signal(signal.SIGTERM)
        assert process.wait(EXIT_TIMEOUT_S) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=EXIT_TIMEOUT_S)


def test_a_refused_second_live_opens_no_output(clip: Path, tmp_path: Path, address: Path) -> None:
    recording = tmp_path / "rec.mp4"
    with running_live("--input", str(clip), "--output", str(recording)) as first:
        wait_until_serving(address, first)
        second_output = tmp_path / "second.mp4"
        second = subprocess.run(
            [
                *LIVE,
                "--input",
                str(clip),
                "--output",
                str(second_output),
                "--output",
                str(recording),
            ],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
        )
        assert second.returncode == 1
        assert "another zoomclone is already running" in second.stderr
        assert not second_output.exists()  # nothing was opened, so the first's file was not either
        first.send_signal(signal.SIGTERM)
        assert first.wait(EXIT_TIMEOUT_S) == 0
    assert frames_in(recording) > 0


# ---- a terminal with job control ----------------------------------------------------------

# A tiny shell, session leader of a new pty: it runs zoomclone as a background job (``&``), or as
# the foreground job that it stops (Ctrl-Z comes from the test) and resumes with ``fg``.
SHELL = r"""
import fcntl, os, signal, subprocess, sys, termios
fcntl.ioctl(0, termios.TIOCSCTTY, 0)
events, mode, command = sys.argv[1], sys.argv[2], sys.argv[3:]

def say(line):
    with open(events, "a") as file:
        file.write(line + "\n")

def foreground():
    os.setpgid(0, 0)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    os.tcsetpgrp(0, os.getpgrp())
    signal.signal(signal.SIGTTOU, signal.SIG_DFL)

saved = termios.tcgetattr(0)
if mode == "background":
    child = subprocess.Popen(command, process_group=0)
else:
    child = subprocess.Popen(command, preexec_fn=foreground)
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
say(f"PID {child.pid}")
while True:
    _, status = os.waitpid(child.pid, os.WUNTRACED)
    if not os.WIFSTOPPED(status):
        say(f"EXIT {os.waitstatus_to_exitcode(status)}")
        break
    if mode == "background":
        say("STOPPED in the background")
        os.kill(child.pid, signal.SIGKILL)
        continue
    os.tcsetpgrp(0, os.getpgrp())  # what a shell does on Ctrl-Z: take the terminal back...
    termios.tcsetattr(0, termios.TCSADRAIN, saved)  # ...in its own mode
    os.tcsetpgrp(0, child.pid)  # then `fg`
    os.killpg(child.pid, signal.SIGCONT)
    say("RESUMED")
"""


class Terminal:
    """A pty whose session runs SHELL; the test types into it and reads what it shows."""

    def __init__(self, mode: str, command: list[str], events: Path) -> None:
        self.master, slave = pty.openpty()
        self.events = events  # what the shell saw, kept off the screen where echoes land
        events.touch()
        self.shell = subprocess.Popen(
            [sys.executable, "-c", SHELL, str(events), mode, *command],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        self.output = ""

    def read_until(self, pattern: str, timeout_s: float, keys: bytes = b"") -> re.Match[str]:
        """Read until ``pattern`` shows; type ``keys`` every half second meanwhile."""
        deadline = time.monotonic() + timeout_s
        typed_at = 0.0
        while (found := re.search(pattern, self.output + self.events.read_text())) is None:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{pattern!r} never came; the terminal shows:\n{self.output}"
            if keys and time.monotonic() - typed_at >= KEY_REPEAT_S:
                os.write(self.master, keys)
                typed_at = time.monotonic()
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.5))
            if ready:
                with suppress(OSError):  # EIO once the session has ended
                    self.output += os.read(self.master, 4096).decode(errors="replace")
        return found

    def close(self) -> None:
        for pid in re.findall(r"PID (\d+)", self.events.read_text()):
            with suppress(OSError):
                os.kill(int(pid), signal.SIGKILL)
        if self.shell.poll() is None:
            self.shell.kill()
        self.shell.wait(EXIT_TIMEOUT_S)
        os.close(self.master)


@pytest.fixture
def terminal() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for each in opened:
        each.close()


def test_live_started_with_ampersand_runs_instead_of_being_stopped(
    clip: Path, tmp_path: Path, terminal: list[Terminal]
) -> None:
    command = [*LIVE, "--input", str(clip), "--output", "null", "--frames", "20"]
    term = Terminal("background", command, tmp_path / "events")
    terminal.append(term)
    exit_line = term.read_until(r"EXIT (-?\d+)|STOPPED", START_TIMEOUT_S)
    assert exit_line.group(0) == "EXIT 0", term.output


def test_keys_work_again_after_ctrl_z_and_fg(
    clip: Path, tmp_path: Path, terminal: list[Terminal]
) -> None:
    command = [*LIVE, "--input", str(clip), "--output", "null"]
    term = Terminal("foreground", command, tmp_path / "events")
    terminal.append(term)
    term.read_until(r"zoomclone: keys:", START_TIMEOUT_S)
    term.read_until(r"RESUMED", EXIT_TIMEOUT_S, keys=b"\x1a")  # Ctrl-Z, then the shell's fg
    exit_line = term.read_until(r"EXIT (-?\d+)", EXIT_TIMEOUT_S, keys=b"q")
    assert exit_line.group(0) == "EXIT 0", term.output
