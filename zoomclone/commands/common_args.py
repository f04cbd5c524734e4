"""Arguments more than one command takes, and the checks of argument values (exit 2 when bad)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from zoomclone.config import MAX_FPS, MIN_FPS
from zoomclone.errors import UsageError
from zoomclone.models import DEFAULT_RUNTIME, MODELS, RUNTIMES

MAX_CRF = 51  # x264's worst quality


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """--config, for ``live`` and ``config``."""
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="config file (default: config.toml in your config folder, if it exists)",
    )


def add_background_and_model(
    parser: argparse.ArgumentParser, background: str, choices: str, model: str
) -> None:
    """The --background and --model options of the offline commands (``image``, ``video``)."""
    parser.add_argument(
        "--background",
        default=background,
        metavar="SPEC",
        help=f"{choices} (default: {background})",
    )
    parser.add_argument("--model", choices=sorted(MODELS), default=model, help=f"default: {model}")
    add_runtime_option(parser, DEFAULT_RUNTIME)


def add_runtime_option(parser: argparse.ArgumentParser, default: str | None) -> None:
    """--runtime: what runs the model (mediapipe needs the optional extra)."""
    parser.add_argument(
        "--runtime",
        choices=RUNTIMES,
        default=default,
        help="what runs the model; mediapipe needs pip install '.[mediapipe]' in the checkout "
        f"(default: {DEFAULT_RUNTIME})",
    )


def existing_input(path: str) -> str:
    """``path``, or UsageError (exit 2) when it names one file that does not exist: a missing
    input is a mistake in the command, as in ``zoomclone image``. Patterns and globs are left to
    the command."""
    if not any(c in path for c in "%*?[") and not os.path.lexists(path):
        raise UsageError(f"input video {path} does not exist: check the path")
    return path


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return int(text)


def crf(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_CRF:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to {MAX_CRF}, got {text!r}"
        )
    return int(text)


def fps(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not MIN_FPS <= value <= MAX_FPS:
        raise argparse.ArgumentTypeError(
            f"expected a number of frames per second from {MIN_FPS:g} to {MAX_FPS:g}, got {text!r}"
        )
    return value
