"""``zoomclone desktop install|uninstall`` (Linux): zoomclone in the app menu, with its icon."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zoomclone.desktop_entry import DesktopFiles, desktop_files, entry_text, icon_bytes
from zoomclone.errors import ServiceError


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "desktop",
        help="add zoomclone to the app menu (Linux)",
        description="install: an app-menu entry (~/.local/share/applications/zoomclone.desktop) "
        "with zoomclone's icon, opening the live preview. uninstall: remove them.",
    )
    parser.add_argument("action", choices=("install", "uninstall"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return run_desktop(args.action)


def run_desktop(action: str, environ: Mapping[str, str] | None = None) -> int:
    files = desktop_files(environ if environ is not None else os.environ)
    if action == "install":
        return install(files)
    return uninstall(files)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as err:
        raise ServiceError(f"cannot write {path}: {err}") from err


def install(files: DesktopFiles) -> int:
    for name, destination in files.icons:
        _write(destination, icon_bytes(name))
    _write(files.entry, entry_text().encode())
    print(f"zoomclone: wrote {files.entry} and its icon; look for zoomclone in the app menu")
    return 0


def uninstall(files: DesktopFiles) -> int:
    removed = 0
    for path in (files.entry, *(destination for _, destination in files.icons)):
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        except OSError as err:
            raise ServiceError(f"cannot remove {path}: {err}") from err
    print(f"zoomclone: removed {removed} file(s) ({files.entry} and its icons)")
    return 0
