"""What the user reads when the machine cannot keep up, and when it catches up again."""

from __future__ import annotations

import itertools
import logging

import pytest

from tests.live.test_pipeline import make_pipeline
from zoomclone.live.config import PipelineConfig
from zoomclone.live.governor import Governor, GovernorConfig, level_message


def test_each_change_of_level_reads_as_what_changed() -> None:
    assert level_message(0, 1).startswith("frames were being skipped: now using a cheaper edge")
    assert "every other frame" in level_message(1, 2)
    assert level_message(2, 1).startswith("keeping up again")
    assert level_message(1, 0) == "keeping up again: back to full quality"


def test_stepping_up_never_says_it_cannot_keep_up() -> None:
    governor = Governor(GovernorConfig(window_frames=2, recover_frames=2))
    levels = [0]
    for dropped in (5, 5, 0, 0, 0, 0, 0, 0):
        if governor.observe(dropped):
            levels.append(governor.level)
    messages = [level_message(a, b) for a, b in itertools.pairwise(levels)]
    assert messages and all("cannot keep up" not in m for m in messages)
    assert messages[-1] == "keeping up again: back to full quality"


def test_the_pipeline_logs_one_line_per_change(caplog: pytest.LogCaptureFixture) -> None:
    governor = GovernorConfig(window_frames=1, recover_frames=1)
    pipeline = make_pipeline(config=PipelineConfig(governor=governor))
    with caplog.at_level(logging.WARNING):
        pipeline._govern(9)  # one window, all skipped: one step down
        pipeline._govern(0)  # one calm window: back up
    # the terminal's handler (cli.show_warnings) puts the "zoomclone: " prefix on every line
    assert [r.getMessage() for r in caplog.records] == [
        level_message(0, 1),
        "keeping up again: back to full quality",
    ]
