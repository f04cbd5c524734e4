"""Failures in the middle of a call: the output keeps flowing and nothing leaks."""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.live.test_pipeline import make_pipeline
from zoomclone.backgrounds import BackgroundCycle, VideoBackground
from zoomclone.errors import BackgroundError
from zoomclone.live.config import PipelineConfig
from zoomclone.live.stats import peak_rss_mb
from zoomclone.segmentation import FakeSegmenter
from zoomclone.sinks import NullSink, RecordingSink
from zoomclone.sources import FakeSource

SOAK_FRAMES = 10_000
SOAK_RSS_GROWTH_MB = 10.0


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return peak_rss_mb()


def test_segmenter_failures_fall_back_log_once_and_keep_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    segmenter = FakeSegmenter(fail_on=lambda call: call % 3 == 0)
    sink = RecordingSink(keep=1)
    pipeline = make_pipeline(
        source=FakeSource(frames=None),
        segmenter=segmenter,
        sinks=[sink],
        config=PipelineConfig(max_frames=30),
    )
    with caplog.at_level(logging.WARNING, logger="zoomclone"):
        pipeline.run()
    assert sink.sent == 30
    assert segmenter.calls >= 15  # segmentation goes on after each failure
    assert sum("segmentation failed" in r.getMessage() for r in caplog.records) == 1


class BreakingVideo(VideoBackground):
    """A video background whose file goes bad after a few frames."""

    def __init__(self, path: Path, good_frames: int) -> None:
        super().__init__(path)
        self.good_frames = good_frames

    def backdrop(self, frame: np.ndarray, alpha: np.ndarray, t_s: float) -> np.ndarray:
        self.good_frames -= 1
        if self.good_frames < 0:
            raise BackgroundError(f"background video {self.path} cannot be decoded any more")
        return super().backdrop(frame, alpha, t_s)


def test_a_video_background_that_breaks_is_replaced_by_blur(tmp_path: Path) -> None:
    path = tmp_path / "bg.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (64, 48))
    for _ in range(3):
        writer.write(np.full((48, 64, 3), 200, np.uint8))
    writer.release()
    sink = RecordingSink()
    pipeline = make_pipeline(
        sinks=[sink], cycle=BackgroundCycle([BreakingVideo(path, good_frames=2)])
    )
    for _ in range(5):
        assert pipeline.step()
    assert sink.sent == 5
    assert pipeline.status()["background"] == "blur:2"


def test_soak_10000_frames_without_memory_growth_or_leaked_threads() -> None:
    before_threads = set(threading.enumerate())
    warm = make_pipeline(
        source=FakeSource(96, 64, frames=None),
        sinks=[NullSink()],
        config=PipelineConfig(max_frames=500),
    )
    warm.run()
    gc.collect()
    start_rss = _rss_mb()
    pipeline = make_pipeline(
        source=FakeSource(96, 64, frames=None),
        sinks=[NullSink()],
        backgrounds=("white", "blur", "black"),
        config=PipelineConfig(max_frames=SOAK_FRAMES),
    )
    pipeline.run()
    gc.collect()
    growth = _rss_mb() - start_rss
    assert pipeline.stats.summary()["frames"] == SOAK_FRAMES
    assert growth < SOAK_RSS_GROWTH_MB, f"RSS grew by {growth:.1f} MB"
    assert set(threading.enumerate()) == before_threads
