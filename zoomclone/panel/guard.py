"""The panel's door: every request must name our host and port, come from our own page, and carry
the run's token.

- ``Host`` must be ``127.0.0.1:PORT`` or ``localhost:PORT``: a web page on another site whose name
  was pointed at 127.0.0.1 (DNS rebinding) sends its own name and is refused.
- ``Origin``, when the browser sends one, must be that same address: another site's script is
  refused even before the token is looked at.
- The token (random per run, 256 bits): GET and HEAD may carry it as ``?token=`` (the URL printed
  at start, the page's ``<img>`` tags) or in the ``X-Zoomclone-Token`` header; every other method
  must send the header, which a cross-site form cannot set. It is compared in constant time.

Every answer also carries headers that keep the page to itself: no referrer (the URL holds the
token), a strict content security policy, no framing, no caching of API answers.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from starlette.datastructures import Headers, QueryParams
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-zoomclone-token"
TOKEN_QUERY = "token"
READ_METHODS = frozenset({"GET", "HEAD"})
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
        b"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
)


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def refusal(
    method: str, headers: Mapping[str, str], query: Mapping[str, str], port: int, token: str
) -> str | None:
    """Why a request is refused, or None when it may pass."""
    hosts = allowed_hosts(port)
    if headers.get("host", "").lower() not in hosts:
        return "unexpected Host header: open the panel at the address `zoomclone panel` prints"
    origin = headers.get("origin")
    if origin is not None and origin.lower() not in {f"http://{h}" for h in hosts}:
        return "requests from other sites are refused"
    given = headers.get(TOKEN_HEADER)
    if given is None and method in READ_METHODS:
        given = query.get(TOKEN_QUERY)
    if given is None or not hmac.compare_digest(given.encode(), token.encode()):
        return "wrong or missing token: open the panel with `zoomclone panel`"
    return None


class Guard:
    """ASGI middleware: refuse with 403 (and the reason) what ``refusal`` refuses."""

    def __init__(self, app: ASGIApp, *, token: str, port: int) -> None:
        self.app = app
        self.token = token
        self.port = port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        reason = refusal(
            scope["method"],
            Headers(scope=scope),
            QueryParams(scope.get("query_string", b"")),
            self.port,
            self.token,
        )
        respond = PlainTextResponse(reason, status_code=403) if reason else self.app

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await respond(scope, receive, send_with_headers)
