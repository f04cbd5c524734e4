"""``zoomclone video``: a recorded video in, every frame out. Its arguments; the work is in
``video_run``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from zoomclone.commands import common_args
from zoomclone.effects.options import add_effect_options, effects_config
from zoomclone.paths import expand_text

MODEL = "general"  # better on recorded video by measurement: docs/quality.md


def register(commands: argparse._SubParsersAction[Any]) -> None:
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
    common_args.add_background_and_model(
        parser,
        "blur",
        "blur, blur:N, white, color:#RRGGBB, image or video path, none, transparent (needs a PNG "
        "sequence output)",
        MODEL,
    )
    add_effect_options(parser, keys=False)
    parser.add_argument(
        "--codec",
        metavar="NAME",
        help="video encoder (default: libx264, H.264 in yuv420p; mpeg4 for .avi)",
    )
    parser.add_argument(
        "--crf",
        type=common_args.crf,
        metavar="N",
        help="quality of libx264/libx265/libvpx-vp9/libsvtav1, 0 (lossless) to 51 (default: 20)",
    )
    parser.add_argument(
        "--fps",
        type=common_args.fps,
        help="frame rate of a picture sequence input (default: 30); a video keeps its own timing",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from zoomclone.commands.video_run import VideoOptions, run_video

    output = expand_text(args.output)
    code = run_video(
        VideoOptions(
            input_path=common_args.existing_input(expand_text(args.input)),
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
