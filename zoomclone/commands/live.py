"""``zoomclone live``: camera (or a video file) in, virtual camera / preview / file out.

Its arguments, and the options they make: defaults < config file < flags (``LiveOptions``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from zoomclone.commands import common_args
from zoomclone.commands.live_controls import add_control_options
from zoomclone.config import LiveConfig, default_config_path, load_config, override, parse_size
from zoomclone.effects.options import add_effect_options, effect_overrides
from zoomclone.live.options import CAMERA_SIZE, DEFAULT_FIT, FITS, LiveOptions
from zoomclone.models import MODELS
from zoomclone.paths import expand, expand_text


def register(commands: argparse._SubParsersAction[Any]) -> None:
    defaults = LiveConfig()
    parser = commands.add_parser(
        "live",
        help="run the virtual camera (the default command)",
        description="Read the webcam (or a video file), put you on a virtual background and send "
        "the result to a virtual camera that Zoom, Teams or Meet can select.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--camera",
        metavar="INDEX|PATH",
        help=f"webcam index or device path (default: {defaults.camera})",
    )
    source.add_argument(
        "--input",
        dest="input_video",
        metavar="VIDEO",
        help="a video file instead of a camera, looped at its own fps",
    )
    parser.add_argument(
        "--unpaced", action="store_true", help="with --input: run as fast as possible"
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        help="frame size to ask the camera for "
        f"(default: {CAMERA_SIZE[0]}x{CAMERA_SIZE[1]}), or to scale --input to "
        "(default: the input's own size)",
    )
    parser.add_argument(
        "--fit",
        choices=FITS,
        default=DEFAULT_FIT,
        help="with --input and --size of another shape: crop to fill (cover), black bars "
        f"(contain) or stretch (default: {DEFAULT_FIT})",
    )
    parser.add_argument(
        "--fps",
        type=common_args.fps,
        help=f"camera frame rate to ask for (default: {defaults.fps:g})",
    )
    parser.add_argument(
        "--background",
        action="append",
        metavar="SPEC",
        help="repeatable; a folder adds every image/video in it; the keys cycle through them "
        "(SPEC: image/video/GIF/folder path, contain:PATH, library, blur, blur:N, white, black, "
        f"color:#RRGGBB, none; default: {', '.join(defaults.backgrounds)})",
    )
    parser.add_argument("--model", choices=sorted(MODELS), help=f"default: {defaults.model}")
    common_args.add_runtime_option(parser, None)
    parser.add_argument(
        "--output",
        action="append",
        metavar="virtual|preview|null|PATH",
        help="repeatable (default: virtual, plus preview when there is a display)",
    )
    parser.add_argument(
        "--vcam-device", metavar="DEV", help="virtual camera device, e.g. /dev/video10"
    )
    parser.add_argument(
        "--vcam-backend",
        metavar="NAME",
        help="pyvirtualcam backend: v4l2loopback, obs, unitycapture, record",
    )
    parser.add_argument(
        "--mirror", action=argparse.BooleanOptionalAction, help="flip the picture left-right"
    )
    parser.add_argument(
        "--frames", type=common_args.positive_int, metavar="N", help="stop after N output frames"
    )
    parser.add_argument(
        "--stats-json", type=Path, metavar="PATH", help="write run statistics here at exit"
    )
    common_args.add_config_option(parser)
    add_control_options(parser)
    add_effect_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from zoomclone.commands.live_run import run_live

    return run_live(live_options(args))


def live_options(args: argparse.Namespace) -> LiveOptions:
    """The options of this run: the config file's [live] settings with the flags on top."""
    if args.size:
        parse_size(args.size)  # the option's own message, not the config's
    config = load_config(expand(args.config) if args.config else None)
    return LiveOptions(
        settings=override(config.live, flag_settings(args)),
        bindings=config.hotkeys,
        input_video=existing_video(args.input_video),
        unpaced=args.unpaced,
        fit=args.fit,
        max_frames=args.frames,
        stats_json=expand(args.stats_json) if args.stats_json else None,
        open_panel=args.open_panel,
        backgrounds_from=None if args.background else _config_file(args),
        socket=expand(args.socket) if args.socket else None,
    )


def flag_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The flags as [live] config keys; None where not given (the file or default stays)."""
    return {
        "camera": args.camera,
        "size": args.size,
        "fps": args.fps,
        "backgrounds": tuple(args.background) if args.background else None,
        "model": args.model,
        "runtime": args.runtime,
        "outputs": tuple(args.output) if args.output else None,
        "mirror": args.mirror,
        "vcam_device": args.vcam_device,
        "vcam_backend": args.vcam_backend,
        "control_socket": args.control_socket,
        "hotkeys": args.hotkeys,
        "on_demand": args.on_demand,
        **effect_overrides(args),
        "panel": args.panel,
        "panel_port": args.panel_port,
    }


def existing_video(text: str | None) -> str | None:
    return common_args.existing_input(expand_text(text)) if text else None


def _config_file(args: argparse.Namespace) -> str | None:
    """The config file in use, if there is one."""
    path = expand(args.config) if args.config else default_config_path()
    return str(path) if path.is_absolute() and path.is_file() else None
