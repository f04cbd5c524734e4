"""The work of ``zoomclone video``: a recorded video or picture sequence in, every frame out,
same timing.

Decoding, segmentation, matting with compositing, and encoding run on their own threads
(``stages.run_in_order``), in order, nothing dropped; the audio of a video input is kept.
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any

import av
import numpy as np

from zoomclone.backgrounds import Background, background_files, needs_alpha, parse_background
from zoomclone.compositor import Compositor
from zoomclone.effects.autoframe import Crop, box_of
from zoomclone.effects.chain import Effects, EffectsConfig, shows_room
from zoomclone.effects.framing_plan import FramingPlan
from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask
from zoomclone.matting.engine import MatteEngine
from zoomclone.offline.progress import Progress
from zoomclone.offline.stages import Step, Streamed, run_in_order, run_serially
from zoomclone.paths import check_writable_file, refuse_overwrite, shown
from zoomclone.segmentation import DEFAULT_RUNTIME, open_segmenter, require_runtime
from zoomclone.signals import StopSignals
from zoomclone.sinks.av_file import AvWriter, Encoding, choose_encoding
from zoomclone.sinks.file import FileSink, check_output_target
from zoomclone.sources.av_file import AvReader, Timed
from zoomclone.sources.offline import PictureSequence, open_input
from zoomclone.sources.video import is_sequence_pattern

Segmented = tuple[Timed, Mask, Crop | None]  # a frame, its confidence, its look-ahead crop if any


@dataclass(frozen=True)
class VideoOptions:
    """What the command line asked for."""

    input_path: str
    output_path: str
    background_spec: str
    model: str
    runtime: str = DEFAULT_RUNTIME
    codec: str | None = None
    crf: int | None = None
    fps: float | None = None
    threads: bool = True
    effects: EffectsConfig | None = None


class _Output:
    """The video file (opened at the first frame, once its size is known) or picture sequence."""

    def __init__(
        self, options: VideoOptions, source: AvReader | PictureSequence, *, alpha: bool
    ) -> None:
        self.path = options.output_path
        self.alpha = alpha
        self.sequence = is_sequence_pattern(self.path)
        self.encoding: Encoding | None = None
        if not self.sequence:
            self.encoding = choose_encoding(self.path, options.codec, options.crf)
        elif options.codec is not None or options.crf is not None:
            raise UsageError("--codec and --crf apply to a video file output, not to pictures")
        self.source = source
        self.audio: queue.SimpleQueue[av.Packet[Any]] = queue.SimpleQueue()
        self.writer: AvWriter | FileSink | None = None
        self.frames = 0
        self._stack = ExitStack()

    def write(self, frame: Frame, pts: int) -> None:
        if self.writer is None:
            writer = self._open(frame)
            self._stack.enter_context(writer)
            self.writer = writer
        if isinstance(self.writer, AvWriter):
            self._keep_audio(self.writer)
            self.writer.write(frame, pts)
        else:
            self.writer.send(frame)
        self.frames += 1

    def _open(self, first: Frame) -> AvWriter | FileSink:
        height, width = first.shape[:2]
        if self.encoding is None:
            return FileSink(self.path, width, height, float(self.source.rate), alpha=self.alpha)
        return AvWriter(
            self.path,
            (width, height),
            self.source.time_base,
            Fraction(self.source.rate),
            self.encoding,
            audio=self.source.audio,
            rotation=self.source.rotation,
        )

    def _keep_audio(self, writer: AvWriter) -> None:
        while True:
            try:
                packet = self.audio.get_nowait()
            except queue.Empty:
                return
            writer.write_audio(packet)

    def __enter__(self) -> _Output:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None and isinstance(self.writer, AvWriter):
            self._keep_audio(self.writer)
        self._stack.__exit__(exc_type, exc, tb)


def _stopped_line(output: _Output) -> str:
    if output.sequence:
        return (
            f"zoomclone: stopped: {shown(output.path)} holds the {output.frames} frames "
            "written so far"
        )
    return (
        f"zoomclone: stopped after {output.frames} frames: the unfinished video was discarded "
        f"and {shown(output.path)} was left as it was"
    )


def run_video(options: VideoOptions) -> int:
    """Process every frame in order; nothing is dropped."""
    require_runtime(options.runtime)
    chain = Effects(options.effects)  # first: a bad overlay is a usage error before any work
    backgrounds = parse_background(options.background_spec)
    if len(backgrounds) != 1:
        raise UsageError("zoomclone video takes one background, not a folder of them")
    background = backgrounds[0]
    chain.room_shown = shows_room(background)  # the low-light lift may skip a hidden room
    alpha = needs_alpha(background)
    check_output_target(options.output_path, alpha=alpha)
    refuse_overwrite(options.output_path, [options.input_path, *background_files(backgrounds)])
    if not is_sequence_pattern(options.output_path):
        check_writable_file(Path(options.output_path), "output")
    rate = Fraction(options.fps).limit_denominator(1001) if options.fps else None
    output: _Output | None = None
    with ExitStack() as stack:
        signals = stack.enter_context(StopSignals())
        stack.callback(background.close)
        source = open_input(options.input_path, rate)
        stack.enter_context(source)
        output = _Output(options, source, alpha=alpha)
        segmenter = open_segmenter(options.model, runtime=options.runtime)
        engine = MatteEngine(stack.enter_context(segmenter))
        bar = stack.enter_context(Progress(source.frame_count, "frames"))
        signals.defer()  # from here a signal stops the run between two frames: none half written
        try:
            with output:
                _process(options, source, output, engine, background, bar, chain, signals)
        except KeyboardInterrupt:
            bar.write(_stopped_line(output))
            raise
    return 0


def _process(
    options: VideoOptions,
    source: AvReader | PictureSequence,
    output: _Output,
    engine: MatteEngine,
    background: Background,
    bar: Progress,
    chain: Effects,
    signals: StopSignals,
) -> None:
    compositor = Compositor()
    seconds = float(source.time_base)

    def segment(timed: Timed) -> Segmented:
        return timed, engine.confidence(timed.image), None

    def composite(item: Segmented) -> tuple[Timed, Frame]:
        timed, confidence, planned = item
        frame, t_s = timed.image, timed.pts * seconds
        if chain.active:  # framing and light keep state: this step runs frames in order
            frame, seen = chain.prepare(frame, confidence, t_s, planned)
            confidence = seen if seen is not None else confidence
        alpha = engine.alpha(frame, confidence)
        if chain.edge_offset:
            alpha = chain.alpha(alpha.copy())
        out = compositor.composite(frame, alpha, background, t_s)
        if chain.overlay:
            out = chain.draw_overlay(np.array(out))
        elif out is frame and frame is not timed.image:  # the chain's buffer, the next frame's too
            out = out.copy()  # (--background none): encoding reads it on another thread
        return timed, out

    def encode(item: tuple[Timed, Frame]) -> None:
        timed, frame = item
        output.write(frame, timed.pts)
        bar.advance()

    frames = source.frames(output.audio.put)
    steps: list[Step] = [segment, composite]
    if chain.framing:  # a recording can look ahead: each crop sees the frames after it too
        steps.insert(1, Streamed(lambda items: _planned(items, seconds)))
    if options.threads:
        run_in_order(frames, steps, encode, check=signals.raise_if_received)
        return
    for item in run_serially(_checked(frames, signals), steps):
        encode(item)


def _checked(frames: Iterator[Timed], signals: StopSignals) -> Iterator[Timed]:
    for timed in frames:
        signals.raise_if_received()
        yield timed


def _planned(items: Iterator[Segmented], seconds: float) -> Iterator[Segmented]:
    """Each segmented frame with its look-ahead crop (``FramingPlan``), planned in the first
    frame's pixels; a frame of another size (a mixed picture sequence) gets the same share of its
    own picture, so the framing does not jump between sizes."""
    first = next(items, None)
    if first is None:
        return
    image = first[0].image
    plan = FramingPlan((image.shape[1], image.shape[0]))

    def boxes() -> Iterator[tuple[Segmented, tuple[float, float, float, float] | None, float]]:
        for item in itertools.chain([first], items):
            timed, confidence, _ = item  # the confidence describes the whole frame, any size
            yield item, box_of(confidence, plan.source, plan.config.threshold), timed.pts * seconds

    width, height = plan.source
    for (timed, confidence, _), crop in plan.crops(boxes()):
        sx, sy = timed.image.shape[1] / width, timed.image.shape[0] / height
        yield timed, confidence, Crop(crop.cx * sx, crop.cy * sy, crop.h * sy)
