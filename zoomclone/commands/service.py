"""``zoomclone service install|uninstall|status|logs``: zoomclone ready at every login."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zoomclone.autostart import ServiceFile, service_file_for
from zoomclone.autostart.launch import LINUX, MACOS
from zoomclone.autostart.launchd import LABEL
from zoomclone.autostart.session import is_active, systemctl, user_manager_reads
from zoomclone.autostart.systemd import UNIT_NAME
from zoomclone.commands.ctl import format_status
from zoomclone.control.client import send_command
from zoomclone.errors import ControlError, ServiceError

NOT_RUNNING_EXIT = 3  # as `systemctl status` says "not running"
LOG_LINES = 100
ENABLE_BY_HAND = f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}"
DISABLE_BY_HAND = f"systemctl --user disable --now {UNIT_NAME}"
ACTIONS = ("install", "uninstall", "status", "logs")


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "service",
        help="start zoomclone at login (systemd user unit, LaunchAgent, Startup entry)",
        description="install: start `zoomclone live` with the on-demand camera at every login "
        "(Linux: a systemd user unit; macOS: a LaunchAgent; Windows: a Startup entry). "
        "uninstall: remove it. status: is it running, at what fps, with the camera on or off "
        "(exit 3 when not running). logs: what it printed.",
    )
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument(
        "--socket",
        type=Path,
        metavar="PATH",
        help="status: control socket (default: the usual one)",
    )
    parser.add_argument("-f", "--follow", action="store_true", help="logs: keep printing new lines")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return run_service(args.action, socket=args.socket, follow=args.follow)


def run_service(
    action: str,
    *,
    socket: Path | None = None,
    follow: bool = False,
    system: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    system = system or platform.system()
    item = service_file_for(system, environ if environ is not None else os.environ)
    if action == "install":
        return install(item, system)
    if action == "uninstall":
        return uninstall(item, system)
    if action == "status":
        return status(item, system, socket)
    return logs(item, system, follow)


def install(item: ServiceFile, system: str) -> int:
    try:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        item.path.write_text(item.text, newline="")
    except OSError as err:
        raise ServiceError(f"cannot write {item.path}: {err}") from err
    print(f"zoomclone: wrote {item.path}")
    if system == LINUX:
        _start_linux(item)
    elif system == MACOS:
        print(f"zoomclone: it starts at your next login; to start it now: {_launchctl(item)}")
    else:
        print(f'zoomclone: it starts at your next login; to start it now: "{item.path}"')
    if system != LINUX:
        print("zoomclone: note: the on-demand camera is Linux only: here the webcam stays on")
    return 0


def _start_linux(item: ServiceFile) -> None:
    if not user_manager_reads(item.path):
        print(
            f"zoomclone: no systemd user session reads it here; to start it, run: {ENABLE_BY_HAND}"
        )
        return
    systemctl("daemon-reload")
    systemctl("enable", UNIT_NAME)
    systemctl("restart", UNIT_NAME)  # a second install runs the new ExecStart at once
    print("zoomclone: enabled and started; `zoomclone service status` shows how it runs")


def _launchctl(item: ServiceFile) -> str:
    return f"launchctl bootstrap gui/$(id -u) {item.path}"


def uninstall(item: ServiceFile, system: str) -> int:
    if not item.path.exists():
        print(f"zoomclone: no service installed ({item.path} does not exist)")
        return 0
    if system == LINUX and user_manager_reads(item.path):
        systemctl("disable", "--now", UNIT_NAME)
    try:
        item.path.unlink()
    except OSError as err:
        raise ServiceError(f"cannot remove {item.path}: {err}") from err
    print(f"zoomclone: removed {item.path}")
    if system == LINUX and user_manager_reads(item.path):
        systemctl("daemon-reload")
    elif system == LINUX:
        print(f"zoomclone: if it was started, stop it with: {DISABLE_BY_HAND}")
    elif system == MACOS:
        print(f"zoomclone: if it is running, stop it with: launchctl bootout gui/$(id -u)/{LABEL}")
    return 0


def status(item: ServiceFile, system: str, socket: Path | None) -> int:
    installed = f"installed ({item.path})" if item.path.exists() else "not installed"
    print(f"service: {installed}")
    if system == LINUX:
        print(f"systemd: {is_active() or 'no user session answers'}")
    try:
        reply = send_command(["status"], socket)
    except ControlError:
        print("zoomclone: not running (no zoomclone answers on the control socket)")
        return NOT_RUNNING_EXIT
    print("zoomclone: running")
    print(format_status(reply.get("status") or {}))
    return 0


def logs(item: ServiceFile, system: str, follow: bool) -> int:
    if system != LINUX:
        print(f"zoomclone: the service writes its output to {item.logs}")
        return 0
    if shutil.which("journalctl") is None:
        raise ServiceError("journalctl is not installed: the service logs to the systemd journal")
    command = ["journalctl", "--user", "-u", UNIT_NAME, "--no-pager", "-n", str(LOG_LINES)]
    return subprocess.call([*command, "-f"] if follow else command)
