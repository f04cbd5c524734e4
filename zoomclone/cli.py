"""The command line: the top-level parser, dispatch to the commands, and the error edge (the only
place that prints errors and chooses exit codes). Each command is a module of
``zoomclone.commands`` with ``register(subcommands)`` (its arguments) and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from zoomclone import __version__
from zoomclone.commands import (
    config,
    ctl,
    desktop,
    doctor,
    image,
    live,
    panel,
    service,
    video,
)
from zoomclone.errors import UsageError, ZoomcloneError
from zoomclone.signals import exit_code

PROG = "zoomclone"
LOG_HANDLER_NAME = "zoomclone-terminal"
COMMANDS = (live, image, video, ctl, panel, config, doctor, service, desktop)  # in --help's order

Handler = Callable[[argparse.Namespace], int]


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (what is wrong, and where the help is), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = OneLineErrorParser(
        prog=PROG,
        description="A virtual background for any video call, and background removal for photos "
        "and videos.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=OneLineErrorParser
    )
    for command in COMMANDS:
        command.register(commands)
    return parser


def with_default_command(argv: Sequence[str], parser: argparse.ArgumentParser) -> list[str]:
    """``zoomclone [live options]`` means ``zoomclone live [live options]``."""
    args = list(argv)
    commands = _command_names(parser)
    if not args or (args[0].startswith("-") and args[0] not in ("-h", "--help", "--version")):
        return ["live", *args]
    if args[0] not in commands and not args[0].startswith("-"):
        return args
    return args


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    return set(_commands(parser))


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command_parser(
    parser: argparse.ArgumentParser, command: str | None
) -> argparse.ArgumentParser:
    """The parser of ``command`` (the top-level one when there is none)."""
    return _commands(parser).get(command or "", parser)


def error(message: str) -> None:
    """Print one error line on stderr."""
    print(f"{PROG}: error: {message}", file=sys.stderr)


def quiet_opencv() -> None:
    """Keep OpenCV's and FFmpeg's own warnings (a missing camera, a file that is not a video) out
    of the terminal: zoomclone says it better, in one line."""
    os.environ.setdefault(
        "OPENCV_FFMPEG_LOGLEVEL", "-8"
    )  # AV_LOG_QUIET, read at FFmpeg's first use
    import cv2

    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)


def show_warnings() -> None:
    """Warnings logged while running (a camera unplugged, a background gone bad) reach the
    terminal as one line each, prefixed like every other line zoomclone prints."""
    logger = logging.getLogger(PROG)
    for old in [h for h in logger.handlers if h.get_name() == LOG_HANDLER_NAME]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(LOG_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(f"{PROG}: %(message)s"))
    logger.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 runtime failure, 2 usage error)."""
    _tolerant_stdout()
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe must fail here, not at exit
    except BrokenPipeError:
        return _reader_gone()
    return code


def _tolerant_stdout() -> None:
    """A name or status the terminal's encoding cannot show is escaped, never a traceback."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def _reader_gone() -> int:
    """The reader of our output left (``| head -1``): stop quietly, as Python's docs advise."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit has somewhere to go
        os.close(devnull)
    return 1


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(
        with_default_command(sys.argv[1:] if argv is None else argv, parser)
    )
    if unknown:  # said by the command's parser, so the line points to that command's --help
        _command_parser(parser, args.command).error(f"unrecognized arguments: {' '.join(unknown)}")
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    quiet_opencv()
    show_warnings()
    try:
        return handler(args)
    except UsageError as err:
        error(str(err))
        return err.exit_code
    except ZoomcloneError as err:
        error(str(err))
        return err.exit_code
    except KeyboardInterrupt as interrupt:
        return exit_code(interrupt)


def run() -> NoReturn:
    """The program: ``main()``, then exit. ``gc.freeze()`` first spares the interpreter's last
    collection a walk over every object left (the panel's web framework leaves many: that walk
    took 0.5 of the 0.7 s from Ctrl-C to exit on a loaded 2-core machine)."""
    code = main()
    gc.freeze()
    raise SystemExit(code)
