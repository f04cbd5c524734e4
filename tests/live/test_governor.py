from __future__ import annotations

from zoomclone.live.governor import Governor, GovernorConfig

CONFIG = GovernorConfig(window_frames=10, recover_frames=20)


def test_steps_down_in_order_when_frames_are_skipped() -> None:
    governor = Governor(CONFIG)
    changes = [governor.observe(1) for _ in range(10)]
    assert changes[-1] and governor.level == 1
    assert governor.cheap_refinement and governor.segment_stride == 1
    for _ in range(10):
        governor.observe(1)
    assert governor.level == 2 and governor.segment_stride == 2
    assert governor.active() == ["cheaper refinement", "segmenting every other frame"]
    for _ in range(30):
        governor.observe(1)
    assert governor.level == 2  # nothing further to give up


def test_recovers_one_step_after_a_calm_stretch() -> None:
    governor = Governor(CONFIG)
    for _ in range(20):
        governor.observe(1)
    assert governor.level == 2
    for _ in range(10 + 20):
        governor.observe(0)
    assert governor.level == 1
    for _ in range(10 + 20):
        governor.observe(0)
    assert governor.level == 0 and governor.active() == []


def test_keeping_up_never_degrades_and_disabled_never_changes() -> None:
    governor = Governor(CONFIG)
    for i in range(200):
        governor.observe(1 if i % 50 == 0 else 0)
    assert governor.level == 0
    off = Governor(GovernorConfig(enabled=False, window_frames=10))
    for _ in range(50):
        off.observe(5)
    assert off.level == 0
