"""``zoomclone video``: a recorded video or image sequence in, every frame out, same fps."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import numpy as np

from zoomclone.backgrounds import background_files, needs_alpha, parse_background
from zoomclone.compositor import Compositor
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.engine import MatteEngine
from zoomclone.errors import UsageError
from zoomclone.paths import check_writable_file, refuse_overwrite
from zoomclone.progress import Progress
from zoomclone.segmentation import open_segmenter
from zoomclone.signals import StopSignals
from zoomclone.sinks.file import FileSink, check_output_target
from zoomclone.sources.video import VideoFileSource


def run_video(
    *,
    input_path: str,
    output_path: str,
    background_spec: str,
    model: str,
    effects: EffectsConfig | None = None,
) -> int:
    """Process every frame in order; nothing is dropped."""
    chain = Effects(effects)
    backgrounds = parse_background(background_spec)
    if len(backgrounds) != 1:
        raise UsageError("zoomclone video takes one background, not a folder of them")
    background = backgrounds[0]
    alpha = needs_alpha(background)
    check_output_target(output_path, alpha=alpha)
    refuse_overwrite(output_path, [input_path, *background_files(backgrounds)])
    check_writable_file(Path(output_path), "output")
    with ExitStack() as stack:
        stack.enter_context(StopSignals())
        stack.callback(background.close)
        source = stack.enter_context(VideoFileSource(input_path))
        info = source.info
        engine = MatteEngine(stack.enter_context(open_segmenter(model)))
        sink = stack.enter_context(
            FileSink(output_path, info.width, info.height, info.fps, alpha=alpha)
        )
        compositor = Compositor()
        bar = stack.enter_context(Progress(info.frame_count, "frames"))
        index = 0
        while (frame := source.read()) is not None:
            t_s = index / info.fps
            confidence = engine.confidence(frame)
            if chain.active:
                frame, seen = chain.prepare(frame, confidence, t_s)
                confidence = seen if seen is not None else confidence
            matte = engine.alpha(frame, confidence)
            if chain.edge_offset:
                matte = chain.alpha(matte.copy())
            out = compositor.composite(frame, matte, background, t_s)
            if chain.overlay:
                out = chain.draw_overlay(np.array(out))
            sink.send(out)
            index += 1
            bar.advance()
    return 0
