"""``zoomclone doctor``: check the machine and print the fix for each problem (or JSON). Its
arguments; the report is in ``doctor_report``."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "doctor",
        help="check the camera, the virtual camera and the install; print the fixes",
        description="Check that this machine can run zoomclone: webcam, virtual camera device "
        "(v4l2loopback on Linux, OBS elsewhere), access rights, bundled models, the model runtime (LiteRT) and a "
        "display. Prints the command that fixes each problem. Exit code 1 when the virtual "
        "camera mode cannot run.",
    )
    parser.add_argument(
        "--json", action="store_true", help="every check as JSON (for bug reports and tools)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from zoomclone.commands.doctor_report import run_doctor

    return run_doctor(as_json_output=args.json)
