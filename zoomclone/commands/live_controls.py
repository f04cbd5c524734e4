"""The parts of ``zoomclone live`` that listen to the user from outside the call window.

The control panel in the browser, the control socket (``zoomclone ctl``), optional global hotkeys,
and on-demand camera use.
"""

from __future__ import annotations

import argparse
import sys
import webbrowser
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from zoomclone.commands.common_args import port
from zoomclone.config import LiveConfig
from zoomclone.errors import UsageError
from zoomclone.live.on_demand import Demand, OnDemandSegmenter, OnDemandSource, device_readers
from zoomclone.live.options import LiveOptions
from zoomclone.segmentation.base import Segmenter
from zoomclone.sinks.base import FrameSink
from zoomclone.sources.base import FrameSource

ON_DEMAND_NEEDS = "--on-demand works on Linux with a v4l2loopback virtual camera output"

if TYPE_CHECKING:
    from zoomclone.live.pipeline import LivePipeline
    from zoomclone.panel.preview import PreviewTap


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def add_control_options(parser: argparse.ArgumentParser) -> None:
    """The options of the panel, the control socket, the hotkeys and the on-demand camera."""
    defaults = LiveConfig()
    parser.add_argument(
        "--control-socket",
        action=argparse.BooleanOptionalAction,
        help=f"answer `zoomclone ctl` (default: {_on_off(defaults.control_socket)})",
    )
    parser.add_argument(
        "--socket",
        type=Path,
        metavar="PATH",
        help="control socket to answer on, for a second zoomclone beside the first "
        "(`zoomclone ctl --socket PATH ...`, `zoomclone panel --socket PATH`; "
        "default: the usual one)",
    )
    parser.add_argument(
        "--hotkeys",
        action=argparse.BooleanOptionalAction,
        help="global hotkeys, needs pip install '.[hotkeys]' in the checkout "
        f"(default: {_on_off(defaults.hotkeys)})",
    )
    parser.add_argument(
        "--on-demand",
        action=argparse.BooleanOptionalAction,
        help="Linux: camera off while no app reads the virtual camera "
        f"(default: {_on_off(defaults.on_demand)})",
    )
    parser.add_argument(
        "--panel",
        action=argparse.BooleanOptionalAction,
        help="serve the control panel on 127.0.0.1; `zoomclone panel` opens it "
        f"(default: {_on_off(defaults.panel)})",
    )
    parser.add_argument(
        "--panel-port",
        type=port,
        metavar="N",
        help=f"the panel's port (default: {defaults.panel_port}, any free one)",
    )
    parser.add_argument(
        "--open-panel",
        action="store_true",
        help="open the control panel in the default browser once it is served",
    )


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
            from zoomclone.panel.runner import PanelServer, info_path

            panel = stack.enter_context(
                PanelServer(
                    pipeline,
                    tap,
                    port=options.settings.panel_port,
                    info_file=info_path(options.socket),
                )
            )
            opener = "zoomclone panel" + (f" --socket {options.socket}" if options.socket else "")
            print(f"zoomclone: panel {panel.url} ({opener} opens it)", file=sys.stderr)
            if options.open_panel and not webbrowser.open(panel.url):
                print(
                    "zoomclone: no browser found here: open the address above in one",
                    file=sys.stderr,
                )
        if options.settings.control_socket:
            from zoomclone.control.server import ControlServer

            server = stack.enter_context(ControlServer(pipeline, options.socket))
            example = (
                "zoomclone ctl next"
                if options.socket is None
                else (f"zoomclone ctl --socket {server.address} next")
            )
            print(f"zoomclone: control socket {server.address} ({example})", file=sys.stderr)
        if options.hotkeys is not None:
            from zoomclone.control.hotkeys import GlobalHotkeys

            bindings = options.hotkeys
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
        from zoomclone.control.hotkeys import load_pynput

        load_pynput()
    if options.settings.on_demand and (
        not sys.platform.startswith("linux") or "virtual" not in outputs
    ):
        raise UsageError(ON_DEMAND_NEEDS)


def refuse_second_instance(address: Path | None = None) -> None:
    """ControlError when another zoomclone answers on the control socket (Unix; on Windows the
    second run finds out when it opens its own port file)."""
    from zoomclone.control.server import WINDOWS, check_not_running, default_address

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
