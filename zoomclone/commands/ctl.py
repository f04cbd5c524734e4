"""``zoomclone ctl``: send one command to the running zoomclone and print what it says."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from zoomclone.control.client import send_command
from zoomclone.control.commands import Action, parse_command
from zoomclone.errors import ControlError

STATUS_KEYS = (
    ("background", "background"),
    ("fps", "fps"),
    ("mask_age_frames", "mask age (frames)"),
    ("effect", "effect"),
    ("mirror", "mirror"),
    ("camera", "camera"),
    ("frames", "frames sent"),
    ("framing", "auto-framing"),
    ("light", "low-light lift"),
    ("touch_up", "skin touch-up (0 = off)"),
    ("overlay", "overlay"),
    ("edge_offset", "edge offset (px at 720p)"),
)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "ctl",
        help="control the running zoomclone (for desktop shortcuts)",
        description="Send one command to the running `zoomclone live`: next, prev, blur, "
        "blur 1|2|3|off, toggle, mirror, background NAME, reload, framing, light, touchup, "
        "touchup 0..1, overlay, edge grow|shrink|N, status, quit.",
    )
    parser.add_argument("words", nargs="+", metavar="COMMAND", help="e.g. next, or background NAME")
    parser.add_argument(
        "--socket", type=Path, metavar="PATH", help="control socket (default: the usual one)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return run_ctl(args.words, args.socket)


def run_ctl(words: list[str], address: Path | None = None) -> int:
    """Check the command here (usage errors exit 2), send it, print the reply; 0 when done."""
    command = parse_command(words)
    reply = send_command(words, address)
    if not reply.get("ok"):
        raise ControlError(f"zoomclone refused {' '.join(words)!r}: {reply.get('error')}")
    status: dict[str, Any] = reply.get("status") or {}
    if command.action is Action.STATUS:
        print(format_status(status))
    else:
        print(f"{' '.join(words)}: {outcome(command.action, status)}")
    return 0


def outcome(action: Action, status: dict[str, Any]) -> str:
    """What the command changed, as the running zoomclone reports it after applying it."""
    shows_background = "background" in status and "effect" in status
    if shows_background and action in (Action.NEXT, Action.PREV, Action.BACKGROUND, Action.BLUR):
        return f"background {status['background']}, effect {_text(status['effect'])}"
    if shows_background and action is Action.TOGGLE:
        return f"effect {_text(status['effect'])}, background {status['background']}"
    if action is Action.MIRROR and "mirror" in status:
        return _text(status["mirror"])
    return "sent"


def format_status(status: dict[str, Any]) -> str:
    """``key: value`` lines, the ones people look for first."""
    lines = [f"{label}: {_text(status[key])}" for key, label in STATUS_KEYS if key in status]
    names = status.get("backgrounds")
    if names:
        shown = names if isinstance(names, list) else [names]
        lines.append("backgrounds: " + ", ".join(map(str, shown)))
    return "\n".join(lines)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)
