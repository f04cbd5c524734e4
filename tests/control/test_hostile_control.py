"""The control socket, its runtime folder, ``ctl`` and the hotkeys, tried as an adversary would.

Hostile clients against the real ``ControlServer``; a hostile *server* (canned replies) against
the real ``zoomclone ctl``; folders pre-made by someone else; output pipes that close early.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from zoomclone.cli import main
from zoomclone.control import server as control_socket
from zoomclone.control.client import send_command
from zoomclone.control.commands import Action, Command
from zoomclone.control.hotkeys import GlobalHotkeys
from zoomclone.control.server import MAX_CLIENTS, ControlServer
from zoomclone.errors import ControlError

WAIT_S = 10.0  # "does not hang": far above what any of these takes, far below a hang


class Target:
    """What the server drives, without a pipeline: records commands, answers a status."""

    def __init__(self, status: Callable[[], dict[str, Any]] | None = None) -> None:
        self.commands: list[Command] = []
        self._status = status or (lambda: {"state": "running", "backgrounds": ["white"]})

    def submit(self, command: Command) -> bool:
        self.commands.append(command)
        return True

    def status(self) -> dict[str, Any]:
        return self._status()


@pytest.fixture
def address(private_user_folders: Path) -> Path:
    return private_user_folders / "c.sock"


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    """Run ``work`` on a thread; its result or exception lands in the list."""
    out: list[object] = []

    def run() -> None:
        try:
            out.append(work())
        except BaseException as err:  # handed to the test to assert on
            out.append(err)

    thread = threading.Thread(target=run, daemon=True)  # a hang must not hang the suite
    thread.start()
    return thread, out


def raw(address: Path, payload: bytes) -> dict[str, Any]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(WAIT_S)
        conn.connect(str(address))
        with suppress(BrokenPipeError, ConnectionResetError):  # answered "busy" before reading
            conn.sendall(payload)
        reply: dict[str, Any] = json.loads(conn.makefile("rb").readline())
    return reply


# ---- the server: nothing a client sends kills it or holds it ------------------------------


def test_deeply_nested_json_is_refused_and_the_server_keeps_serving(address: Path) -> None:
    with ControlServer(Target(), address):
        reply = raw(address, b"[" * 1023 + b"\n")
        assert reply["ok"] is False and "malformed" in reply["error"]
        assert send_command(["status"], address)["ok"] is True


def test_any_failure_in_a_request_is_answered_and_the_server_lives(address: Path) -> None:
    calls: list[int] = []

    def status() -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return {"state": "running"}

    with ControlServer(Target(status), address):
        reply = raw(address, b'{"command": ["status"]}\n')
        assert reply == {"ok": False, "error": "the request failed: RuntimeError"}
        assert send_command(["status"], address)["status"] == {"state": "running"}


def test_a_trickling_client_holds_neither_other_clients_nor_the_exit(address: Path) -> None:
    stop = threading.Event()

    def trickle() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(address))
            with_errors = b'{"command": ["next"]}'
            for byte in with_errors * 10:
                if stop.wait(0.3):
                    return
                try:
                    conn.send(bytes([byte]))
                except OSError:
                    return  # the server gave up on it: as it should

    server = ControlServer(Target(), address).__enter__()
    try:
        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        time.sleep(0.5)  # it is being served now
        assert send_command(["status"], address, timeout_s=2.0)["ok"] is True
        closing, _ = in_thread(server.close)
        closing.join(WAIT_S / 2)  # the trickler alone would hold it for 60 s
        assert not closing.is_alive()
    finally:
        stop.set()
        server.close()


def test_silent_clients_do_not_make_ctl_say_not_running(address: Path) -> None:
    with ControlServer(Target(), address):
        idle = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(MAX_CLIENTS - 1)]
        try:
            for conn in idle:
                conn.connect(str(address))  # each says nothing
            assert send_command(["status"], address, timeout_s=3.0)["ok"] is True
        finally:
            for conn in idle:
                conn.close()


def test_more_clients_than_served_at_once_hear_busy(address: Path) -> None:
    with ControlServer(Target(), address):
        idle = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(MAX_CLIENTS)]
        try:
            for conn in idle:
                conn.connect(str(address))
            time.sleep(0.5)  # all of them taken in
            with pytest.raises(ControlError, match="busy"):
                result = send_command(["status"], address, timeout_s=3.0)
                raise ControlError(str(result.get("error")))
        finally:
            for conn in idle:
                conn.close()


def test_a_request_whose_client_gave_up_is_not_applied(
    address: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hung_up = threading.Event()
    read_line = control_socket.read_line

    def read_then_wait(conn: socket.socket, *args: Any) -> bytes:
        line = read_line(conn, *args)
        hung_up.wait(WAIT_S)  # the server got the request; the client gives up meanwhile
        return line

    monkeypatch.setattr(control_socket, "read_line", read_then_wait)
    target = Target()
    with ControlServer(target, address):
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(str(address))
        conn.sendall(b'{"command": ["quit"]}\n')
        conn.close()
        hung_up.set()
        assert send_command(["next"], address)["ok"] is True
    assert target.commands == [Command(Action.NEXT)]


def test_no_thread_for_a_client_is_busy_and_the_server_lives(
    address: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = [1]

    class ScarceThread(threading.Thread):
        def start(self) -> None:
            if self.name == "zoomclone-control-client" and failures:
                failures.pop()
                raise RuntimeError("can't start new thread")
            super().start()

    monkeypatch.setattr(threading, "Thread", ScarceThread)
    with ControlServer(Target(), address):
        reply = raw(address, b'{"command": ["status"]}\n')
        assert reply["ok"] is False and "busy" in reply["error"]
        assert send_command(["status"], address)["ok"] is True


def test_the_stale_socket_probe_does_not_hang_on_a_full_queue(address: Path) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(address))
    listener.listen(0)  # alive, never accepting, its queue full: what a stuck zoomclone looks like
    queued: list[socket.socket] = []
    try:
        for _ in range(64):
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.setblocking(False)
            queued.append(conn)
            try:
                conn.connect(str(address))
            except BlockingIOError:
                break
        thread, out = in_thread(lambda: ControlServer(Target(), address).__enter__())
        thread.join(WAIT_S)
        assert not thread.is_alive(), "the probe blocked"
        assert isinstance(out[0], ControlError) and "already running" in str(out[0])
        assert address.exists()  # a busy zoomclone's socket is not taken for stale
    finally:
        for conn in queued:
            conn.close()
        listener.close()


# ---- the runtime folder: /tmp/zoomclone-UID made by someone else --------------------------


@pytest.fixture
def fallback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The /tmp fallback (no XDG_RUNTIME_DIR), under tmp_path, for this process and children."""
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    return tmp_path / f"zoomclone-{os.getuid()}"


def ctl_status(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", "ctl", *extra, "status"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def prepare(kind: str, path: Path, elsewhere: Path) -> None:
    elsewhere.mkdir(mode=0o700)
    if kind == "file":
        path.write_text("")
    elif kind == "dangling symlink":
        path.symlink_to(elsewhere / "missing")
    elif kind == "symlink to a private folder":
        path.symlink_to(elsewhere)
    elif kind == "open folder":
        path.mkdir()
        path.chmod(0o755)
    elif kind == "another user's folder":
        path.mkdir(mode=0o700)
        os.chown(path, 4242, 4242)


@pytest.mark.parametrize(
    "kind",
    [
        "file",
        "dangling symlink",
        "symlink to a private folder",
        "open folder",
        pytest.param(
            "another user's folder",
            marks=pytest.mark.skipif(os.geteuid() != 0, reason="needs root to chown"),
        ),
    ],
)
def test_a_runtime_folder_made_by_someone_else_is_refused_in_one_line(
    fallback: Path, tmp_path: Path, kind: str
) -> None:
    elsewhere = tmp_path / "attacker"
    prepare(kind, fallback, elsewhere)
    done = ctl_status()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"zoomclone: error: {fallback} is not a private folder")
    assert "XDG_RUNTIME_DIR" in lines[0]
    assert list(elsewhere.iterdir()) == []  # nothing was followed into it
    assert (elsewhere.stat().st_mode & 0o777) == 0o700


def test_the_fallback_folder_is_made_private(fallback: Path) -> None:
    done = ctl_status()
    assert done.returncode == 1 and "no zoomclone is running" in done.stderr
    info = fallback.lstat()
    assert info.st_uid == os.getuid() and (info.st_mode & 0o777) == 0o700


# ---- ctl against a server that answers badly ----------------------------------------------


@contextmanager
def canned_server(path: Path, reply: bytes) -> Iterator[None]:
    """A fake zoomclone that answers every request with ``reply`` (then hangs up)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(8)
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(WAIT_S)
                conn.makefile("rb").readline()
                with suppress(OSError):
                    conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(WAIT_S)
        listener.close()


@pytest.mark.parametrize(
    "reply",
    [
        b"garbage\n",
        b"\xff\xfe\n",
        b"[1, 2]\n",
        b'{"ok": "yes"}\n',
        b'{"ok": true, "status": "fine"}\n',
        b'{"ok": false, "error": 5}\n',
        b"[" * 5000 + b"\n",
        b"x" * 200_000 + b"\n",
        b"",
    ],
    ids=[
        "garbage",
        "not-utf8",
        "list",
        "ok-text",
        "status-text",
        "error-number",
        "deep",
        "huge",
        "none",
    ],
)
def test_a_malformed_reply_is_one_line_and_exit_1(
    address: Path, capsys: pytest.CaptureFixture[str], reply: bytes
) -> None:
    with canned_server(address, reply):
        code = main(["ctl", "--socket", str(address), "status"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith("zoomclone: error: the running zoomclone")
    assert len(err[0]) < 300


def test_a_status_with_odd_types_is_printed_not_a_traceback(
    address: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reply = {"ok": True, "status": {"background": ["a"], "fps": None, "backgrounds": 5}}
    with canned_server(address, json.dumps(reply).encode() + b"\n"):
        assert main(["ctl", "--socket", str(address), "status"]) == 0
    assert "backgrounds: 5" in capsys.readouterr().out


def test_ctl_status_on_an_ascii_terminal(address: Path) -> None:
    status = {"background": "plage-été.jpg", "backgrounds": ["plage-été.jpg", "blur"]}
    reply = json.dumps({"ok": True, "status": status}).encode() + b"\n"
    with canned_server(address, reply):
        done = subprocess.run(
            [sys.executable, "-m", "zoomclone", "ctl", "--socket", str(address), "status"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONIOENCODING": "ascii"},
        )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "background: plage-\\xe9t\\xe9.jpg" in done.stdout


# ---- output to a pipe whose reader left (| head -1) ---------------------------------------


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written: every write fails
    try:
        return subprocess.run(
            [sys.executable, "-m", "zoomclone", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write_end)


def test_ctl_status_into_a_closed_pipe_is_quiet(address: Path) -> None:
    reply = json.dumps({"ok": True, "status": {"background": "white"}}).encode() + b"\n"
    with canned_server(address, reply):
        done = run_into_closed_pipe("ctl", "--socket", str(address), "status")
    assert done.stderr == b""
    assert done.returncode == 1


def test_doctor_into_a_closed_pipe_is_quiet() -> None:
    done = run_into_closed_pipe("doctor")
    assert done.stderr == b""
    assert done.returncode == 1


# ---- global hotkeys: quitting never waits for the X server --------------------------------


class StuckListener:
    """Like pynput's X listener: stop() is only noticed at the next key or mouse event."""

    def __init__(self, handlers: dict[str, Callable[[], None]]) -> None:
        self.event = threading.Event()
        self.thread = threading.Thread(target=self.event.wait, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        pass  # noticed only when an X event comes

    def join(self, timeout: float | None = None) -> None:
        self.thread.join(timeout)


def test_quitting_with_hotkeys_does_not_wait_for_the_next_x_event() -> None:
    listeners: list[StuckListener] = []

    def make(handlers: dict[str, Callable[[], None]]) -> StuckListener:
        listeners.append(StuckListener(handlers))
        return listeners[-1]

    keyboard = SimpleNamespace(GlobalHotKeys=make)
    hotkeys = GlobalHotkeys(lambda command: None, {"next": "ctrl+alt+n"}, keyboard=keyboard)
    hotkeys.__enter__()
    try:
        leaving, _ = in_thread(lambda: hotkeys.__exit__(None, None, None))
        leaving.join(WAIT_S)
        assert not leaving.is_alive()
    finally:
        listeners[0].event.set()  # the X event that finally comes


# ---- on demand: the watcher thread never dies leaving the camera off -----------------------


def test_a_failing_demand_watcher_leaves_the_camera_on(caplog: pytest.LogCaptureFixture) -> None:
    from zoomclone.live.on_demand import Demand, OnDemandConfig

    looks: list[int] = []

    def has_reader() -> bool:
        looks.append(1)
        if len(looks) > 1:
            raise ValueError("odd /proc entry")
        return False

    config = OnDemandConfig(poll_s=0.01, linger_s=0.0)
    with Demand(has_reader, config) as demand:
        deadline = time.monotonic() + WAIT_S
        while len(looks) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)
        assert demand.wanted.is_set()
    assert "the camera stays on" in caplog.text


def test_ctl_reads_a_busy_answer_given_before_its_request_was_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from zoomclone.control import client as control_client

    ours, server_end = socket.socketpair()
    server_end.sendall(b'{"ok": false, "error": "zoomclone is running but busy: try again"}\n')
    server_end.close()  # it answered and hung up before the request came: sending now is EPIPE
    monkeypatch.setattr(control_client, "_connect", lambda address, deadline: (ours, None))
    reply = send_command(["status"], tmp_path / "c.sock")
    assert reply == {"ok": False, "error": "zoomclone is running but busy: try again"}
