"""The command line: the only place that prints errors and chooses exit codes."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import NoReturn

from zoomclone import __version__
from zoomclone.config import (
    MAX_FPS,
    MIN_FPS,
    Config,
    default_config_path,
    dump_config,
    load_config,
    override,
)
from zoomclone.effects.options import add_effect_options, effect_overrides, effects_config
from zoomclone.errors import UsageError, ZoomcloneError
from zoomclone.models import MODELS
from zoomclone.paths import expand, expand_text
from zoomclone.segmentation import DEFAULT_RUNTIME, RUNTIMES
from zoomclone.signals import exit_code

PROG = "zoomclone"
LOG_HANDLER_NAME = "zoomclone-terminal"
MAX_CRF = 51  # x264's worst quality
STILL_MODEL = "general"  # best on photos by measurement: docs/quality.md
VIDEO_MODEL = "general"  # better on recorded video by measurement: docs/quality.md

Handler = Callable[[argparse.Namespace], int]


def _add_image_command(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
    parser = commands.add_parser(
        "image",
        help="remove or replace the background of photos",
        description="Remove or replace the background of photos. Inputs may be files, globs or "
        "folders. -o writes the format its extension names (out.jpg: JPEG); --output-dir writes "
        "PNGs (RGBA with --background transparent).",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="image file, glob or folder")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", type=Path, help="output file (one input only)")
    target.add_argument("--output-dir", type=Path, help="folder for DIR/<input stem>.png")
    _add_background_and_model(
        parser,
        "white",
        "white, black, color:#RRGGBB, blur, blur:N, transparent, none, or an image path",
        STILL_MODEL,
    )
    parser.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="photos processed at once (default: the number of cores, %(default)s here)",
    )
    parser.set_defaults(handler=_run_image)


def _add_background_and_model(
    parser: argparse.ArgumentParser, background: str, choices: str, model: str
) -> None:
    """The --background and --model options of the offline commands."""
    parser.add_argument(
        "--background",
        default=background,
        metavar="SPEC",
        help=f"{choices} (default: {background})",
    )
    parser.add_argument("--model", choices=sorted(MODELS), default=model, help=f"default: {model}")
    _add_runtime_option(parser, DEFAULT_RUNTIME)


def _add_runtime_option(parser: argparse.ArgumentParser, default: str | None) -> None:
    """--runtime: what runs the model (mediapipe needs the optional extra)."""
    parser.add_argument(
        "--runtime",
        choices=RUNTIMES,
        default=default,
        help=f"what runs the model; mediapipe needs pip install '.[mediapipe]' in the checkout "
        f"(default: {DEFAULT_RUNTIME})",
    )


def _run_image(args: argparse.Namespace) -> int:
    from zoomclone.commands.image import run_image

    output = expand(args.output) if args.output is not None else None
    output_dir = expand(args.output_dir) if args.output_dir is not None else None
    code = run_image(
        inputs=args.inputs,
        output=output,
        output_dir=output_dir,
        background_spec=args.background,
        model=args.model,
        jobs=args.jobs,
        runtime=args.runtime,
    )
    if code == 0:  # say where the results are: a progress bar leaves nothing behind
        print(f"zoomclone: wrote {output or f'the results to {output_dir}'}", file=sys.stderr)
    return code


def _open_panel(args: argparse.Namespace, panel: bool) -> bool:
    if args.open_panel and not panel:
        raise UsageError("--open-panel needs the panel: leave out --no-panel (or panel = false)")
    return bool(args.open_panel)


def existing_input(path: str) -> str:
    """``path``, or UsageError (exit 2) when it names one file that does not exist: a missing
    input is a mistake in the command, as in ``zoomclone image``. Patterns and globs are left to
    the command."""
    if not any(c in path for c in "%*?[") and not os.path.lexists(path):
        raise UsageError(f"input video {path} does not exist: check the path")
    return path


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return int(text)


def _crf(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_CRF:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to {MAX_CRF}, got {text!r}"
        )
    return int(text)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not MIN_FPS <= value <= MAX_FPS:
        raise argparse.ArgumentTypeError(
            f"expected a number of frames per second from {MIN_FPS:g} to {MAX_FPS:g}, got {text!r}"
        )
    return value


def _add_live_command(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
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
        help="frame size to ask the camera for (default: 1280x720), or to scale --input to "
        "(default: the input's own size)",
    )
    parser.add_argument(
        "--fit",
        choices=("cover", "contain", "stretch"),
        default="cover",
        help="with --input and --size of another shape: crop to fill (cover), black bars "
        "(contain) or stretch (default: cover)",
    )
    parser.add_argument(
        "--fps",
        type=_positive_float,
        help="camera frame rate to ask for (default: 30)",
    )
    parser.add_argument(
        "--background",
        action="append",
        metavar="SPEC",
        help="repeatable; a folder adds every image/video in it; the keys cycle through them "
        "(SPEC: image/video/GIF/folder path, contain:PATH, library, blur, blur:N, white, black, "
        "color:#RRGGBB, none; default: library, blur)",
    )
    parser.add_argument("--model", choices=sorted(MODELS), help="default: landscape")
    _add_runtime_option(parser, None)
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
        "--frames", type=_positive_int, metavar="N", help="stop after N output frames"
    )
    parser.add_argument(
        "--stats-json", type=Path, metavar="PATH", help="write run statistics here at exit"
    )
    _add_control_options(parser)
    add_effect_options(parser)
    parser.set_defaults(handler=_run_live)


def _add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="config file (default: config.toml in your config folder, if it exists)",
    )


def _add_control_options(parser: argparse.ArgumentParser) -> None:
    _add_config_option(parser)
    parser.add_argument(
        "--control-socket",
        action=argparse.BooleanOptionalAction,
        help="answer `zoomclone ctl` (default: on)",
    )
    parser.add_argument(
        "--socket",
        type=Path,
        metavar="PATH",
        help="control socket to answer on, for a second zoomclone beside the first "
        "(`zoomclone ctl --socket PATH ...`; default: the usual one)",
    )
    parser.add_argument(
        "--hotkeys",
        action=argparse.BooleanOptionalAction,
        help="global hotkeys, needs pip install '.[hotkeys]' in the checkout (default: off)",
    )
    parser.add_argument(
        "--on-demand",
        action=argparse.BooleanOptionalAction,
        help="Linux: camera off while no app reads the virtual camera (default: off)",
    )
    parser.add_argument(
        "--panel",
        action=argparse.BooleanOptionalAction,
        help="serve the control panel on 127.0.0.1; `zoomclone panel` opens it (default: on)",
    )
    parser.add_argument(
        "--panel-port",
        type=_port,
        metavar="N",
        help="the panel's port (default: 0, any free one)",
    )
    parser.add_argument(
        "--open-panel",
        action="store_true",
        help="open the control panel in the default browser once it is served",
    )


def _live_config(args: argparse.Namespace) -> Config:
    """The config file with the command-line options on top."""
    config = load_config(expand(args.config) if args.config else None)
    live = override(
        config.live,
        {
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
        },
    )
    return replace(config, live=live)


def _config_file(args: argparse.Namespace) -> str | None:
    """The config file in use, if there is one."""
    path = expand(args.config) if args.config else default_config_path()
    return str(path) if path.is_absolute() and path.is_file() else None


def _run_live(args: argparse.Namespace) -> int:
    from zoomclone.commands.live import LiveOptions, run_live
    from zoomclone.config import parse_size

    if args.size:
        parse_size(args.size)  # the option's own message, not the config's
    config = _live_config(args)
    live = config.live
    width, height = parse_size(live.size) if live.size else (1280, 720)
    options = LiveOptions(
        camera=live.camera,
        input_video=existing_input(expand_text(args.input_video)) if args.input_video else None,
        unpaced=args.unpaced,
        width=width,
        height=height,
        fps=live.fps,
        backgrounds=live.backgrounds,
        model=live.model,
        runtime=live.runtime,
        outputs=live.outputs,
        vcam_device=live.vcam_device or None,
        vcam_backend=live.vcam_backend or None,
        mirror=live.mirror,
        max_frames=args.frames,
        stats_json=expand(args.stats_json) if args.stats_json else None,
        size_given=bool(live.size),
        control_socket=live.control_socket,
        hotkeys=tuple(asdict(config.hotkeys).items()) if live.hotkeys else None,
        on_demand=live.on_demand,
        effects=effects_config(live),
        panel=live.panel,
        panel_port=live.panel_port,
        open_panel=_open_panel(args, live.panel),
        backgrounds_from=None if args.background else _config_file(args),
        socket=expand(args.socket) if args.socket else None,
        fit=args.fit,
    )
    if options.unpaced and options.input_video is None:
        raise UsageError("--unpaced goes with --input VIDEO (a camera sets its own pace)")
    return run_live(options)


def _add_video_command(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
    parser = commands.add_parser(
        "video",
        help="remove or replace the background of a recorded video",
        description="Process every frame of a video file or image sequence (frames/%05d.png), "
        "nothing dropped, same fps.",
    )
    parser.add_argument(
        "input",
        metavar="INPUT",
        help="video file, printf-style image sequence, quoted glob or folder of pictures",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUTPUT",
        help="video file or image sequence (out/%%05d.png)",
    )
    _add_background_and_model(
        parser,
        "blur",
        "blur, blur:N, white, color:#RRGGBB, image or video path, none, transparent (needs a PNG "
        "sequence output)",
        VIDEO_MODEL,
    )
    add_effect_options(parser)
    parser.add_argument(
        "--codec",
        metavar="NAME",
        help="video encoder (default: libx264, H.264 in yuv420p; mpeg4 for .avi)",
    )
    parser.add_argument(
        "--crf",
        type=_crf,
        metavar="N",
        help="quality of libx264/libx265/libvpx-vp9/libsvtav1, 0 (lossless) to 51 (default: 20)",
    )
    parser.add_argument(
        "--fps",
        type=_positive_float,
        help="frame rate of a picture sequence input (default: 30); a video keeps its own timing",
    )
    parser.set_defaults(handler=_run_video)


def _run_video(args: argparse.Namespace) -> int:
    from zoomclone.commands.video import VideoOptions, run_video

    output = expand_text(args.output)
    code = run_video(
        VideoOptions(
            input_path=existing_input(expand_text(args.input)),
            output_path=output,
            background_spec=args.background,
            model=args.model,
            runtime=args.runtime,
            codec=args.codec,
            crf=args.crf,
            fps=args.fps,
            effects=effects_config(args),
        )
    )
    if code == 0:
        print(f"zoomclone: wrote {output}", file=sys.stderr)
    return code


def _add_ctl_command(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
    parser = commands.add_parser(
        "ctl",
        help="control the running zoomclone (for desktop shortcuts)",
        description="Send one command to the running `zoomclone live`: next, prev, blur, "
        "blur 1|2|3|off, toggle, mirror, background NAME, reload, framing, light, overlay, "
        "edge grow|shrink|N, status, quit.",
    )
    parser.add_argument("words", nargs="+", metavar="COMMAND", help="e.g. next, or background NAME")
    parser.add_argument(
        "--socket", type=Path, metavar="PATH", help="control socket (default: the usual one)"
    )
    parser.set_defaults(handler=_run_ctl)


def _run_ctl(args: argparse.Namespace) -> int:
    from zoomclone.commands.ctl import run_ctl

    return run_ctl(args.words, args.socket)


def _add_panel_command(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
    parser = commands.add_parser(
        "panel",
        help="open the running zoomclone's control panel in your browser",
        description="Find the running `zoomclone live` and open its control panel (preview, "
        "backgrounds, effects, status) in the default browser. Prints the address too.",
    )
    parser.add_argument(
        "--no-open", action="store_true", help="only print the address, do not start a browser"
    )
    parser.set_defaults(handler=_run_panel)


def _run_panel(args: argparse.Namespace) -> int:
    from zoomclone.commands.panel import run_panel

    return run_panel(open_browser=not args.no_open)


def _add_config_command(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
    parser = commands.add_parser(
        "config",
        help="show the config file's path, or the effective config",
        description="Without options, print where the config file is. With --dump, print the "
        "effective config (defaults plus the file) as TOML you can save and edit.",
    )
    parser.add_argument("--dump", action="store_true", help="print the effective config as TOML")
    _add_config_option(parser)
    parser.set_defaults(handler=_run_config)


def _run_config(args: argparse.Namespace) -> int:
    given = expand(args.config) if args.config else None
    path = given or default_config_path()
    if given is not None and not given.is_file():
        load_config(given)  # its one line: a --config file that does not exist is an error
    if not args.dump:
        print(path)
        return 0
    config = load_config(given)
    origin = f"from {path}" if path.is_file() else f"defaults (no file at {path})"
    print(dump_config(config, header=f"zoomclone config: {origin}"), end="")
    return 0


def _add_doctor_command(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
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
    parser.set_defaults(handler=_run_doctor)


def _run_doctor(args: argparse.Namespace) -> int:
    from zoomclone.commands.doctor import run_doctor

    return run_doctor(as_json_output=args.json)


def _add_service_commands(commands: argparse._SubParsersAction[OneLineErrorParser]) -> None:
    from zoomclone.commands import desktop, service

    service.register(commands)
    desktop.register(commands)


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
    _add_live_command(commands)
    _add_image_command(commands)
    _add_video_command(commands)
    _add_ctl_command(commands)
    _add_panel_command(commands)
    _add_config_command(commands)
    _add_doctor_command(commands)
    _add_service_commands(commands)
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
    args = parser.parse_args(with_default_command(sys.argv[1:] if argv is None else argv, parser))
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
