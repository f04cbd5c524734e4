"""The control socket: ``zoomclone ctl next`` talks to a running ``zoomclone live``.

One request per connection, one JSON line each way:

    -> {"command": ["background", "beach.jpg"]}        (at most MAX_MESSAGE_BYTES)
    <- {"ok": true, "status": {...}}  or  {"ok": false, "error": "..."}

On Linux and macOS it is a Unix socket with mode 0600 in the user's runtime folder, so only the
same user can open it. On Windows it is a localhost TCP port; the port and a random token sit in a
file in the user's folder and every request must carry the token. A request is only ever parsed
into a ``Command``: nothing in it is executed.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import select
import socket
import stat
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol

import platformdirs

from zoomclone.closing import ClosesOnExit
from zoomclone.config import APP_NAME
from zoomclone.controls import Action, Command, parse_command
from zoomclone.errors import ControlError, UsageError
from zoomclone.worker import Worker

MAX_MESSAGE_BYTES = 1024
MAX_WORDS = 4
MAX_SOCKET_PATH_BYTES = 100  # sun_path holds 104 (macOS) to 108 (Linux) bytes
CLIENT_TIMEOUT_S = 1.0
ACCEPT_POLL_S = 0.2
SOCKET_NAME = "control.sock"
TOKEN_NAME = "control.json"
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
WINDOWS = sys.platform == "win32"
NOT_RUNNING = "no zoomclone is running (start `zoomclone live` first)"


class Controllable(Protocol):
    """What the server drives: ``LivePipeline`` (thread-safe ``submit`` and ``status``)."""

    def submit(self, command: Command) -> bool: ...

    def status(self) -> dict[str, Any]: ...


class Refused(Exception):
    """A request the server answers with an error (never raised out of the server)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---- where the socket lives ---------------------------------------------------------------


def runtime_dir() -> Path:
    """A folder only this user can enter: the platform's runtime folder, or a private fallback."""
    if sys.platform.startswith("linux") and not os.environ.get("XDG_RUNTIME_DIR"):
        return _private_dir(Path(tempfile.gettempdir()) / f"{APP_NAME}-{os.getuid()}")
    return _private_dir(Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False)))


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if not WINDOWS:
        info = path.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise ControlError(
                f"{path} is not private (owner {info.st_uid}, mode {stat.S_IMODE(info.st_mode):o}):"
                " remove it or set XDG_RUNTIME_DIR"
            )
    return path


def default_address() -> Path:
    """The socket file (Unix) or the port-and-token file (Windows)."""
    return runtime_dir() / (TOKEN_NAME if WINDOWS else SOCKET_NAME)


# ---- requests -----------------------------------------------------------------------------


def encode_request(words: list[str], token: str | None = None) -> bytes:
    message: dict[str, Any] = {"command": words}
    if token is not None:
        message["token"] = token
    return json.dumps(message).encode() + b"\n"


def decode_request(raw: bytes, token: str | None = None) -> Command:
    """One request line -> Command; ``Refused`` for anything malformed, oversized or unknown."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise Refused(f"message longer than {MAX_MESSAGE_BYTES} bytes")
    try:
        message = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused('malformed message: expected one JSON line {"command": [...]}') from None
    if not isinstance(message, dict) or set(message) - {"command", "token"}:
        raise Refused('malformed message: expected {"command": [...]}')
    if token is not None and not hmac.compare_digest(str(message.get("token", "")), token):
        raise Refused("wrong or missing token")
    words = message.get("command")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise Refused("malformed message: command must be a list of strings")
    if len(words) > MAX_WORDS:
        raise Refused("malformed message: too many words")
    try:
        return parse_command(words)
    except UsageError as err:
        raise Refused(str(err)) from None


def answer(target: Controllable, raw: bytes, token: str | None = None) -> dict[str, Any]:
    """The reply to one request line."""
    try:
        command = decode_request(raw, token)
        if command.action is Action.BACKGROUND:
            names = target.status().get("backgrounds", [])
            if command.argument not in names:
                raise Refused(
                    f"no background named {command.argument!r}: choose one of " + ", ".join(names)
                )
        if command.action is not Action.STATUS and not target.submit(command):
            raise Refused("too many commands waiting: try again")
    except Refused as refused:
        return {"ok": False, "error": refused.reason}
    return {"ok": True, "status": target.status()}


def read_line(conn: socket.socket, limit: int = MAX_MESSAGE_BYTES) -> bytes:
    """Bytes up to the first newline; ``Refused`` past ``limit``. Raises OSError on timeout."""
    data = b""
    while b"\n" not in data:
        chunk = conn.recv(limit + 1 - len(data))
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            raise Refused(f"message longer than {limit} bytes")
    return data.split(b"\n", 1)[0]


# ---- the server ---------------------------------------------------------------------------


class ControlServer(ClosesOnExit):
    """``with ControlServer(pipeline):`` answers ``zoomclone ctl`` on its own thread.

    One client at a time, each with a short timeout; the thread stops and is joined on exit,
    and the socket file is removed.
    """

    def __init__(self, target: Controllable, address: Path | None = None) -> None:
        self.target = target
        self.address = address if address is not None else default_address()
        self._listener: socket.socket | None = None
        self._token: str | None = None
        self._inode: int | None = None
        self._worker = Worker("zoomclone-control", self._serve)

    def __enter__(self) -> ControlServer:
        self._listener = _listen_tcp(self) if WINDOWS else self._listen_unix()
        self._worker.start()
        return self

    def close(self) -> None:
        """Stop the thread, join it, close and remove the socket (safe twice)."""
        self._worker.stop()
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
            self._remove_address()

    def _listen_unix(self) -> socket.socket:
        path = self.address
        if len(os.fsencode(path)) >= MAX_SOCKET_PATH_BYTES:
            raise ControlError(f"control socket path {path} is too long for a Unix socket")
        _clear_stale(path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)
        try:
            listener.bind(str(path))
        except OSError as err:
            listener.close()
            raise ControlError(f"cannot create the control socket {path}: {err}") from err
        finally:
            os.umask(old_umask)
        os.chmod(path, PRIVATE_FILE_MODE)
        self._inode = path.stat().st_ino
        listener.listen(1)
        return listener

    def _remove_address(self) -> None:
        with contextlib.suppress(OSError):
            if self._inode is None or self.address.stat().st_ino == self._inode:
                self.address.unlink()

    def _serve(self, stopping: threading.Event) -> None:
        assert self._listener is not None
        while not stopping.is_set():
            ready, _, _ = select.select([self._listener], [], [], ACCEPT_POLL_S)
            if not ready:
                continue
            try:
                conn, _ = self._listener.accept()
            except OSError:
                continue
            with conn:
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(CLIENT_TIMEOUT_S)
        try:
            try:
                reply = answer(self.target, read_line(conn), self._token)
            except Refused as refused:
                reply = {"ok": False, "error": refused.reason}
            conn.sendall(json.dumps(reply).encode() + b"\n")
        except OSError:
            return  # the client went away or was too slow: nothing to answer


def _clear_stale(path: Path) -> None:
    """Remove a socket left by a crashed run; refuse when a live zoomclone answers on it."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise ControlError(f"{path} exists and is not a socket: remove it")
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
    except OSError:
        path.unlink()
        return
    finally:
        probe.close()
    raise ControlError(
        f"another zoomclone is already running (control socket {path}): stop it first"
    )


def _listen_tcp(server: ControlServer) -> socket.socket:
    """Windows: a localhost port, announced with a random token in a file only we can read."""
    listener = socket.create_server(("127.0.0.1", 0))
    server._token = secrets.token_urlsafe(32)
    port = listener.getsockname()[1]
    fd = os.open(server.address, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w") as file:
        json.dump({"port": port, "token": server._token}, file)
    return listener


# ---- the client ---------------------------------------------------------------------------


def send_command(
    words: list[str], address: Path | None = None, timeout_s: float = 2.0
) -> dict[str, Any]:
    """Send one command to the running zoomclone; its reply, or ControlError."""
    address = address if address is not None else default_address()
    try:
        conn, token = _connect(address, timeout_s)
    except (OSError, ValueError, KeyError) as err:
        raise ControlError(f"{NOT_RUNNING}: cannot reach {address} ({err})") from err
    with conn:
        try:
            conn.sendall(encode_request(words, token))
            line = read_line(conn, MAX_MESSAGE_BYTES * 64)
        except (OSError, Refused) as err:
            raise ControlError(f"the running zoomclone did not answer: {err}") from err
    try:
        reply = json.loads(line)
    except ValueError as err:
        raise ControlError(
            f"the running zoomclone answered something unreadable: {line!r}"
        ) from err
    if not isinstance(reply, dict):
        raise ControlError(f"the running zoomclone answered something unreadable: {line!r}")
    return reply


def _connect(address: Path, timeout_s: float) -> tuple[socket.socket, str | None]:
    if WINDOWS:
        info = json.loads(address.read_text())
        conn = socket.create_connection(("127.0.0.1", int(info["port"])), timeout_s)
        return conn, str(info["token"])
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout_s)
    try:
        conn.connect(str(address))
    except OSError:
        conn.close()
        raise
    return conn, None
