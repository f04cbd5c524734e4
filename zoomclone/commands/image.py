"""``zoomclone image``: photos in, PNGs out. Its arguments; the work is in ``image_run``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from zoomclone.commands import common_args
from zoomclone.paths import expand

MODEL = "general"  # best on photos by measurement: docs/quality.md


def register(commands: argparse._SubParsersAction[Any]) -> None:
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
    common_args.add_background_and_model(
        parser,
        "white",
        "white, black, color:#RRGGBB, blur, blur:N, transparent, none, or an image path",
        MODEL,
    )
    parser.add_argument(
        "--jobs",
        type=common_args.positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="photos processed at once (default: the number of cores, %(default)s here)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from zoomclone.commands.image_run import run_image

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
