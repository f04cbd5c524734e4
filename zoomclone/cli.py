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
VIDEO_MODEL = "general"  # better on recorded video by measurement: docs/quality.md

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


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 240:
        raise argparse.ArgumentTypeError(
            f"expected a number of frames per second (0-240], got {text!r}"
        )
    return value


def _add_live_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "live",
        help="run the virtual camera (the default command)",
        description="Read the webcam (or a video file), put you on a virtual background and send "
        "the result to a virtual camera that Zoom, Teams or Meet can select.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--camera",
        default="0",
        metavar="INDEX|PATH",
        help="webcam index or device path (default: 0)",
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
        help="frame size to ask the camera for / scale the input to (default: 1280x720)",
    )
    parser.add_argument(
        "--fps",
        type=_positive_float,
        default=30.0,
        help="camera frame rate to ask for (default: 30)",
    )
    parser.add_argument(
        "--background",
        action="append",
        metavar="SPEC",
        help="repeatable; a folder adds every image/video in it; the keys cycle through them "
        "(SPEC: image/video/folder path, blur, blur:N, white, black, color:#RRGGBB, none)",
    )
    parser.add_argument(
        "--model", choices=sorted(MODELS), default="landscape", help="default: landscape"
    )
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
    parser.add_argument("--mirror", action="store_true", help="flip the picture left-right")
    parser.add_argument(
        "--frames", type=_positive_int, metavar="N", help="stop after N output frames"
    )
    parser.add_argument(
        "--stats-json", type=Path, metavar="PATH", help="write run statistics here at exit"
    )
    parser.set_defaults(handler=_run_live)


def _run_live(args: argparse.Namespace) -> int:
    from zoomclone.commands.live import LiveOptions, parse_size, run_live

    width, height = parse_size(args.size) if args.size else (1280, 720)
    options = LiveOptions(
        camera=args.camera,
        input_video=args.input_video,
        unpaced=args.unpaced,
        width=width,
        height=height,
        fps=args.fps,
        backgrounds=tuple(args.background) if args.background else LiveOptions.backgrounds,
        model=args.model,
        outputs=tuple(args.output or ()),
        vcam_device=args.vcam_device,
        vcam_backend=args.vcam_backend,
        mirror=args.mirror,
        max_frames=args.frames,
        stats_json=args.stats_json,
        size_given=args.size is not None,
    )
    if options.unpaced and options.input_video is None:
        raise UsageError("--unpaced goes with --input VIDEO (a camera sets its own pace)")
    return run_live(options)


def _add_video_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "video",
        help="remove or replace the background of a recorded video",
        description="Process every frame of a video file or image sequence (frames/%%05d.png), "
        "nothing dropped, same fps.",
    )
    parser.add_argument("input", metavar="INPUT", help="video file or printf-style image sequence")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUTPUT",
        help="video file or image sequence (out/%%05d.png)",
    )
    parser.add_argument(
        "--background",
        default="blur",
        metavar="SPEC",
        help="blur (default), blur:N, white, color:#RRGGBB, image or video path, none, "
        "transparent (needs a PNG sequence output)",
    )
    parser.add_argument(
        "--model", choices=sorted(MODELS), default=VIDEO_MODEL, help=f"default: {VIDEO_MODEL}"
    )
    parser.set_defaults(handler=_run_video)


def _run_video(args: argparse.Namespace) -> int:
    from zoomclone.commands.video import run_video

    return run_video(
        input_path=args.input,
        output_path=args.output,
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
    _add_live_command(commands)
    _add_image_command(commands)
    _add_video_command(commands)
    _add_doctor_command(commands)
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
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def error(message: str) -> None:
    """Print one error line on stderr."""
    print(f"{PROG}: error: {message}", file=sys.stderr)


def quiet_opencv() -> None:
    """Keep OpenCV's own warnings (e.g. on a missing camera) out of the terminal: we say it better."""
    import cv2

    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 runtime failure, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(with_default_command(sys.argv[1:] if argv is None else argv, parser))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    quiet_opencv()
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
