"""The work of ``zoomclone image``: photos in, PNGs out, on one process or several."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from zoomclone.backgrounds import background_files, needs_alpha, parse_background
from zoomclone.errors import UsageError
from zoomclone.offline.progress import Progress
from zoomclone.offline.stills import (
    check_outputs,
    expand_inputs,
    open_still_engine,
    output_path,
    process_images,
)
from zoomclone.offline.stills_pool import process_in_parallel
from zoomclone.paths import refuse_overwrite
from zoomclone.segmentation import DEFAULT_RUNTIME, require_runtime

PROGRESS_MIN_IMAGES = 3


def run_image(
    *,
    inputs: Sequence[str],
    output: Path | None,
    output_dir: Path | None,
    background_spec: str,
    model: str,
    jobs: int = 1,
    runtime: str = DEFAULT_RUNTIME,
) -> int:
    """Process every input; one line per failed input; exit 1 if any failed."""
    require_runtime(runtime)
    sources = expand_inputs(inputs)
    if output is not None and len(sources) > 1:
        raise UsageError(
            f"-o takes one input but {len(sources)} were given: use --output-dir DIR instead"
        )
    backgrounds = parse_background(background_spec)
    if len(backgrounds) != 1:
        raise UsageError("zoomclone image takes one background, not a folder of them")
    background = backgrounds[0]
    targets = [output_path(s, output, output_dir) for s in sources]
    check_outputs(sources, targets, needs_alpha(background))
    for target in dict.fromkeys(targets):
        refuse_overwrite(str(target), background_files([background]))
    failed = 0
    workers = min(jobs, len(sources))
    with ExitStack() as stack:
        stack.callback(background.close)
        pairs = list(zip(sources, targets, strict=True))
        if workers > 1:
            results = process_in_parallel(model, background_spec, pairs, workers, runtime)
        else:
            engine = open_still_engine(stack, model, runtime=runtime)
            results = process_images(engine, pairs, background)
        bar = stack.enter_context(
            Progress(
                len(sources),
                "images",
                enabled=None if len(sources) >= PROGRESS_MIN_IMAGES else False,
            )
        )
        for result in results:
            bar.advance()
            if result.error is not None:
                failed += 1
                bar.write(f"zoomclone: error: {result.error}")
    if failed:
        print(f"zoomclone: {failed} of {len(sources)} images failed", file=sys.stderr)
        return 1
    return 0
