"""``zoomclone panel``: open the running zoomclone's control panel in the default browser."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from zoomclone.paths import expand


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "panel",
        help="open the running zoomclone's control panel in your browser",
        description="Find the running `zoomclone live` and open its control panel (preview, "
        "backgrounds, effects, status) in the default browser. Prints the address too.",
    )
    parser.add_argument(
        "--no-open", action="store_true", help="only print the address, do not start a browser"
    )
    parser.add_argument(
        "--socket",
        type=Path,
        metavar="PATH",
        help="the panel of the zoomclone started with `live --socket PATH` "
        "(default: the usual one)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    socket = expand(args.socket) if args.socket is not None else None
    return run_panel(open_browser=not args.no_open, socket=socket)


def run_panel(open_browser: bool = True, socket: Path | None = None) -> int:
    """Print the panel's address and open it; ``PanelError`` when no panel is running."""
    import webbrowser

    from zoomclone.panel.runner import info_path, read_info

    url = str(read_info(info_path(socket))["url"])
    print(f"zoomclone: panel {url}")
    if open_browser and not webbrowser.open(url):
        print("zoomclone: no browser found here: open the address above in one")
    return 0
