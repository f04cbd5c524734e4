"""Running ``zoomclone live``: open the source, segmenter, sinks and controls in one ExitStack, run
the pipeline until stopped, release everything."""

from __future__ import annotations

import sys
from contextlib import ExitStack

from zoomclone.backgrounds import Background, BackgroundCycle, load_backgrounds
from zoomclone.commands.live_controls import (
    check_remote_controls,
    on_demand,
    preview_tap,
    refuse_second_instance,
    remote_controls,
)
from zoomclone.commands.live_files import check_live_files, output_kind, write_stats
from zoomclone.commands.live_io import (
    announce,
    camera_request,
    default_outputs,
    open_sink,
    open_source,
    output_size,
    report,
)
from zoomclone.control.terminal import TerminalKeys
from zoomclone.effects.chain import Effects
from zoomclone.frames import Size
from zoomclone.live.config import PipelineConfig
from zoomclone.live.options import LiveOptions
from zoomclone.live.pipeline import LivePipeline
from zoomclone.live.preload import Preloader
from zoomclone.live.stats import Stats
from zoomclone.live.status_line import StatusLine, summary_line
from zoomclone.matting.engine import MatteEngine
from zoomclone.segmentation import open_segmenter, require_runtime
from zoomclone.signals import StopSignals
from zoomclone.sources.base import SourceInfo


def _load_backgrounds(options: LiveOptions) -> list[Background]:
    specs = options.settings.backgrounds
    if options.backgrounds_from is None:
        return load_backgrounds(specs)
    from zoomclone.usable_backgrounds import load_usable

    return load_usable(specs, options.backgrounds_from)


def pipeline_config(
    options: LiveOptions, info: SourceInfo, output: Size | None = None
) -> PipelineConfig:
    """The pipeline's knobs that the options set; the rest keep the pipeline's own defaults."""
    return PipelineConfig(
        pace_fps=None if options.unpaced else info.fps,
        max_frames=options.max_frames,
        mirror=options.settings.mirror,
        output_fps=options.settings.fps,
        output_size=output,
    )


def sinks_size(options: LiveOptions, info: SourceInfo) -> Size | None:
    """The output's size when the camera was asked for a larger mode for auto-framing and gave
    it (saying so), else None: the camera's own size."""
    camera = options.input_video is None
    asked = camera_request(options.size, options.effects.framing, camera)
    output = output_size(options.size, asked, (info.width, info.height)) if camera else None
    if asked != options.size:
        width, height = output or (info.width, info.height)
        print(
            f"zoomclone: camera asked for {asked[0]}x{asked[1]} so auto-framing can zoom without "
            f"softening (output {width}x{height})",
            file=sys.stderr,
        )
    return output


def run_live(options: LiveOptions) -> int:
    """Open everything in one ExitStack, run until stopped, release everything."""
    settings = options.settings
    outputs = tuple(map(output_kind, settings.outputs)) or default_outputs()
    check_remote_controls(options, outputs)
    if options.input_video is None and options.vcam_backend in (None, "v4l2loopback"):
        from zoomclone.preflight import check_live_setup

        check_live_setup(outputs)
    require_runtime(settings.runtime)  # before any device: one line when it is not installed
    stats = Stats()
    effects = Effects(options.effects)  # first: a bad overlay is a usage error before any device
    if settings.control_socket:
        refuse_second_instance(
            options.socket
        )  # before any sink opens: a refused run must not touch a file
    with StopSignals() as signals, ExitStack() as stack:
        cycle = BackgroundCycle(_load_backgrounds(options), specs=settings.backgrounds)
        stack.callback(cycle.close)
        check_live_files(outputs, options.input_video, cycle.backgrounds, options.stats_json)
        source = stack.enter_context(open_source(options))
        print(f"zoomclone: input {source.info.description}", file=sys.stderr)
        output = sinks_size(options, source.info)
        size = output or (source.info.width, source.info.height)
        segmenter = stack.enter_context(open_segmenter(settings.model, runtime=settings.runtime))
        print(f"zoomclone: model {settings.model} on {settings.runtime}", file=sys.stderr)
        sinks = [
            stack.enter_context(open_sink(kind, source.info, size, options)) for kind in outputs
        ]
        for sink in sinks:
            announce(sink)
        if settings.on_demand:
            source, segmenter = on_demand(stack, source, segmenter, sinks)
        tap = preview_tap() if settings.panel else None
        pipeline = LivePipeline(
            source=source,
            engine=MatteEngine.for_live(segmenter),
            sinks=[*sinks, tap] if tap is not None else sinks,
            backgrounds=cycle,
            config=pipeline_config(options, source.info, output),
            stats=stats,
            effects=effects,
        )
        signals.stop_with(pipeline.stop)
        stack.enter_context(remote_controls(pipeline, options, tap))
        stack.enter_context(Preloader(cycle, pipeline.size))
        try:
            with TerminalKeys(pipeline.submit) as keys:
                if keys.active:
                    print(
                        "zoomclone: keys: n/p next/previous background, b blur, space on/off, "
                        "m mirror, f framing, l light, t touch-up, o overlay, [ ] edge, q quit",
                        file=sys.stderr,
                    )
                with StatusLine(pipeline.status):
                    pipeline.run()
            print(summary_line(stats.summary()), file=sys.stderr)
            for sink in sinks:
                report(sink)
        finally:
            if options.stats_json is not None:
                write_stats(options.stats_json, stats.summary())
    return 0
