"""One lifecycle for every resource and one helper for every thread.

A resource is a ``ClosesOnExit`` (``with`` ends in ``close()``); one that starts only when its
``with`` begins is a ``StartsOnEnter``; a background thread is a ``Worker``. Servers open when
made, as sources, sinks and segmenters do. The source is read with ``ast`` for what no class
may hand-write any more.
"""

from __future__ import annotations

import ast
import signal
import threading
from pathlib import Path
from typing import Any

from tests.test_architecture import ROOT, package_modules
from zoomclone.closing import StartsOnEnter
from zoomclone.control.client import send_command
from zoomclone.control.commands import Command
from zoomclone.control.server import ControlServer
from zoomclone.offline.stages import run_in_order
from zoomclone.panel.preview import PreviewTap
from zoomclone.panel.runner import PanelServer
from zoomclone.signals import StopSignals
from zoomclone.worker import Worker

WAIT_S = 10.0

# Still written by hand, waiting for their own split (each must still do it: the list only shrinks).
OWN_LIFECYCLE_YET = frozenset({"zoomclone/commands/video_run.py"})
THE_HELPERS = frozenset({"zoomclone/closing.py", "zoomclone/worker.py"})


def _is_protocol(node: ast.ClassDef) -> bool:
    return any(isinstance(b, ast.Name) and b.id == "Protocol" for b in node.bases)


def hand_written(path: Path) -> list[str]:
    """The classes in ``path`` that write ``__enter__``/``__exit__`` themselves (a Protocol only
    declares them), and the threads started without a Worker."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ClassDef) and not _is_protocol(node):
            found += [
                f"{node.name}.{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef) and item.name in ("__enter__", "__exit__")
            ]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Thread"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "threading"
        ):
            found.append(f"threading.Thread() at line {node.lineno}")
    return found


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_class_writes_its_own_enter_or_exit_and_no_thread_skips_the_worker() -> None:
    found = {
        _relative(path): problems
        for path in package_modules().values()
        if _relative(path) not in OWN_LIFECYCLE_YET | THE_HELPERS
        and (problems := hand_written(path))
    }
    assert found == {}


def test_the_own_lifecycle_list_names_only_files_that_still_need_it() -> None:
    stale = [name for name in OWN_LIFECYCLE_YET if not (ROOT / name).is_file()]
    assert stale == [], f"remove from OWN_LIFECYCLE_YET, they no longer exist: {stale}"
    done = [name for name in OWN_LIFECYCLE_YET if not hand_written(ROOT / name)]
    assert done == [], f"remove from OWN_LIFECYCLE_YET, they use the helpers now: {done}"


class Target:
    def submit(self, command: Command) -> bool:
        return True

    def status(self) -> dict[str, Any]:
        return {"state": "running"}


def test_the_control_server_answers_as_soon_as_it_is_made(private_user_folders: Path) -> None:
    address = private_user_folders / "c.sock"
    server = ControlServer(Target(), address)
    try:
        assert send_command(["status"], address, timeout_s=WAIT_S)["ok"] is True
    finally:
        server.close()
        server.close()
    assert not address.exists()
    assert not any(t.name.startswith("zoomclone-control") for t in threading.enumerate())


def test_the_panel_server_listens_as_soon_as_it_is_made(private_user_folders: Path) -> None:
    info_file = private_user_folders / "panel.json"
    panel = PanelServer(object(), PreviewTap(), info_file=info_file)  # type: ignore[arg-type]
    try:
        assert panel.port != 0 and info_file.exists()
    finally:
        panel.close()
        panel.close()
    assert not info_file.exists()
    assert not any(t.name == "zoomclone-panel" for t in threading.enumerate())


class Counting(StartsOnEnter):
    def __init__(self) -> None:
        self.starts = 0
        self.closes = 0

    def start(self) -> None:
        self.starts += 1

    def close(self) -> None:
        self.closes += 1


def test_a_with_block_starts_then_closes() -> None:
    with Counting() as counting:
        assert (counting.starts, counting.closes) == (1, 0)
    assert (counting.starts, counting.closes) == (1, 1)


def test_stop_signals_start_once_and_give_the_old_handlers_back_once() -> None:
    before = signal.getsignal(signal.SIGTERM)
    signals = StopSignals()
    with signals:
        signals.start()  # a second start does not take its own handler for the previous one
        assert signal.getsignal(signal.SIGTERM) != before
    assert signal.getsignal(signal.SIGTERM) == before
    signals.close()
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_worker_stopped_with_a_timeout_does_not_wait_for_a_stuck_loop() -> None:
    release = threading.Event()

    def stuck(stopping: threading.Event) -> None:
        release.wait(WAIT_S)  # deaf to ``stopping``, as a step inside a decoder is

    worker = Worker("zoomclone-stuck", stuck, daemon=True)
    worker.start()
    worker.stop(0.05)
    assert not worker.running
    release.set()


def test_the_offline_steps_run_on_workers_that_are_gone_afterwards() -> None:
    out: list[int] = []
    run_in_order(range(20), [lambda x: x + 1, lambda x: x * 2], out.append)
    assert out == [(x + 1) * 2 for x in range(20)]
    assert not any(t.name in ("read", "step-0", "step-1") for t in threading.enumerate())
