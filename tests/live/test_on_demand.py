"""On demand: who reads the virtual camera (from a fake /proc), and the camera resting meanwhile."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from tests.live.test_pipeline import FAST_MATTE, NO_CROP
from zoomclone.backgrounds import BackgroundCycle, load_backgrounds
from zoomclone.clock import FakeClock, SystemClock
from zoomclone.live.on_demand import (
    Demand,
    OnDemandConfig,
    OnDemandSegmenter,
    OnDemandSource,
    device_readers,
)
from zoomclone.live.pipeline import LivePipeline
from zoomclone.matting.engine import MatteEngine
from zoomclone.segmentation import FakeSegmenter
from zoomclone.sinks import RecordingSink
from zoomclone.sources import FakeSource

OUR_PID = 100


def fake_proc(root: Path, device: Path, holders: dict[int, list[str]]) -> Path:
    """``root/<pid>/fd/<n>`` symlinks, as /proc shows open files."""
    device.touch()
    for pid, targets in holders.items():
        fd = root / str(pid) / "fd"
        fd.mkdir(parents=True)
        for n, target in enumerate(targets):
            os.symlink(target, fd / str(n))
    (root / "self").mkdir(parents=True)
    return root


def test_readers_are_other_processes_with_the_device_open(tmp_path: Path) -> None:
    device = tmp_path / "video10"
    proc = fake_proc(
        tmp_path / "proc",
        device,
        {OUR_PID: [str(device)], 200: ["/dev/null", str(device)], 300: ["/dev/video0"]},
    )
    assert device_readers(device, proc, own_pid=OUR_PID) == {200}


def test_no_reader_when_only_we_hold_it(tmp_path: Path) -> None:
    device = tmp_path / "video10"
    proc = fake_proc(tmp_path / "proc", device, {OUR_PID: [str(device)], 300: ["/dev/null"]})
    assert device_readers(device, proc, own_pid=OUR_PID) == set()


def test_unreadable_fd_folders_are_skipped(tmp_path: Path) -> None:
    device = tmp_path / "video10"
    proc = fake_proc(tmp_path / "proc", device, {})
    (proc / "400").mkdir()  # no fd folder: an ended or foreign process
    assert device_readers(device, proc, own_pid=OUR_PID) == set()


def test_demand_lingers_before_letting_the_camera_rest() -> None:
    readers = [True]
    clock = FakeClock()
    demand = Demand(lambda: readers[0], OnDemandConfig(linger_s=5.0), clock)
    assert demand.poll()
    readers[0] = False
    clock.advance(4.0)
    assert demand.poll()
    clock.advance(1.0)
    assert not demand.poll()
    readers[0] = True
    assert demand.poll()


def test_the_camera_closes_while_unread_and_reopens_for_a_reader() -> None:
    readers = [False]
    demand = Demand(lambda: readers[0], OnDemandConfig(linger_s=0.0), FakeClock())
    camera = FakeSource(frames=None, live=True)
    source = OnDemandSource(camera, demand)
    segmenter = OnDemandSegmenter(FakeSegmenter(), demand)
    demand.poll()
    idle = source.read()
    assert idle is not None and camera.closed == 1 and camera.reads == 0
    mask = segmenter.segment(idle)
    assert segmenter.skipped == 1 and not mask.any()
    assert mask.shape == (segmenter.input_height, segmenter.input_width)
    readers[0] = True
    demand.poll()
    frame = source.read()
    assert camera.reopens == 1 and camera.reads == 1
    assert frame is not None and not np.array_equal(frame, idle)


def test_the_watcher_thread_stops_and_joins() -> None:
    with Demand(lambda: False, OnDemandConfig(poll_s=0.01, linger_s=0.0)) as demand:
        demand.wanted.wait(0.0)
        assert any(t.name == "zoomclone-on-demand" for t in threading.enumerate())
    assert not any(t.name == "zoomclone-on-demand" for t in threading.enumerate())


def test_a_running_pipeline_rests_the_camera_and_wakes_it(tmp_path: Path) -> None:
    """No reader: camera closed, no inference, frames still flow; a reader: the camera is back."""
    readers = [True]
    demand = Demand(lambda: readers[0], OnDemandConfig(linger_s=0.0, idle_fps=100.0))
    camera = FakeSource(frames=None, live=True)
    segmenter = OnDemandSegmenter(FakeSegmenter(), demand)
    sink = RecordingSink(keep=1)
    pipeline = LivePipeline(
        source=OnDemandSource(camera, demand),
        engine=MatteEngine(segmenter, FAST_MATTE, NO_CROP),
        sinks=[sink],
        backgrounds=BackgroundCycle(load_backgrounds(("white",))),
        clock=SystemClock(),
    )
    thread = threading.Thread(target=pipeline.run)
    thread.start()
    try:
        wait_until(lambda: sink.sent >= 3)
        readers[0] = False
        demand.poll()
        wait_until(lambda: segmenter.skipped >= 3)
        assert camera.closed == 1
        reads, sent = camera.reads, sink.sent
        wait_until(lambda: sink.sent >= sent + 3)
        assert camera.reads == reads  # frames flow, the camera stays closed
        readers[0] = True
        demand.poll()
        wait_until(lambda: camera.reads > reads + 3)
        assert camera.reopens == 1 and thread.is_alive()
    finally:
        pipeline.stop()
        thread.join()


def wait_until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)
