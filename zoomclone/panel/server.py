"""The panel's web app (Starlette): the page, its API and the preview stream.

    GET    /                        the page (static/index.html, the token written into it)
    GET    /static/{file}           panel.css, panel.js
    GET    /api/status              the pipeline's status, CPU, latency, quality
    GET    /api/backgrounds         the gallery: every background in the cycle, the current marked
    GET    /api/thumb?name=NAME     one background's thumbnail (JPEG)
    GET    /api/checks              the doctor's virtual-camera checks with their fixes
    GET    /api/preview             the live preview (MJPEG: multipart/x-mixed-replace)
    GET    /api/snapshot            one preview frame (JPEG)
    POST   /api/command             {"command": ["next"]}: the same words and checks as ``ctl``
    POST   /api/backgrounds         the file's bytes as the body (X-Filename: its name): a new one
    DELETE /api/backgrounds/{name}  remove one of the user's own backgrounds

Only POST and DELETE change anything. Every request passes ``Guard`` first. Commands reach the
pipeline through ``submit`` like keys and ``ctl``; the answer waits (briefly) until the output
loop has applied them, so the page shows the new state at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from zoomclone.backgrounds import BackgroundCycle
from zoomclone.control.commands import Action, Command
from zoomclone.control.server import MAX_MESSAGE_BYTES, answer
from zoomclone.live.stats import Stats
from zoomclone.panel.gallery import Thumbnails, entry
from zoomclone.panel.guard import Guard
from zoomclone.panel.preview import PreviewTap, TooManyWatchers
from zoomclone.panel.status import CachedChecks, CpuMeter, panel_status
from zoomclone.panel.uploads import MAX_UPLOAD_BYTES, UploadRefused, delete_upload, save_upload

STATIC_DIR = Path(__file__).resolve().parent / "static"
TOKEN_PLACEHOLDER = "__ZOOMCLONE_TOKEN__"
APPLY_WAIT_S = 0.5  # how long an answer waits for the output loop to apply a command
APPLY_FRAMES = 2  # frames after which a submitted command has surely been applied
APPLY_POLL_S = 0.01
PREVIEW_WAIT_S = 0.5  # a stream checks this often whether the panel is closing
SNAPSHOT_WAIT_S = 3.0
BOUNDARY = "frame"


class PanelTarget(Protocol):
    """What the panel drives: ``LivePipeline``."""

    @property
    def backgrounds(self) -> BackgroundCycle: ...

    @property
    def stats(self) -> Stats: ...

    def submit(self, command: Command) -> object:
        """Falsy when the command could not be queued (as ``Controllable.submit``)."""

    def status(self) -> dict[str, Any]: ...


@dataclass
class PanelContext:
    """Everything the routes share; ``stopping`` ends the preview streams."""

    target: PanelTarget
    tap: PreviewTap
    token: str
    port: int
    user_folder: Path
    checks: CachedChecks = field(default_factory=CachedChecks)
    cpu: CpuMeter = field(default_factory=CpuMeter)
    thumbnails: Thumbnails = field(default_factory=Thumbnails)
    stopping: threading.Event = field(default_factory=threading.Event)
    reloading: threading.Lock = field(default_factory=threading.Lock)


def build_app(ctx: PanelContext) -> Guard:
    """The Starlette app behind the ``Guard``."""
    routes = [
        Route("/", partial(page, ctx), methods=["GET"]),
        Route("/api/status", partial(status, ctx), methods=["GET"]),
        Route("/api/backgrounds", partial(gallery, ctx), methods=["GET"]),
        Route("/api/backgrounds", partial(upload, ctx), methods=["POST"]),
        Route("/api/backgrounds/{name}", partial(remove, ctx), methods=["DELETE"]),
        Route("/api/thumb", partial(thumb, ctx), methods=["GET"]),
        Route("/api/checks", partial(checks, ctx), methods=["GET"]),
        Route("/api/preview", partial(preview, ctx), methods=["GET"]),
        Route("/api/snapshot", partial(snapshot, ctx), methods=["GET"]),
        Route("/api/command", partial(command, ctx), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    return Guard(Starlette(routes=routes), token=ctx.token, port=ctx.port)


def _error(status_code: int, reason: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": reason}, status_code=status_code)


async def page(ctx: PanelContext, request: Request) -> Response:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html.replace(TOKEN_PLACEHOLDER, ctx.token))


async def status(ctx: PanelContext, request: Request) -> Response:
    target = ctx.target
    body = panel_status(target.status(), target.stats, ctx.cpu)
    return JSONResponse({**body, "preview_watchers": ctx.tap.watchers})


async def gallery(ctx: PanelContext, request: Request) -> Response:
    current = ctx.target.status()["background"]
    entries = [entry(b, ctx.user_folder) for b in list(ctx.target.backgrounds.backgrounds)]
    return JSONResponse(
        {
            "backgrounds": [e.as_json(current) for e in entries],
            "user_folder": str(ctx.user_folder),
        }
    )


async def thumb(ctx: PanelContext, request: Request) -> Response:
    name = request.query_params.get("name", "")
    for background in list(ctx.target.backgrounds.backgrounds):
        if background.name == name:
            jpeg = await anyio.to_thread.run_sync(ctx.thumbnails.jpeg, background)
            return Response(jpeg, media_type="image/jpeg")
    return _error(404, f"no background named {name!r}")


async def checks(ctx: PanelContext, request: Request) -> Response:
    return JSONResponse({"checks": await anyio.to_thread.run_sync(ctx.checks.get)})


def _wait_applied(target: PanelTarget, frames_before: int) -> None:
    deadline = time.monotonic() + APPLY_WAIT_S
    while time.monotonic() < deadline:
        if target.status()["frames"] >= frames_before + APPLY_FRAMES:
            return
        time.sleep(APPLY_POLL_S)


async def _submit_and_wait(target: PanelTarget, raw: bytes) -> dict[str, Any]:
    frames_before = target.status()["frames"]
    reply = await anyio.to_thread.run_sync(answer, target, raw)  # it waits until applied
    if reply.get("ok"):
        await anyio.to_thread.run_sync(_wait_applied, target, frames_before)
        reply["status"] = target.status()
    return reply


async def command(ctx: PanelContext, request: Request) -> Response:
    raw = await _read_body(request, MAX_MESSAGE_BYTES)
    if raw is None:
        return _error(413, f"a command is at most {MAX_MESSAGE_BYTES} bytes")
    reply = await _submit_and_wait(ctx.target, raw)
    return JSONResponse(reply, status_code=200 if reply.get("ok") else 400)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is longer than ``limit`` (nothing past it is read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def _reload(ctx: PanelContext) -> list[str]:
    """Decode the backgrounds here, then have the output loop swap them in (``reload``); the names
    in the cycle afterwards. One reload at a time, so each swaps in its own staging."""
    with ctx.reloading:
        ctx.target.backgrounds.stage_reload()
        frames_before = ctx.target.status()["frames"]
        if ctx.target.submit(Command(Action.RELOAD)):
            _wait_applied(ctx.target, frames_before)
        return list(ctx.target.status()["backgrounds"])


async def upload(ctx: PanelContext, request: Request) -> Response:
    data = await _read_body(request, MAX_UPLOAD_BYTES)
    if data is None:
        return _error(413, f"file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    client_name = unquote(request.headers.get("x-filename", ""))[:200]
    try:
        path = await anyio.to_thread.run_sync(save_upload, data, client_name, ctx.user_folder)
    except UploadRefused as refused:
        return _error(refused.status, refused.reason)
    names = await anyio.to_thread.run_sync(_reload, ctx)
    return JSONResponse(
        {"ok": True, "name": path.name, "in_cycle": path.name in names}, status_code=201
    )


async def remove(ctx: PanelContext, request: Request) -> Response:
    name = request.path_params["name"]
    try:
        await anyio.to_thread.run_sync(delete_upload, name, ctx.user_folder)
    except UploadRefused as refused:
        return _error(refused.status, refused.reason)
    await anyio.to_thread.run_sync(_reload, ctx)
    return JSONResponse({"ok": True, "name": name})


async def preview(ctx: PanelContext, request: Request) -> Response:
    if ctx.tap.watchers >= ctx.tap.config.max_watchers:
        return _error(503, f"at most {ctx.tap.config.max_watchers} previews at once")
    return StreamingResponse(
        _frames(ctx), media_type=f"multipart/x-mixed-replace; boundary={BOUNDARY}"
    )


async def _frames(ctx: PanelContext) -> AsyncIterator[bytes]:
    """MJPEG parts until the panel closes or the client goes (Starlette cancels us then)."""
    tap = ctx.tap
    with ExitStack() as stack:
        try:
            stack.enter_context(tap.watching())
        except TooManyWatchers:
            return
        seen = 0
        while not ctx.stopping.is_set():
            found = await anyio.to_thread.run_sync(_next_jpeg, tap, seen)
            if found is None:
                if tap.closed:
                    return
                continue
            seen, jpeg = found
            head = (
                f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n"
            )
            yield head.encode() + jpeg + b"\r\n"


def _next_jpeg(tap: PreviewTap, seen: int) -> tuple[int, bytes] | None:
    """On a worker thread: wait for a preview frame newer than ``seen`` and encode it (one hop
    between the event loop and the threads per frame)."""
    letter = tap.wait_newer(seen, PREVIEW_WAIT_S)
    return (letter.seq, tap.jpeg(letter.item)) if letter is not None else None


def _one_frame(tap: PreviewTap) -> bytes | None:
    with tap.watching():
        newest = tap.wait_newer(0, 0)
        letter = tap.wait_newer(newest.seq if newest else 0, SNAPSHOT_WAIT_S)
    return tap.jpeg(letter.item) if letter is not None else None


async def snapshot(ctx: PanelContext, request: Request) -> Response:
    try:
        jpeg = await anyio.to_thread.run_sync(_one_frame, ctx.tap)
    except TooManyWatchers as err:
        return _error(503, str(err))
    if jpeg is None:
        return _error(503, "no frame yet: is the camera running?")
    return Response(jpeg, media_type="image/jpeg")
