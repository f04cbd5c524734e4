"""The live pipeline: capture thread, segmenter thread, and the output loop on the caller's thread.

    source ──capture thread──▶ frames (one-slot mailbox) ──▶ segmenter thread ──▶ masks (one-slot)
                                      │                                              │
                                      └──────────▶ output loop: alpha, composite ◀───┘ ──▶ sinks

Each frame is composited with the mask computed from that same frame when the segmenter delivers it
within ``mask_deadline_ms``; otherwise with the newest older mask (its age in frames is recorded).
Nothing queues: a slow stage makes the others skip to the newest item, never fall behind.
``step()`` runs one frame synchronously, without threads, for tests and offline work.
"""

from __future__ import annotations

import enum
import functools
import logging
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import cv2
import numpy as np

from zoomclone.backgrounds import (
    BLUR_STRENGTHS,
    Background,
    BackgroundCycle,
    BlurBackground,
    NoBackground,
    TransparentBackground,
)
from zoomclone.clock import Clock, SystemClock
from zoomclone.compositor import Compositor
from zoomclone.controls import Action, Command
from zoomclone.effects.chain import EFFECT_ACTIONS, Effects
from zoomclone.engine import MatteEngine, Prepared
from zoomclone.errors import (
    BackgroundError,
    InputError,
    SegmenterError,
    SinkError,
    SourceError,
    UsageError,
)
from zoomclone.frames import fit_to
from zoomclone.governor import Governor, GovernorConfig, level_message
from zoomclone.mailbox import Mailbox
from zoomclone.once import Once
from zoomclone.overlay import disconnected_frame
from zoomclone.pacing import Pacer, stall_threshold_s
from zoomclone.segmentation.base import Frame, Mask
from zoomclone.sinks.base import FrameSink
from zoomclone.sources.base import FrameSource
from zoomclone.stats import Stats

log = logging.getLogger(__name__)

DISCONNECTED_TEXT = "camera disconnected - reconnecting"
UNAVAILABLE_TEXT = "input unavailable - retrying"
COMMAND_QUEUE_SIZE = 64
TOAST_S = 1.0
DECODE_SMOOTHING = 0.1
_SELECTING = (Action.NEXT, Action.PREV, Action.BACKGROUND, Action.BLUR)


@dataclass(frozen=True)
class PipelineConfig:
    """How the live pipeline runs.

    ``pace_fps``: for file sources, deliver frames at this rate (None: as fast as the pipeline
    goes). ``mask_deadline_ms``: how long the output waits for the mask of its own frame.
    ``max_frames``: stop after this many output frames, placeholders included (None: run until
    stopped).
    ``reconnect_backoff_s``: waits between attempts to reopen a failed camera (the last repeats).
    ``output_fps``: the rate of placeholder frames while the camera or input file is away.
    ``opencv_threads``: OpenCV's own worker threads during the run (None: leave as is). The
    pipeline already runs its stages on three threads; OpenCV's pool on top of them made each
    step slower on 2 cores when frames come as fast as possible, and at a camera's pace it
    lowered the latency's median but not its p95, and cost CPU with the blur (docs/performance.md).
    """

    pace_fps: float | None = None
    mask_deadline_ms: float = 30.0
    max_frames: int | None = None
    mirror: bool = False
    reconnect_backoff_s: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0)
    output_fps: float = 30.0
    join_timeout_s: float = 2.0
    governor: GovernorConfig = field(default_factory=GovernorConfig)
    opencv_threads: int | None = 1


class PipelineState(enum.Enum):
    NEW = "new"
    RUNNING = "running"
    STOPPED = "stopped"


@runtime_checkable
class InteractiveSink(Protocol):
    """A sink the user can type into and that shows overlays (the preview window)."""

    def poll_commands(self) -> list[Command]: ...

    def set_overlay(self, lines: list[str], toast: str | None) -> None: ...


@dataclass(frozen=True)
class CapturedFrame:
    """A frame as captured; ``prepared``: the mask-independent part of its refinement, made by
    whichever of the output and segmenter threads asks first (``MatteEngine.prepare``)."""

    frame: Frame
    t_capture: float
    prepared: Once[Prepared] | None = None


@dataclass(frozen=True)
class ComputedMask:
    """The answer for frame ``frame_seq``: its own mask, or after a failure the newest older one
    (computed from frame ``mask_seq``), or None when there was never one."""

    frame_seq: int
    mask_seq: int
    confidence: Mask | None


@dataclass(frozen=True)
class Backdrop:
    """A backdrop made ahead of the mask, for the background it was made for, in the output
    buffer itself (``Background.backdrop_into``)."""

    background: Background
    backdrop: Frame
    seconds: float


@dataclass
class ViewState:
    """What the user toggles: the effect, blur, mirror and overlays."""

    effect_on: bool = True
    blur_strength: int | None = None
    mirror: bool = False
    show_stats: bool = False
    show_help: bool = False
    toast: str | None = None
    toast_until: float = 0.0
    blur_cache: dict[int, BlurBackground] = field(default_factory=dict)


class LivePipeline:
    """``LivePipeline(source=..., engine=..., sinks=[...], backgrounds=...)``; ``run()`` or ``step()``."""

    def __init__(
        self,
        *,
        source: FrameSource,
        engine: MatteEngine,
        sinks: Sequence[FrameSink],
        backgrounds: BackgroundCycle,
        config: PipelineConfig | None = None,
        clock: Clock | None = None,
        stats: Stats | None = None,
        effects: Effects | None = None,
    ) -> None:
        self.source = source
        self.size = (source.info.width, source.info.height)  # the sinks' size, fixed at start
        self.engine = engine
        self.sinks = list(sinks)
        self.backgrounds = backgrounds
        self.config = config or PipelineConfig()
        self.clock = clock or SystemClock()
        self.stats = stats or Stats(get_time=self.clock.now)
        self.view = ViewState(mirror=self.config.mirror)
        self.state = PipelineState.NEW
        self.compositor = Compositor()
        self.governor = Governor(self.config.governor)
        self.effects = effects or Effects()
        self._buffers: dict[str, Frame] = {}
        self._frames: Mailbox[CapturedFrame] = Mailbox()
        self._masks: Mailbox[ComputedMask] = Mailbox()
        self._commands: queue.Queue[tuple[Command, threading.Event]] = queue.Queue(
            COMMAND_QUEUE_SIZE
        )
        self._stopping = threading.Event()
        self._taken = threading.Event()
        self._source_ended = threading.Event()
        self._source_down = threading.Event()
        self._threads: list[threading.Thread] = []
        self._last_output: Frame | None = None
        self._segmenter_failed_once = False
        self._start_t = self.clock.now()
        self._status_lock = threading.Lock()
        self._frames_out = 0
        self._segmenter_busy_with: int | None = None  # the frame the segmenter works on

    # ---- commands -------------------------------------------------------------------------

    def submit(self, command: Command) -> threading.Event | None:
        """Queue a command from any thread: an Event set once it is applied, or None when too
        many are waiting."""
        applied = threading.Event()
        try:
            self._commands.put_nowait((command, applied))
        except queue.Full:
            return None
        return applied

    def status(self) -> dict[str, Any]:
        """A snapshot for ``zoomclone ctl status``; safe from any thread."""
        with self._status_lock:
            return {
                "state": self.state.value,
                "background": self._chosen_name(),
                "effect": self.view.effect_on,
                "mirror": self.view.mirror,
                "frames": self._frames_out,
                "fps": round(self.stats.recent_fps(), 1),
                "mask_age_frames": self.stats.recent_mask_age(),
                "blur_strength": self.view.blur_strength,
                "camera": "disconnected" if self._source_down.is_set() else "ok",
                "backgrounds": [b.name for b in self.backgrounds.backgrounds],
                **self.effects.status(),
            }

    def _background_name(self) -> str:
        return self._chosen_name() if self.view.effect_on else "none (effect off)"

    def _chosen_name(self) -> str:
        """The background shown while the effect is on."""
        if self.view.blur_strength is not None:
            return f"blur:{self.view.blur_strength}"
        return self.backgrounds.current.name

    def _apply_commands(self) -> None:
        while True:
            try:
                command, applied = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                self.apply(command)
            except UsageError as err:
                log.warning("%s", err)
            finally:
                applied.set()

    def apply(self, command: Command) -> None:
        """Apply one command now (on the output thread)."""
        with self._status_lock:
            self._apply_locked(command)

    def _apply_locked(self, command: Command) -> None:
        view, action = self.view, command.action
        if action is Action.NEXT:
            self.backgrounds.step(1)
            view.blur_strength = None
        elif action is Action.PREV:
            self.backgrounds.step(-1)
            view.blur_strength = None
        elif action is Action.BACKGROUND:
            self.backgrounds.select(command.argument or "")
            view.blur_strength = None
        elif action is Action.BLUR:
            view.blur_strength = _blur_strength(view.blur_strength, command.argument)
        elif action is Action.TOGGLE:
            view.effect_on = not view.effect_on
        elif action is Action.MIRROR:
            view.mirror = not view.mirror
        elif action is Action.STATS:
            view.show_stats = not view.show_stats
        elif action is Action.HELP:
            view.show_help = not view.show_help
        elif action is Action.RELOAD:
            self.backgrounds.reload()
        elif action is Action.QUIT:
            self.stop()
        elif action in EFFECT_ACTIONS:
            view.toast = self.effects.apply(command)
            view.toast_until = self.clock.now() + TOAST_S
        if action in _SELECTING:
            view.effect_on = True  # choosing a background means wanting to see it
        if action in (*_SELECTING, Action.TOGGLE):
            view.toast = self._background_name()
            view.toast_until = self.clock.now() + TOAST_S

    def _background(self) -> Background:
        view = self.view
        if not view.effect_on:
            return NoBackground()
        if view.blur_strength is not None:
            return view.blur_cache.setdefault(
                view.blur_strength, BlurBackground(view.blur_strength)
            )
        return self.backgrounds.current

    # ---- one frame ------------------------------------------------------------------------

    def render(
        self, frame: Frame, confidence: Mask | None, t_s: float, early: Backdrop | None = None
    ) -> Frame:
        """Matte and composite one frame; no mask yet means 'blur everything' (never the raw room).

        ``early``: the backdrop already made for this frame while its mask was being computed.
        The result lives in a buffer reused by the next call: sinks must not keep it (their contract).
        """
        effects = self.effects.active
        if effects:
            frame, confidence = self.effects.prepare(frame, confidence, t_s)
        background = self._background()
        if isinstance(background, NoBackground):
            out = frame
        else:
            started = self.clock.now()
            alpha = self._buffer("alpha", frame.shape[:2])
            if confidence is None:
                alpha[:] = 0
                background = self.view.blur_cache.setdefault(3, BlurBackground(3))
            else:
                alpha = self.engine.alpha(frame, confidence, out=alpha)
                if effects:
                    alpha = self.effects.alpha(alpha)
            matted = self.clock.now()
            ready = early if early is not None and early.background is background else None
            out = self._composite(
                frame,
                alpha,
                background,
                t_s,
                ready.backdrop if ready is not None else None,
                out_has_backdrop=ready is not None,
            )
            self.stats.add_stage("matte", matted - started)
            self.stats.add_stage(
                "composite", self.clock.now() - matted + (early.seconds if early else 0.0)
            )
        if self.view.mirror:
            out = cv2.flip(out, 1, dst=self._buffer("mirror", out.shape))
        if effects and self.effects.overlay:  # after the mirror: text reads the right way round
            if not any(out is b for b in self._buffers.values()):
                owned = self._buffer("overlay", out.shape)
                np.copyto(owned, out)
                out = owned
            out = self.effects.draw_overlay(out)
        return out

    def early_backdrop(self, frame: Frame, t_s: float) -> Backdrop | None:
        """The backdrop for ``frame``, made before its mask exists (the output thread would only
        wait otherwise), straight into the output buffer: the blend then writes only the person's
        box. The blur's person-exclusion uses the previous frame's alpha: the blurred room is
        hidden behind the person, so where exactly the person was matters little."""
        background = self._background()
        if isinstance(background, (NoBackground, TransparentBackground)):
            return None
        if self.effects.active:
            frame = self.effects.input(frame)
        started = self.clock.now()
        previous = self._buffers.get("alpha")
        if previous is None or previous.shape != frame.shape[:2]:
            previous = self._buffer("alpha", frame.shape[:2])
            previous[:] = 0
        out = self._buffer("out", (*frame.shape[:2], 3))
        try:
            background.backdrop_into(frame, previous, t_s, out)
        except BackgroundError:
            return None  # render() meets the error again and replaces the background
        return Backdrop(background, out, self.clock.now() - started)

    def _buffer(self, name: str, shape: tuple[int, ...]) -> Frame:
        """A preallocated uint8 buffer for one step of the hot path, kept between frames."""
        buffer = self._buffers.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = self._buffers[name] = np.empty(shape, np.uint8)
        return buffer

    def _composite(
        self,
        frame: Frame,
        alpha: Frame,
        background: Background,
        t_s: float,
        backdrop: Frame | None = None,
        out_has_backdrop: bool = False,
    ) -> Frame:
        """Composite; a background that breaks mid-call (a video file gone bad) is replaced by blur."""
        out = self._buffer("out", (*frame.shape[:2], 3))
        try:
            return self.compositor.composite(
                frame,
                alpha,
                background,
                t_s,
                out=out,
                backdrop=backdrop,
                out_has_backdrop=out_has_backdrop,
            )
        except BackgroundError as err:
            log.warning("%s: using blur instead", err)
            with self._status_lock:
                self._replace_broken(background)
            return self.compositor.composite(frame, alpha, self._background(), t_s, out=out)

    def _replace_broken(self, broken: Background) -> None:
        cycle = self.backgrounds.backgrounds
        if broken in cycle:
            cycle[cycle.index(broken)] = BlurBackground()
            broken.close()

    def _send(self, out: Frame, *, good: bool = True) -> None:
        started = self.clock.now()
        for sink in self.sinks:
            sink.send(out)
        self.stats.add_stage("output", self.clock.now() - started)
        if good:
            self._last_output = out
        with self._status_lock:
            self._frames_out += 1
        self._update_interactive_sinks()

    def _update_interactive_sinks(self) -> None:
        view = self.view
        toast = view.toast if self.clock.now() < view.toast_until else None
        lines = self.overlay_lines()
        for sink in self.sinks:
            if isinstance(sink, InteractiveSink):
                sink.set_overlay(lines, toast)
                for command in sink.poll_commands():
                    self.submit(command)

    def overlay_lines(self) -> list[str]:
        """The stats and help lines the preview shows when they are switched on."""
        lines: list[str] = []
        if self.view.show_stats:
            stage = self.stats.recent_stage_ms()
            lines.append(
                f"{self.stats.recent_fps():.1f} fps  mask age {self.stats.recent_mask_age()}  "
                f"bg {self._background_name()}"
            )
            lines.append("  ".join(f"{k} {v:.1f}ms" for k, v in stage.items()))
            lines.extend(f"degraded: {d}" for d in self.stats.degraded)
        if self.view.show_help:
            from zoomclone.controls import KEY_HELP

            lines.extend(f"{key}\t{what}" for key, what in KEY_HELP)  # two aligned columns
        return lines

    def step(self) -> bool:
        """Read, segment, matte, composite and send one frame on this thread; False at the end."""
        self._apply_commands()
        started = self.clock.now()
        frame = self.source.read()
        if frame is None:
            return False
        frame = fit_to(frame, self.size)
        captured = self.clock.now()
        self.stats.add_stage("capture", captured - started)
        confidence = self._segment(CapturedFrame(frame, captured))
        self.stats.add_stage("segment", self.clock.now() - captured)
        self._send(self.render(frame, confidence, captured - self._start_t))
        self.stats.add_output(self.clock.now() - started, 0, 0)
        return True

    def _segment(self, captured: CapturedFrame) -> Mask | None:
        prepared = captured.prepared.get if captured.prepared is not None else None
        try:
            return self.engine.confidence(captured.frame, prepared)
        except SegmenterError as err:
            if not self._segmenter_failed_once:
                log.warning("segmentation failed, using the previous mask: %s", err)
                self._segmenter_failed_once = True
            return None

    # ---- threads --------------------------------------------------------------------------

    def run(self) -> None:
        """Run until ``stop()``, a quit command, ``max_frames`` or the end of a file source."""
        if self.state is not PipelineState.NEW:
            raise UsageError("a pipeline runs once: create a new one")
        self.state = PipelineState.RUNNING
        self._start_t = self.clock.now()
        self.stats.restart()
        self._threads = [
            threading.Thread(target=self._capture_loop, name="zoomclone-capture"),
            threading.Thread(target=self._segment_loop, name="zoomclone-segment"),
        ]
        opencv_threads = cv2.getNumThreads()
        if self.config.opencv_threads is not None:
            cv2.setNumThreads(self.config.opencv_threads)
        for thread in self._threads:
            thread.start()
        try:
            self._output_loop()
        finally:
            self.stop()
            self.join()
            self.stats.finish()
            cv2.setNumThreads(opencv_threads)

    def stop(self) -> None:
        """Ask every loop to finish (idempotent, any thread, signal handlers included)."""
        self._stopping.set()
        self._frames.close()
        self._masks.close()
        self._taken.set()

    def join(self) -> None:
        """Wait for the worker threads; they notice ``stop()`` within one frame."""
        for thread in self._threads:
            thread.join(self.config.join_timeout_s)
            if thread.is_alive():
                log.warning("thread %s did not stop in time", thread.name)
        self.state = PipelineState.STOPPED

    def _capture_loop(self) -> None:
        pace = None if self.source.info.live else self.config.pace_fps
        lockstep = not self.source.info.live and pace is None
        pacer = Pacer(pace, self.clock) if pace is not None else None
        decode_s = 0.0  # recent decode time: a paced file is decoded just before it is due, as a
        # camera delivers a frame when it is ready, not while the previous one is being segmented
        while not self._stopping.is_set():
            if pacer is not None:
                pacer.wait(self._stopping, lead_s=decode_s)
            started = self.clock.now()
            try:
                frame = self.source.read()
            except SourceError as err:
                self._recover_source(err)
                continue
            if frame is None:
                self._source_ended.set()
                self._frames.close()
                return
            read_s = self.clock.now() - started
            self.stats.add_stage("capture", read_s)
            decode_s += DECODE_SMOOTHING * (read_s - decode_s)
            if pacer is not None:
                pacer.wait(self._stopping)
            if lockstep:
                self._taken.wait()
                self._taken.clear()
            frame = fit_to(frame, self.size)
            prepared = Once(functools.partial(self.engine.prepare, frame))
            self._frames.post(CapturedFrame(frame, self.clock.now(), prepared))
            if pacer is not None:
                pacer.tick()

    def _recover_source(self, err: SourceError) -> None:
        if not self._source_down.is_set():
            log.warning("%s", err)
            self._source_down.set()
        for delay in self._backoff():
            self.clock.sleep(delay, self._stopping)
            if self._stopping.is_set():
                return
            try:
                self.source.reopen()
            except SourceError:
                continue
            log.warning("camera is back" if self.source.info.live else "input is back")
            self._source_down.clear()
            return

    def _backoff(self) -> Any:
        delays = self.config.reconnect_backoff_s
        yield from delays
        while True:
            yield delays[-1]

    def _segment_loop(self) -> None:
        seen = 0
        while not self._stopping.is_set():
            letter = self._frames.wait_newer(seen, self._frame_interval())
            if letter is None:
                if self._frames.closed:
                    return
                continue
            seen = letter.seq
            if not self._segments(letter.seq):
                continue
            started = self.clock.now()
            self._segmenter_busy_with = letter.seq
            try:
                confidence = self._segment(letter.item)
            finally:
                self._segmenter_busy_with = None
            self.stats.add_stage("segment", self.clock.now() - started)
            if confidence is not None:
                self._masks.post(ComputedMask(letter.seq, letter.seq, confidence))
            else:  # answer at once, so the output does not wait out its deadline
                previous = self._masks.newest()
                older = previous.item if previous is not None else None
                self._masks.post(
                    ComputedMask(
                        letter.seq,
                        older.mask_seq if older is not None else 0,
                        older.confidence if older is not None else None,
                    )
                )

    def _segments(self, seq: int) -> bool:
        """Whether frame ``seq`` gets its own mask (all of them unless the governor says less)."""
        return seq % self.governor.segment_stride == 0

    def _govern(self, dropped: int) -> None:
        before = self.governor.level
        if self.governor.observe(dropped):
            self.engine.set_cheap_refinement(self.governor.cheap_refinement)
            self.stats.degraded = self.governor.active()
            log.warning("%s", level_message(before, self.governor.level))

    def _frame_interval(self) -> float:
        return 1.0 / max(self.source.info.fps, 1.0)

    def _output_loop(self) -> None:
        self._taken.set()
        seen = 0
        last_capture: float | None = None
        stall_s = stall_threshold_s(self.source.info.fps)
        placeholders = Pacer(self.config.output_fps, self.clock)
        switched, last_shown = False, ""
        while not self._stopping.is_set() and not self._enough():
            self._apply_commands()
            down = self._source_down.is_set()
            letter = self._frames.wait_newer(seen, 0.0 if down else self._frame_interval() * 2)
            if letter is None:
                if self._source_ended.is_set() or self._stopping.is_set():
                    return
                if down:
                    self._send_placeholder(placeholders)
                continue
            t_capture = letter.item.t_capture
            stalled = last_capture is not None and t_capture - last_capture > stall_s
            if stalled:  # a stopped process or a suspend: not frames skipped under load
                self.governor.forget()
            # the frame after a switch: its gap is the new background's one-time decode, not load
            excused = stalled or switched
            dropped = max(0, letter.seq - seen - 1) if seen and not excused else 0
            seen, last_capture = letter.seq, t_capture
            shown = self._background_name()
            switched, last_shown = shown != last_shown, shown
            self._taken.set()
            self._output_one(letter.seq, letter.item, dropped)

    def _enough(self) -> bool:
        """``max_frames`` went out (placeholders count: they are what the call saw)."""
        limit = self.config.max_frames
        return limit is not None and self._frames_out >= limit

    def _output_one(self, seq: int, captured: CapturedFrame, dropped: int) -> None:
        t_s = captured.t_capture - self._start_t
        self._help_prepare(seq, captured)  # first: the segmenter needs it right after the model
        early = self.early_backdrop(captured.frame, t_s)
        deadline_s = self.config.mask_deadline_ms / 1000.0 if self._segments(seq) else 0.0
        letter = self._masks.wait_until(lambda m: m.frame_seq >= seq, deadline_s)
        mask = letter.item if letter is not None else None
        confidence = mask.confidence if mask is not None else None
        age = max(0, seq - mask.mask_seq) if mask is not None and mask.mask_seq else 0
        out = self.render(captured.frame, confidence, t_s, early)
        try:
            self._send(out)
        except SinkError:
            self.stop()
            raise
        self.stats.add_output(self.clock.now() - captured.t_capture, age, dropped)
        self._govern(dropped)

    def _help_prepare(self, seq: int, captured: CapturedFrame) -> None:
        """While the model runs on frame ``seq``, do the part of its refinement that needs no
        mask here (the output thread would only wait). Skipped when the segmenter is busy with an
        older frame (it may never take this one) or will not segment this one."""
        busy_with = self._segmenter_busy_with
        if captured.prepared is None or not self._segments(seq):
            return
        if busy_with is None or busy_with == seq:
            try:
                captured.prepared.get()
            except InputError:
                return  # the segmenter meets it again and reports it

    def _send_placeholder(self, pacer: Pacer) -> None:
        """One placeholder frame when it is due, at the set output rate."""
        pacer.wait(self._stopping)
        if self._stopping.is_set():
            return
        width, height = self.size
        text = DISCONNECTED_TEXT if self.source.info.live else UNAVAILABLE_TEXT
        self._send(disconnected_frame(self._last_output, width, height, text), good=False)
        self.stats.add_placeholder()
        pacer.tick()


def _blur_strength(current: int | None, argument: str | None) -> int | None:
    """The strength asked for (``"1"``..``"3"``, ``"off"``), or the next one in the cycle."""
    if argument is None:
        return _next_blur(current)
    return None if argument == "off" else int(argument)


def _next_blur(current: int | None) -> int | None:
    """Blur strength cycle: off -> 1 -> 2 -> 3 -> off."""
    if current is None:
        return BLUR_STRENGTHS[0]
    index = BLUR_STRENGTHS.index(current) + 1
    return BLUR_STRENGTHS[index] if index < len(BLUR_STRENGTHS) else None
