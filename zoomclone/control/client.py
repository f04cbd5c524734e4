"""The client side of the control socket: what ``zoomclone ctl`` uses to reach ``zoomclone live``.

It tells three cases apart: nothing listens ("no zoomclone is running"), a zoomclone is there but
does not take or answer the command in time ("busy"), and a reply that is not what the server
sends ("answered something unreadable"). Every wait is bounded by one deadline.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from pathlib import Path
from typing import Any

from zoomclone.control.server import (
    BUSY,
    MAX_MESSAGE_BYTES,
    NOT_RUNNING,
    WINDOWS,
    Refused,
    default_address,
    encode_request,
    read_line,
)
from zoomclone.errors import ControlError

CONNECT_RETRY_S = 0.05
REPLY_PREVIEW_CHARS = 60
MAX_REPLY_BYTES = MAX_MESSAGE_BYTES * 64


def send_command(
    words: list[str], address: Path | None = None, timeout_s: float = 2.0
) -> dict[str, Any]:
    """Send one command to the running zoomclone; its reply, or ControlError."""
    address = address if address is not None else default_address()
    deadline = time.monotonic() + timeout_s
    conn, token = _connect(address, deadline)
    with conn:
        try:
            _send_request(conn, encode_request(words, token))
            line = read_line(conn, MAX_REPLY_BYTES, max(deadline - time.monotonic(), 0))
        except TimeoutError as err:
            raise ControlError(
                f"{BUSY}: it did not answer within {timeout_s:g} s; try again"
            ) from err
        except Refused as err:
            raise ControlError(
                f"the running zoomclone answered something unreadable: {err}"
            ) from err
        except OSError as err:
            raise ControlError(f"the running zoomclone did not answer: {err}") from err
    return parse_reply(line)


def _send_request(conn: socket.socket, request: bytes) -> None:
    """Send the request; a server that answered before reading it (busy) has closed its end,
    and its answer is still there to be read."""
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        conn.sendall(request)


def parse_reply(line: bytes) -> dict[str, Any]:
    """One reply line -> ``{"ok": True, "status": {...}}`` or ``{"ok": False, "error": "..."}``."""
    unreadable = ControlError(
        f"the running zoomclone answered something unreadable: {_preview(line)}"
    )
    try:
        reply = json.loads(line)
    except (ValueError, RecursionError) as err:
        raise unreadable from err
    if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
        raise unreadable
    if reply["ok"] and not isinstance(reply.get("status", {}), dict):
        raise unreadable
    if not reply["ok"] and not isinstance(reply.get("error"), str):
        raise unreadable
    return reply


def _preview(line: bytes) -> str:
    text = repr(line[:REPLY_PREVIEW_CHARS])
    return text + (f" ... ({len(line)} bytes)" if len(line) > REPLY_PREVIEW_CHARS else "")


def _connect(address: Path, deadline: float) -> tuple[socket.socket, str | None]:
    """A connection to the server; ControlError "not running" or "busy" when there is none."""
    while True:
        try:
            return _connect_once(address, max(deadline - time.monotonic(), 0.01))
        except (BlockingIOError, TimeoutError) as err:
            if time.monotonic() >= deadline:
                raise ControlError(
                    f"{BUSY}: it did not take the command in time ({address}); try again"
                ) from err
            time.sleep(CONNECT_RETRY_S)  # its queue is full (EAGAIN): ask again shortly
        except (OSError, ValueError, KeyError) as err:
            raise ControlError(f"{NOT_RUNNING}: cannot reach {address} ({err})") from err


def _connect_once(address: Path, timeout_s: float) -> tuple[socket.socket, str | None]:
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
