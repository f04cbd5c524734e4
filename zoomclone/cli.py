"""The command line: the only place that prints errors and chooses exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from zoomclone import __version__
from zoomclone.errors import UsageError, ZoomcloneError
from zoomclone.models import MODELS

PROG = "zoomclone"
STILL_MODEL = "general"  # best on photos by measurement: docs/quality.md

Handler = Callable[[argparse.Namespace], int]


def _add_image_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "image",
        help="remove or replace the background of photos",
        description="Remove or replace the background of photos. Inputs may be files, globs or "
        "folders. Each result is a PNG (RGBA with --background transparent).",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="image file, glob or folder")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", type=Path, help="output file (one input only)")
    target.add_argument("--output-dir", type=Path, help="folder for DIR/<input stem>.png")
    parser.add_argument(
        "--background",
        default="white",
        metavar="SPEC",
        help="white, black, color:#RRGGBB, blur, blur:N, transparent, none, or an image path "
        "(default: white)",
    )
    parser.add_argument(
        "--model", choices=sorted(MODELS), default=STILL_MODEL, help=f"default: {STILL_MODEL}"
    )
    parser.set_defaults(handler=_run_image)


def _run_image(args: argparse.Namespace) -> int:
    from zoomclone.commands.image import run_image

    return run_image(
        inputs=args.inputs,
        output=args.output,
        output_dir=args.output_dir,
        background_spec=args.background,
        model=args.model,
    )


def _add_doctor_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "doctor",
        help="check the camera, the virtual camera and the install; print the fixes",
        description="Check that this machine can run zoomclone: webcam, virtual camera device "
        "(v4l2loopback on Linux, OBS elsewhere), access rights, bundled models, MediaPipe and a "
        "display. Prints the command that fixes each problem. Exit code 1 when the virtual "
        "camera mode cannot run.",
    )
    parser.set_defaults(handler=_run_doctor)


def _run_doctor(args: argparse.Namespace) -> int:
    from zoomclone.commands.doctor import run_doctor

    return run_doctor()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A virtual background for any video call, and background removal for photos "
        "and videos.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_image_command(commands)
    _add_doctor_command(commands)
    return parser


def error(message: str) -> None:
    """Print one error line on stderr."""
    print(f"{PROG}: error: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 runtime failure, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except UsageError as err:
        error(str(err))
        return err.exit_code
    except ZoomcloneError as err:
        error(str(err))
        return err.exit_code
    except KeyboardInterrupt:
        return 130
