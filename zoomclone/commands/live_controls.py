"""The parts of ``zoomclone live`` that listen to the user from outside the call window.

The control panel in the browser, the control socket (``zoomclone ctl``), optional global hotkeys,
and on-demand camera use.
"""

from __future__ import annotations

import sys
import webbrowser
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from zoomclone.errors import UsageError
from zoomclone.on_demand import Demand, OnDemandSegmenter, OnDemandSource, device_readers
from zoomclone.segmentation.base import Segmenter
from zoomclone.sinks.base import FrameSink
from zoomclone.sources.base import FrameSource

ON_DEMAND_NEEDS = "--on-demand works on Linux with a v4l2loopback virtual camera output"

if TYPE_CHECKING:
    from zoomclone.commands.live import LiveOptions
    from zoomclone.live import LivePipeline
    from zoomclone.panel.preview import PreviewTap


def preview_tap() -> PreviewTap:
    """The sink that feeds the panel's preview (idle while no page watches)."""
    from zoomclone.panel.preview import PreviewTap

    return PreviewTap()


@contextmanager
def remote_controls(
    pipeline: LivePipeline, options: LiveOptions, tap: PreviewTap | None = None
) -> Iterator[None]:
    """The panel (when given its preview ``tap``), the control socket and the global hotkeys, as
    asked, for as long as the run lasts."""
    with ExitStack() as stack:
        panel = None
        if tap is not None:
            from zoomclone.panel.runner import PanelServer

            panel = stack.enter_context(PanelServer(pipeline, tap, port=options.panel_port))
            print(f"zoomclone: panel {panel.url} (zoomclone panel opens it)", file=sys.stderr)
            if options.open_panel and not webbrowser.open(panel.url):
                print(
                    "zoomclone: no browser found here: open the address above in one",
                    file=sys.stderr,
                )
        if options.control_socket:
            from zoomclone.control_socket import ControlServer

            server = stack.enter_context(ControlServer(pipeline, options.socket))
            example = (
                "zoomclone ctl next"
                if options.socket is None
                else (f"zoomclone ctl --socket {server.address} next")
            )
            print(f"zoomclone: control socket {server.address} ({example})", file=sys.stderr)
        if options.hotkeys is not None:
            from zoomclone.hotkeys import GlobalHotkeys

            bindings = dict(options.hotkeys)
            stack.enter_context(GlobalHotkeys(pipeline.submit, bindings))
            keys = ", ".join(f"{k} {v}" for k, v in bindings.items() if v)
            print(f"zoomclone: global hotkeys: {keys}", file=sys.stderr)
        if panel is not None:
            stack.callback(
                panel.begin_close
            )  # runs first: uvicorn winds down while the rest closes
        yield


def check_remote_controls(options: LiveOptions, outputs: Sequence[str]) -> None:
    """The usage errors of --hotkeys and --on-demand, before anything is opened."""
    if options.hotkeys is not None:
        from zoomclone.hotkeys import load_pynput

        load_pynput()
    if options.on_demand and (not sys.platform.startswith("linux") or "virtual" not in outputs):
        raise UsageError(ON_DEMAND_NEEDS)


def refuse_second_instance(address: Path | None = None) -> None:
    """ControlError when another zoomclone answers on the control socket (Unix; on Windows the
    second run finds out when it opens its own port file)."""
    from zoomclone.control_socket import WINDOWS, check_not_running, default_address

    if not WINDOWS:
        check_not_running(address if address is not None else default_address())


def on_demand(
    stack: ExitStack, source: FrameSource, segmenter: Segmenter, sinks: Sequence[FrameSink]
) -> tuple[FrameSource, Segmenter]:
    """Wrap source and segmenter so they rest while no app reads the virtual camera (Linux)."""
    from zoomclone.sinks.virtualcam import VirtualCameraSink

    devices = [s.device for s in sinks if isinstance(s, VirtualCameraSink)]
    if not sys.platform.startswith("linux") or not devices or not devices[0].startswith("/dev/"):
        raise UsageError(ON_DEMAND_NEEDS)
    device = Path(devices[0])
    demand = stack.enter_context(Demand(lambda: bool(device_readers(device))))
    print(
        f"zoomclone: on demand: the camera is on only while an app reads {device}", file=sys.stderr
    )
    return OnDemandSource(source, demand), OnDemandSegmenter(segmenter, demand)
