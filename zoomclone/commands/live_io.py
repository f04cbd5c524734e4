"""The input and the outputs of ``zoomclone live``: the source and the sinks its options name."""

from __future__ import annotations

import sys
from pathlib import Path

from zoomclone.frames import Size
from zoomclone.live.options import LiveOptions
from zoomclone.paths import expand_text
from zoomclone.sinks.base import FrameSink
from zoomclone.sources.base import FrameSource, SourceInfo


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


# Common 16:9 camera modes, smallest first: auto-framing asks for one 1.5x the output's height.
WIDE_MODES: tuple[Size, ...] = ((640, 360), (960, 540), (1280, 720), (1920, 1080), (2560, 1440))
FRAMING_HEADROOM = 1.5


def camera_request(output: Size, framing: bool, camera: bool) -> Size:
    """The size to ask the camera for: with auto-framing on at the start, the next common 16:9
    mode at least 1.5x the output's height (so the zoom stays sharp), for a 16:9 output; else the
    output's own size (a video file is never asked for more)."""
    width, height = output
    if not (framing and camera) or width * 9 != height * 16:
        return output
    for mode in WIDE_MODES:
        if mode[1] >= FRAMING_HEADROOM * height:
            return mode
    return output


def output_size(output: Size, asked: Size, got: Size) -> Size | None:
    """The sinks' size when the camera was asked for a larger mode: ``output`` when it delivered
    a larger picture of the output's aspect, else None (the camera's own size, as always)."""
    if asked == output or got == output:
        return None
    larger = got[0] >= output[0] and got[1] >= output[1]
    return output if larger and got[0] * output[1] == got[1] * output[0] else None


def open_source(options: LiveOptions) -> FrameSource:
    width, height = options.size
    if options.input_video is not None:
        from zoomclone.sources.video import VideoFileSource

        size = (width, height) if options.size_given else None
        return VideoFileSource(options.input_video, loop=True, size=size, fit=options.fit)
    from zoomclone.sources.camera import CameraSource, parse_camera

    camera = parse_camera(options.settings.camera)
    width, height = camera_request(options.size, options.effects.framing, camera=True)
    return CameraSource(camera, width, height, options.settings.fps)


def open_sink(kind: str, info: SourceInfo, size: Size, options: LiveOptions) -> FrameSink:
    """One sink by its --output word, of ``size`` (the output's), at the source's rate."""
    fps = options.settings.fps if info.live or options.input_video is None else info.fps
    width, height = size
    if kind == "virtual":
        from zoomclone.sinks.virtualcam import VirtualCameraSink

        return VirtualCameraSink(
            width, height, fps, device=options.vcam_device, backend=options.vcam_backend
        )
    if kind == "preview":
        from zoomclone.sinks.preview import PreviewSink

        return PreviewSink()
    if kind == "null":
        from zoomclone.sinks.null import NullSink

        return NullSink()
    from zoomclone.sinks.file import FileSink

    return FileSink(expand_text(kind), width, height, fps)


def announce(sink: FrameSink) -> None:
    """Where the frames go, and for a virtual camera the name to pick in the call app."""
    from zoomclone.sinks.virtualcam import VirtualCameraSink

    if isinstance(sink, VirtualCameraSink) and sink.received is not None:
        print(
            "zoomclone: sending to the record backend: no camera for call apps, it only counts "
            "the frames (to try the whole path)",
            file=sys.stderr,
        )
    elif isinstance(sink, VirtualCameraSink):
        print(
            f"zoomclone: sending to virtual camera {sink.device} ({sink.backend}); in Zoom, Teams "
            f'or Meet choose the camera named "{camera_label(sink.device)}"',
            file=sys.stderr,
        )
    else:
        print(f"zoomclone: output {sink.name}", file=sys.stderr)


def report(sink: FrameSink) -> None:
    """After the run: what the device-less ``record`` backend received (for checking a setup)."""
    from zoomclone.sinks.virtualcam import VirtualCameraSink

    if isinstance(sink, VirtualCameraSink) and sink.received is not None:
        got = sink.received
        print(
            f"zoomclone: the record backend received {got.frames} frames of "
            f"{got.width}x{got.height} ({got.bytes_per_frame} bytes each, BGR)",
            file=sys.stderr,
        )


def camera_label(device: str) -> str:
    """The name video apps list for a virtual camera device (v4l2loopback's card_label)."""
    name_file = Path("/sys/class/video4linux") / Path(device).name / "name"
    try:
        return name_file.read_text().strip() or device
    except OSError:
        return device
