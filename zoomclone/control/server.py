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
import logging
import os
import secrets
import select
import socket
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from zoomclone.closing import ClosesOnExit
from zoomclone.control.commands import Action, Command, parse_command
from zoomclone.control.runtime_folder import runtime_dir
from zoomclone.errors import ControlError, UsageError
from zoomclone.names import find_name, unknown_name
from zoomclone.worker import Worker

log = logging.getLogger("zoomclone")

MAX_MESSAGE_BYTES = 1024
MAX_WORDS = 4
MAX_SOCKET_PATH_BYTES = 100  # sun_path holds 104 (macOS) to 108 (Linux) bytes
CLIENT_TIMEOUT_S = 1.0  # for a whole request, not per recv: a trickling client gets no longer
MAX_CLIENTS = 4  # served at once, each on its own short-lived thread; more are told "busy"
BACKLOG = 16
PROBE_TIMEOUT_S = 1.0
ACCEPT_POLL_S = 0.2
SOCKET_NAME = "control.sock"
TOKEN_NAME = "control.json"
PRIVATE_FILE_MODE = 0o600
WINDOWS = sys.platform == "win32"
NOT_RUNNING = "no zoomclone is running (start `zoomclone live` first)"
BUSY = "zoomclone is running but busy"
APPLY_TIMEOUT_S = 1.0  # within the client's 2 s: a stalled output loop still gets an answer


class Controllable(Protocol):
    """What the server drives: ``LivePipeline`` (thread-safe ``submit`` and ``status``)."""

    def submit(self, command: Command) -> object:
        """Falsy when the command could not be queued; an Event when the target sets it once the
        command is applied."""

    def status(self) -> dict[str, Any]: ...


class Refused(Exception):
    """A request the server answers with an error (never raised out of the server)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---- where the socket lives ---------------------------------------------------------------


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
    except (UnicodeDecodeError, ValueError, RecursionError):
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
            if find_name(command.argument or "", names) is None:
                raise Refused(unknown_name("background", command.argument or "", names))
        if command.action is not Action.STATUS:
            submitted = target.submit(command)
            if not submitted:
                raise Refused("too many commands waiting: try again")
            if isinstance(submitted, threading.Event):  # the reply shows the state it made
                submitted.wait(APPLY_TIMEOUT_S)
    except Refused as refused:
        return {"ok": False, "error": refused.reason}
    return {"ok": True, "status": target.status()}


def read_line(
    conn: socket.socket, limit: int = MAX_MESSAGE_BYTES, timeout_s: float = CLIENT_TIMEOUT_S
) -> bytes:
    """Bytes up to the first newline, all within ``timeout_s``; ``Refused`` past ``limit``.

    Raises TimeoutError (an OSError) when the whole line has not come in time.
    """
    deadline = time.monotonic() + timeout_s
    data = b""
    while b"\n" not in data:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no complete line within {timeout_s:g} s")
        conn.settimeout(remaining)
        chunk = conn.recv(limit + 1 - len(data))
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            raise Refused(f"message longer than {limit} bytes")
    return data.split(b"\n", 1)[0]


def _send(conn: socket.socket, reply: dict[str, Any]) -> None:
    """Send one reply line; a client that went away is not an error."""
    with contextlib.suppress(OSError):
        conn.settimeout(CLIENT_TIMEOUT_S)
        conn.sendall(json.dumps(reply).encode() + b"\n")


def _client_gone(conn: socket.socket) -> bool:
    """True when the client closed its end (it gave up waiting): its command is not applied.

    POLLHUP means both directions are shut, so a client that only half-closes after writing
    (``nc -N``) is still answered.
    """
    if not hasattr(select, "poll"):
        return False
    poller = select.poll()
    poller.register(conn, select.POLLHUP)
    return any(event & (select.POLLHUP | select.POLLERR) for _, event in poller.poll(0))


# ---- the server ---------------------------------------------------------------------------


class ControlServer(ClosesOnExit):
    """``with ControlServer(pipeline):`` answers ``zoomclone ctl`` on its own thread from the moment
    it is made (as a source opens its device when made): ``close()`` stops it.

    Up to MAX_CLIENTS clients are served at once, each on a short-lived thread with a deadline
    for its whole request, so a slow client delays neither others nor the exit. A request that
    fails in any way is answered with an error and logged: nothing a client sends stops the
    server. On exit every thread is joined and the socket file is removed.
    """

    def __init__(self, target: Controllable, address: Path | None = None) -> None:
        self.target = target
        self.address = address if address is not None else default_address()
        self._listener: socket.socket | None = None
        self._token: str | None = None
        self._inode: int | None = None
        self._worker = Worker("zoomclone-control", self._serve)
        self._slots = threading.BoundedSemaphore(MAX_CLIENTS)
        self._clients: set[Worker] = set()
        self._clients_lock = threading.Lock()
        self._listener = _listen_tcp(self) if WINDOWS else self._listen_unix()
        try:
            self._worker.start()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the thread, join it and its clients, close and remove the socket (safe twice)."""
        self._worker.stop()
        with self._clients_lock:
            clients = list(self._clients)
        for client in clients:
            client.stop(CLIENT_TIMEOUT_S * 2)  # each client is bounded by its own deadline
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
            self._remove_address()

    def _listen_unix(self) -> socket.socket:
        path = self.address
        if len(os.fsencode(path)) >= MAX_SOCKET_PATH_BYTES:
            raise ControlError(f"control socket path {path} is too long for a Unix socket")
        check_not_running(path)
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
        listener.listen(BACKLOG)
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
            if not self._slots.acquire(blocking=False):
                with conn:
                    _send(conn, {"ok": False, "error": f"{BUSY} with other clients: try again"})
                continue
            self._start_client(conn)

    def _start_client(self, conn: socket.socket) -> None:
        client = Worker("zoomclone-control-client", lambda _: self._client(conn, client))
        with self._clients_lock:
            self._clients.add(client)
        try:
            client.start()
        except RuntimeError:  # no thread to be had: say busy rather than let the server die
            with self._clients_lock:
                self._clients.discard(client)
            self._slots.release()
            with conn:
                _send(conn, {"ok": False, "error": f"{BUSY}: try again"})

    def _client(self, conn: socket.socket, client: Worker) -> None:
        """One client's request, on its own short-lived worker."""
        try:
            with conn:
                self._handle(conn)
        finally:
            with self._clients_lock:
                self._clients.discard(client)
            self._slots.release()

    def _handle(self, conn: socket.socket) -> None:
        try:
            raw = read_line(conn)
            if _client_gone(conn):
                return  # it gave up waiting: applying its command now would surprise the user
            reply = answer(self.target, raw, self._token)
        except Refused as refused:
            reply = {"ok": False, "error": refused.reason}
        except OSError:
            return  # the client went away or was too slow: nothing to answer
        except Exception as err:  # one request must never stop the server
            log.warning("a control request failed: %r", err)
            reply = {"ok": False, "error": f"the request failed: {type(err).__name__}"}
        _send(conn, reply)


def check_not_running(path: Path) -> None:
    """Remove a socket left by a crashed run; ControlError when a zoomclone is there.

    The probe never blocks: a listener whose queue is full (EAGAIN) or that does not accept in
    time is a running zoomclone, not a stale file.
    """
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise ControlError(f"{path} exists and is not a socket: remove it")
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(PROBE_TIMEOUT_S)
    try:
        probe.connect(str(path))
    except (ConnectionRefusedError, FileNotFoundError):
        path.unlink(missing_ok=True)
        return
    except OSError:
        pass  # busy or slow, but there
    finally:
        probe.close()
    raise ControlError(
        f"another zoomclone is already running (control socket {path}): stop it first, or "
        "run this one with --socket OTHER_PATH or --no-control-socket"
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
