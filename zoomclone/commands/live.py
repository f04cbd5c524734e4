"""``zoomclone live``: camera (or a video file) in, virtual camera / preview / file out."""

from __future__ import annotations

import logging
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from zoomclone.backgrounds import Background, BackgroundCycle, load_backgrounds
from zoomclone.commands.live_controls import (
    check_remote_controls,
    on_demand,
    preview_tap,
    refuse_second_instance,
    remote_controls,
)
from zoomclone.commands.live_files import check_live_files, output_kind, write_stats
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.engine import MatteEngine
from zoomclone.paths import expand_text
from zoomclone.pipeline import LivePipeline, PipelineConfig
from zoomclone.preload import Preloader
from zoomclone.segmentation import DEFAULT_RUNTIME, open_segmenter, require_runtime
from zoomclone.signals import StopSignals
from zoomclone.sinks.base import FrameSink
from zoomclone.sources.base import FrameSource, SourceInfo
from zoomclone.stats import Stats
from zoomclone.status_line import StatusLine, summary_line
from zoomclone.terminal import TerminalKeys

log = logging.getLogger("zoomclone")

DEFAULT_BACKGROUNDS = ("library", "blur")


@dataclass(frozen=True)
class LiveOptions:
    """Everything ``zoomclone live`` was asked to do."""

    camera: str = "0"
    input_video: str | None = None
    unpaced: bool = False
    width: int = 1280
    height: int = 720
    fps: float = 30.0
    backgrounds: tuple[str, ...] = DEFAULT_BACKGROUNDS
    model: str = "landscape"
    runtime: str = DEFAULT_RUNTIME  # what runs the model: litert or mediapipe
    outputs: tuple[str, ...] = ()
    vcam_device: str | None = None
    vcam_backend: str | None = None
    mirror: bool = False
    max_frames: int | None = None
    stats_json: Path | None = None
    size_given: bool = False
    control_socket: bool = True
    hotkeys: tuple[tuple[str, str], ...] | None = None  # (action, binding) pairs when on
    on_demand: bool = False
    effects: EffectsConfig = field(default_factory=EffectsConfig)
    panel: bool = True
    panel_port: int = 0
    open_panel: bool = False  # open the panel in the default browser once it is served
    backgrounds_from: str | None = None  # the config file that named them: skip what fails
    socket: Path | None = None  # the control socket (None: the usual one)
    fit: str = "cover"  # how --input frames meet --size: cover, contain or stretch


def default_outputs() -> tuple[str, ...]:
    """The virtual camera, plus a preview window when there is a display."""
    from zoomclone.display_probe import display_name, display_problem
    from zoomclone.sinks.preview import display_available

    if not display_available():
        return ("virtual",)
    problem = display_problem()
    if problem is not None:
        print(
            f"zoomclone: {display_name()} cannot show a window ({problem}): running with the "
            "virtual camera alone",
            file=sys.stderr,
        )
        return ("virtual",)
    return ("virtual", "preview")


def open_source(options: LiveOptions) -> FrameSource:
    if options.input_video is not None:
        from zoomclone.sources.video import VideoFileSource

        size = (options.width, options.height) if options.size_given else None
        return VideoFileSource(options.input_video, loop=True, size=size, fit=options.fit)
    from zoomclone.sources.camera import CameraSource, parse_camera

    return CameraSource(parse_camera(options.camera), options.width, options.height, options.fps)


def open_sink(kind: str, info: SourceInfo, options: LiveOptions) -> FrameSink:
    """One sink by its --output word, sized to what the source delivers."""
    fps = options.fps if info.live or options.input_video is None else info.fps
    if kind == "virtual":
        from zoomclone.sinks.virtualcam import VirtualCameraSink

        return VirtualCameraSink(
            info.width, info.height, fps, device=options.vcam_device, backend=options.vcam_backend
        )
    if kind == "preview":
        from zoomclone.sinks.preview import PreviewSink

        return PreviewSink()
    if kind == "null":
        from zoomclone.sinks.null import NullSink

        return NullSink()
    from zoomclone.sinks.file import FileSink

    return FileSink(expand_text(kind), info.width, info.height, fps)


def _announce(sink: FrameSink) -> None:
    from zoomclone.sinks.virtualcam import VirtualCameraSink

    if isinstance(sink, VirtualCameraSink):
        print(
            f"zoomclone: sending to virtual camera {sink.device} ({sink.backend}); in Zoom, Teams "
            f'or Meet choose the camera named "{camera_label(sink.device)}"',
            file=sys.stderr,
        )
    else:
        print(f"zoomclone: output {sink.name}", file=sys.stderr)


def _report(sink: FrameSink) -> None:
    """After the run: what the device-less ``record`` backend received (for checking a setup)."""
    from zoomclone.sinks.record_backend import RecordBackend
    from zoomclone.sinks.virtualcam import VirtualCameraSink

    if isinstance(sink, VirtualCameraSink) and sink.backend == "record" and RecordBackend.instances:
        backend = RecordBackend.instances[-1]
        print(
            f"zoomclone: the record backend received {backend.frames} frames of "
            f"{backend.width}x{backend.height} ({backend.bytes_per_frame} bytes each, BGR)",
            file=sys.stderr,
        )


def camera_label(device: str) -> str:
    """The name video apps list for a virtual camera device (v4l2loopback's card_label)."""
    name_file = Path("/sys/class/video4linux") / Path(device).name / "name"
    try:
        return name_file.read_text().strip() or device
    except OSError:
        return device


def _load_backgrounds(options: LiveOptions) -> list[Background]:
    if options.backgrounds_from is None:
        return load_backgrounds(options.backgrounds)
    from zoomclone.usable_backgrounds import load_usable

    return load_usable(options.backgrounds, options.backgrounds_from)


def run_live(options: LiveOptions) -> int:
    """Open everything in one ExitStack, run until stopped, release everything."""
    outputs = tuple(map(output_kind, options.outputs)) or default_outputs()
    check_remote_controls(options, outputs)
    require_runtime(options.runtime)
    if options.input_video is None and options.vcam_backend in (None, "v4l2loopback"):
        from zoomclone.preflight import check_live_setup

        check_live_setup(outputs)
    stats = Stats()
    effects = Effects(options.effects)  # first: a bad overlay is a usage error before any device
    if options.control_socket:
        refuse_second_instance(
            options.socket
        )  # before any sink opens: a refused run must not touch a file
    with StopSignals() as signals, ExitStack() as stack:
        cycle = BackgroundCycle(_load_backgrounds(options), specs=options.backgrounds)
        stack.callback(cycle.close)
        check_live_files(outputs, options.input_video, cycle.backgrounds, options.stats_json)
        source = stack.enter_context(open_source(options))
        print(f"zoomclone: input {source.info.description}", file=sys.stderr)
        segmenter = stack.enter_context(open_segmenter(options.model, runtime=options.runtime))
        sinks = [stack.enter_context(open_sink(kind, source.info, options)) for kind in outputs]
        for sink in sinks:
            _announce(sink)
        if options.on_demand:
            source, segmenter = on_demand(stack, source, segmenter, sinks)
        tap = preview_tap() if options.panel else None
        config = PipelineConfig(
            pace_fps=None if options.unpaced else source.info.fps,
            max_frames=options.max_frames,
            mirror=options.mirror,
            output_fps=options.fps,
        )
        pipeline = LivePipeline(
            source=source,
            engine=MatteEngine.for_live(segmenter),
            sinks=[*sinks, tap] if tap is not None else sinks,
            backgrounds=cycle,
            config=config,
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
                        "m mirror, f framing, l light, o overlay, [ ] edge, q quit",
                        file=sys.stderr,
                    )
                with StatusLine(pipeline.status):
                    pipeline.run()
            print(summary_line(stats.summary()), file=sys.stderr)
            for sink in sinks:
                _report(sink)
        finally:
            if options.stats_json is not None:
                write_stats(options.stats_json, stats.summary())
    return 0
