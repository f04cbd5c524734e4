"""The live pipeline on fakes: no webcam, no device, no display, no wall clock in the step tests."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from zoomclone.backgrounds import BackgroundCycle, load_backgrounds
from zoomclone.clock import Clock, FakeClock, SystemClock
from zoomclone.control.commands import Action, Command
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.errors import UsageError
from zoomclone.live.config import PipelineConfig, PipelineState
from zoomclone.live.pipeline import LivePipeline
from zoomclone.matting.engine import MatteEngine, Prepared
from zoomclone.matting.framing import FramingConfig
from zoomclone.matting.matte import MatteConfig
from zoomclone.segmentation import FakeSegmenter
from zoomclone.segmentation.fake import bright_pixels_mask
from zoomclone.sinks import NullSink, RecordingSink
from zoomclone.sources import FakeSource

FAST_MATTE = MatteConfig(refine=False)
NO_CROP = FramingConfig(crop_pass=False)


def make_pipeline(
    *,
    source: FakeSource | None = None,
    segmenter: FakeSegmenter | None = None,
    sinks: list[RecordingSink | NullSink] | None = None,
    backgrounds: tuple[str, ...] = ("white", "black"),
    config: PipelineConfig | None = None,
    clock: Clock | None = None,
    cycle: BackgroundCycle | None = None,
    effects: Effects | None = None,
) -> LivePipeline:
    """A pipeline on fakes; ``cycle`` (already made) wins over the ``backgrounds`` names."""
    engine = MatteEngine(segmenter or FakeSegmenter(), FAST_MATTE, NO_CROP)
    return LivePipeline(
        source=source or FakeSource(frames=50),
        engine=engine,
        sinks=sinks if sinks is not None else [RecordingSink()],
        backgrounds=cycle or BackgroundCycle(load_backgrounds(backgrounds)),
        config=config,
        clock=clock or FakeClock(),
        effects=effects,
    )


def test_step_composites_the_person_over_the_background() -> None:
    sink = RecordingSink()
    pipeline = make_pipeline(sinks=[sink])
    assert pipeline.step()
    out = sink.frames[0]
    assert out.shape == (180, 320, 3)
    assert (out[2, 2] == 255).all()  # a corner of the room: white background
    assert int(out[90, 160].min()) > 150  # the bright 'person' in the middle is kept


def test_step_returns_false_at_the_end_of_a_finite_source() -> None:
    pipeline = make_pipeline(source=FakeSource(frames=2))
    assert pipeline.step() and pipeline.step()
    assert not pipeline.step()


def test_commands_cycle_backgrounds_toggle_and_mirror() -> None:
    sink = RecordingSink()
    pipeline = make_pipeline(sinks=[sink])
    pipeline.submit(Command(Action.NEXT))
    pipeline.step()
    assert (sink.frames[-1][2, 2] == 0).all()  # black
    assert pipeline.status()["background"] == "black"
    pipeline.submit(Command(Action.TOGGLE))
    pipeline.step()
    assert (sink.frames[-1][2, 2] == 30).all()  # effect off: the room itself
    pipeline.submit(Command(Action.TOGGLE))
    pipeline.submit(Command(Action.BACKGROUND, "white"))
    pipeline.submit(Command(Action.MIRROR))
    pipeline.step()
    frame = pipeline.source.read()
    assert frame is not None
    assert pipeline.status()["mirror"] is True


def test_blur_key_cycles_strengths_then_off() -> None:
    pipeline = make_pipeline()
    names = []
    for _ in range(4):
        pipeline.apply(Command(Action.BLUR))
        names.append(pipeline.status()["background"])
    assert names == ["blur:1", "blur:2", "blur:3", "white"]


def test_unknown_background_name_is_refused_and_the_pipeline_goes_on() -> None:
    pipeline = make_pipeline()
    with pytest.raises(UsageError):
        pipeline.apply(Command(Action.BACKGROUND, "nope"))
    pipeline.submit(Command(Action.BACKGROUND, "nope"))
    assert pipeline.step()


def test_no_mask_yet_blurs_everything_rather_than_show_the_room() -> None:
    sink = RecordingSink()
    pipeline = make_pipeline(segmenter=FakeSegmenter(fail_on=lambda call: True), sinks=[sink])
    assert pipeline.step()
    frame = FakeSource().read()
    assert frame is not None
    assert not np.array_equal(sink.frames[0], frame)


def test_threaded_run_delivers_max_frames_with_fresh_masks_and_joins_every_thread() -> None:
    before = set(threading.enumerate())
    sink = RecordingSink(keep=2)
    pipeline = make_pipeline(
        source=FakeSource(frames=None), sinks=[sink], config=PipelineConfig(max_frames=40)
    )
    pipeline.run()
    summary = pipeline.stats.summary()
    assert sink.sent == 40
    assert summary["frames"] == 40
    assert summary["dropped_frames"] == 0  # unpaced file input runs in lockstep
    assert summary["mask_age_frames"]["p50"] == 0
    assert pipeline.state is PipelineState.STOPPED
    assert set(threading.enumerate()) == before


def test_stop_from_another_thread_ends_run_and_joins() -> None:
    before = set(threading.enumerate())
    pipeline = make_pipeline(source=FakeSource(frames=None), sinks=[NullSink()])
    timer = threading.Timer(0.2, pipeline.stop)
    timer.start()
    pipeline.run()
    timer.join()
    assert pipeline.state is PipelineState.STOPPED
    assert set(threading.enumerate()) == before


def test_quit_command_stops_the_run() -> None:
    pipeline = make_pipeline(source=FakeSource(frames=None), sinks=[NullSink()])
    pipeline.submit(Command(Action.QUIT))
    pipeline.run()
    assert pipeline.state is PipelineState.STOPPED


def test_a_pipeline_runs_once() -> None:
    pipeline = make_pipeline(source=FakeSource(frames=3))
    pipeline.run()
    with pytest.raises(UsageError, match="runs once"):
        pipeline.run()


def test_end_of_file_source_ends_the_run() -> None:
    sink = RecordingSink()
    pipeline = make_pipeline(source=FakeSource(frames=7), sinks=[sink])
    pipeline.run()
    assert sink.sent == 7


def test_camera_failure_keeps_frames_flowing_and_reconnects() -> None:
    """Unplugged after 5 reads, back on the 3rd reopen: the call never stops getting frames."""
    sink = RecordingSink(keep=200)
    source = FakeSource(
        frames=None,
        live=True,
        fail_on=lambda read: read == 5,
        reopen_fails=lambda attempt: attempt < 3,
    )
    pipeline = make_pipeline(
        source=source,
        sinks=[sink],
        config=PipelineConfig(max_frames=60, reconnect_backoff_s=(0.01, 0.02), output_fps=100.0),
        clock=SystemClock(),
    )
    pipeline.run()
    assert source.reopens == 3
    assert sink.sent >= 60
    assert pipeline.status()["camera"] == "ok"


def test_a_slow_machine_degrades_in_order_and_says_so() -> None:
    from zoomclone.live.governor import GovernorConfig

    pipeline = make_pipeline(
        config=PipelineConfig(governor=GovernorConfig(window_frames=5, recover_frames=1000))
    )
    for _ in range(5):
        pipeline._govern(dropped=2)
    assert pipeline.stats.summary()["degraded"] == ["cheaper refinement"]
    assert pipeline.engine.matte.config.refine is False
    for _ in range(5):
        pipeline._govern(dropped=2)
    assert pipeline.governor.segment_stride == 2
    assert not pipeline._segments(3) and pipeline._segments(4)
    pipeline.session.view.show_stats = True
    assert any(
        "degraded: segmenting every other frame" in line
        for line in pipeline.session.overlay_lines()
    )


def test_the_output_thread_prepares_frames_while_the_model_runs() -> None:
    """The mask-independent part of the refinement is done by the output thread (idle while the
    model runs) and the segmenter takes it: the masks are the same as without that help."""
    threads: list[str] = []

    class RecordingEngine(MatteEngine):
        def prepare(self, frame: np.ndarray) -> Prepared:
            threads.append(threading.current_thread().name)
            return super().prepare(frame)

    def slow_mask(frame: np.ndarray, width: int, height: int) -> np.ndarray:
        time.sleep(0.01)  # a model takes a while: the output thread gets there first
        return bright_pixels_mask(frame, width, height)

    slow = FakeSegmenter(slow_mask)
    engine = RecordingEngine(slow, MatteConfig(), NO_CROP)
    sink = RecordingSink()
    pipeline = LivePipeline(
        source=FakeSource(frames=20),
        engine=engine,
        sinks=[sink],
        backgrounds=BackgroundCycle(load_backgrounds(("white",))),
        config=PipelineConfig(max_frames=10, pace_fps=30.0),
        clock=SystemClock(),
    )
    pipeline.run()
    # On a loaded machine a frame can be dropped by design (the newest frame wins): the point here
    # is who prepares, so count what came out rather than demand every frame.
    assert len(sink.frames) >= 5
    assert threads.count(threading.main_thread().name) >= len(sink.frames) // 2
    # same masks either way
    frame = FakeSource(frames=1).read()
    assert frame is not None
    helped = MatteEngine(FakeSegmenter(), MatteConfig(), NO_CROP)
    alone = MatteEngine(FakeSegmenter(), MatteConfig(), NO_CROP)
    ready = helped.prepare(frame)
    np.testing.assert_array_equal(helped.confidence(frame, lambda: ready), alone.confidence(frame))


def test_a_stop_before_run_starts_is_kept() -> None:
    pipeline = make_pipeline(source=FakeSource(frames=None), sinks=[NullSink()])
    pipeline.stop()  # e.g. a signal while it was being built
    thread = threading.Thread(target=pipeline.run, daemon=True)
    thread.start()
    thread.join(10.0)
    assert not thread.is_alive()
    assert pipeline.state is PipelineState.STOPPED


def test_the_live_renderer_tells_the_light_lift_whether_the_room_shows() -> None:
    effects = Effects(EffectsConfig(light=True))
    pipeline = make_pipeline(backgrounds=("white",), effects=effects)
    pipeline.step()
    pipeline.step()  # the second frame has a mask: the white replaces the room
    assert effects.room_shown is False
    pipeline.apply(Command(Action.BLUR, "2"))
    pipeline.step()
    assert effects.room_shown is True  # the blurred room is seen: it is lifted too
