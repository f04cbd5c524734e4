"""Serving the panel: uvicorn on 127.0.0.1 in a worker thread, and the file that tells
``zoomclone panel`` where it is.

``with PanelServer(pipeline, tap):`` binds and listens on the port (free by default), makes the
run's token, writes ``panel.json`` (port, token, URL; mode 0600) into the runtime folder, and starts
a thread that imports the web framework and serves once the first frame is out (or after
FIRST_FRAME_WAIT_S): that import takes a few hundred milliseconds of CPU the first frame should not
share. A browser that connects sooner waits in the socket's backlog.
Leaving closes the preview streams, stops uvicorn, joins the thread and removes the file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import PanelError
from zoomclone.library import user_dir
from zoomclone.panel.preview import PreviewTap
from zoomclone.worker import Worker

if TYPE_CHECKING:
    import uvicorn

    from zoomclone.panel.server import PanelTarget

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
INFO_NAME = "panel.json"
START_POLL_S = 0.02
FIRST_FRAME_WAIT_S = 2.0
FIRST_FRAME_POLL_S = 0.1  # how soon close() is noticed while waiting
GRACEFUL_SHUTDOWN_S = 1
KEEP_ALIVE_S = 5
MAX_CONNECTIONS = 32
NOT_RUNNING = "no zoomclone panel is running: start `zoomclone live` (without --no-panel) first"


def panel_url(port: int, token: str) -> str:
    return f"http://{HOST}:{port}/?token={token}"


def info_path(control_socket: Path | None = None) -> Path:
    """Where a run tells ``zoomclone panel`` its address: ``panel.json`` in the runtime folder, or,
    for a run on its own ``--socket PATH``, ``PATH.panel.json`` beside that socket, so a second
    zoomclone never hides the first one's panel."""
    if control_socket is not None:
        return control_socket.with_name(control_socket.name + ".panel.json")
    from zoomclone.control.runtime_folder import runtime_dir

    return runtime_dir() / INFO_NAME


class PanelServer(ClosesOnExit):
    """The panel for one run of ``zoomclone live``."""

    def __init__(
        self,
        target: PanelTarget,
        tap: PreviewTap,
        *,
        port: int = 0,
        user_folder: Path | None = None,
        info_file: Path | None = None,
    ) -> None:
        self.target = target
        self.tap = tap
        self.requested_port = port
        self.user_folder = user_folder if user_folder is not None else user_dir()
        self.info_file = info_file
        self.token = secrets.token_urlsafe(32)
        self.port = 0
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()  # guards _server against close() while it is being made
        self._server: uvicorn.Server | None = None
        self._streams_stopping = threading.Event()
        self._worker = Worker("zoomclone-panel", self._serve)
        self._open()

    @property
    def url(self) -> str:
        return panel_url(self.port, self.token)

    def _open(self) -> None:
        """Bind the port, write the info file, start serving (as the control server does when
        made); ``close()`` undoes it."""
        self._socket = _bind(self.requested_port)
        self.port = self._socket.getsockname()[1]
        try:
            if self.info_file is None:
                self.info_file = info_path()
            try:
                write_info(
                    self.info_file, {"port": self.port, "token": self.token, "url": self.url}
                )
            except OSError as err:
                raise PanelError(
                    f"cannot write the panel's address to {self.info_file}: "
                    f"{err.strerror or err}: the folder must exist and be yours"
                ) from err
            self._worker.start()
        except BaseException:
            self.close()
            raise

    def _serve(self, stopping: threading.Event) -> None:
        """The worker thread: after the first frame, import the framework, build the app, serve
        until ``close()``."""
        deadline = time.monotonic() + FIRST_FRAME_WAIT_S
        while not self.tap.first_frame.wait(FIRST_FRAME_POLL_S) and time.monotonic() < deadline:
            if stopping.is_set():
                return
        import uvicorn

        from zoomclone.panel.server import PanelContext, build_app

        ctx = PanelContext(self.target, self.tap, self.token, self.port, self.user_folder)
        ctx.stopping = self._streams_stopping
        config = uvicorn.Config(
            build_app(ctx),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
            timeout_keep_alive=KEEP_ALIVE_S,
            limit_concurrency=MAX_CONNECTIONS,
        )
        server = uvicorn.Server(config)
        with self._lock:
            if stopping.is_set():
                return
            self._server = server
        assert self._socket is not None
        server.run(sockets=[self._socket])
        if not server.started:
            log.warning("the panel could not start on %s:%d", HOST, self.port)

    def wait_serving(self, timeout_s: float) -> bool:
        """True once uvicorn answers (for tests and benchmarks; users need not wait)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and self._worker.alive:
            server = self._server
            if server is not None and server.started:
                return True
            time.sleep(START_POLL_S)
        return False

    def begin_close(self) -> None:
        """Ask the streams and uvicorn to stop, without waiting: callers with more to release call
        this first, so the server winds down meanwhile (safe twice, any thread)."""
        self._streams_stopping.set()
        self.tap.close()
        with self._lock:
            self._worker.stopping.set()
            if self._server is not None:
                self._server.should_exit = True
                self._server.force_exit = True  # the streams end on their own; no grace needed

    def close(self) -> None:
        """End the streams, stop uvicorn, join its thread, remove the file (safe twice)."""
        self.begin_close()
        self._worker.stop()
        sock, self._socket = self._socket, None
        if sock is not None:
            sock.close()
        if self.info_file is not None:
            _remove_if_ours(self.info_file, self.token)


def _bind(port: int) -> socket.socket:
    try:
        sock = socket.create_server((HOST, port))
    except OSError as err:
        raise PanelError(
            f"cannot serve the panel on {HOST}:{port} ({os.strerror(err.errno) if err.errno else err}): "
            "choose another --panel-port, or 0 for any free one"
        ) from err
    sock.set_inheritable(False)
    return sock


def write_info(path: Path, info: dict[str, Any]) -> None:
    """Write the file atomically with mode 0600 (mkstemp's mode), in its own folder."""
    fd, temp = tempfile.mkstemp(prefix=".panel-", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as file:
            json.dump(info, file)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def read_info(path: Path | None = None) -> dict[str, Any]:
    """The running panel's port, token and URL; ``PanelError`` when none answers."""
    path = path if path is not None else info_path()
    try:
        info = json.loads(path.read_text())
        port, token = int(info["port"]), str(info["token"])
    except (OSError, ValueError, KeyError, TypeError):
        raise PanelError(NOT_RUNNING) from None
    try:
        socket.create_connection((HOST, port), timeout=1.0).close()
    except OSError:
        raise PanelError(NOT_RUNNING) from None
    return {"port": port, "token": token, "url": panel_url(port, token)}


def _remove_if_ours(path: Path, token: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_text()).get("token") == token:
            path.unlink()
