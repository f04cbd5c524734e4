"""One frame's output: effects in, matte, backdrop, composite, mirror, overlay.

Every buffer of the hot path is allocated once and reused: the frame returned lives until the
next call (sinks must not keep it: their contract). A background that breaks mid-call is replaced
by a blur, here, so one bad file never stops the output.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.backgrounds import Background
from zoomclone.buffers import Buffers
from zoomclone.clock import Clock
from zoomclone.compositor import Compositor
from zoomclone.effects.chain import Effects, shows_room
from zoomclone.errors import BackgroundError
from zoomclone.frames import Frame, Mask
from zoomclone.live.session import FALLBACK_BLUR, Session
from zoomclone.live.stats import Stats
from zoomclone.matting.engine import MatteEngine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backdrop:
    """A backdrop made ahead of the mask, for the background it was made for, in the output
    buffer itself (``Background.backdrop_into``)."""

    background: Background
    backdrop: Frame
    seconds: float


class Renderer:
    """Turns a frame and its (or a recent frame's) confidence into the picture the sinks get."""

    def __init__(
        self, engine: MatteEngine, session: Session, effects: Effects, clock: Clock, stats: Stats
    ) -> None:
        self.engine = engine
        self.session = session
        self.effects = effects
        self.compositor = Compositor()
        self._clock = clock
        self._stats = stats
        self._buffers = Buffers()

    def early_backdrop(self, frame: Frame, t_s: float) -> Backdrop | None:
        """The backdrop for ``frame``, made before its mask exists (the output thread would only
        wait otherwise), straight into the output buffer: the blend then writes only the person's
        box. The blur's person-exclusion uses the previous frame's alpha: the blurred room is
        hidden behind the person, so where exactly the person was matters little."""
        background = self.session.background()
        if not background.has_backdrop:
            return None
        if self.effects.active:
            self.effects.room_shown = shows_room(background)
            frame = self.effects.input(frame)
        started = self._clock.now()
        previous = self._buffers.get("alpha")
        if previous is None or previous.shape != frame.shape[:2]:
            previous = self._buffers.take("alpha", frame.shape[:2])
            previous[:] = 0
        out = self._buffers.take("out", (*frame.shape[:2], 3))
        try:
            background.backdrop_into(frame, previous, t_s, out)
        except BackgroundError:
            return None  # render() meets the error again and replaces the background
        return Backdrop(background, out, self._clock.now() - started)

    def render(
        self, frame: Frame, confidence: Mask | None, t_s: float, early: Backdrop | None = None
    ) -> Frame:
        """Matte and composite one frame; no mask yet means 'blur everything' (never the raw room).

        ``early``: the backdrop already made for this frame while its mask was being computed."""
        effects = self.effects.active
        background = self.session.background()
        if effects:  # a hidden room need not be lifted (before the first mask, all is blur)
            self.effects.room_shown = confidence is None or shows_room(background)
            frame, confidence = self.effects.prepare(frame, confidence, t_s)
        if background.shows_camera:
            out = frame
        else:
            out = self._matte_and_composite(frame, confidence, background, t_s, early)
        if self.session.view.mirror:
            out = cv2.flip(out, 1, dst=self._buffers.take("mirror", out.shape))
        if effects and self.effects.overlay:  # after the mirror: text reads the right way round
            out = self.effects.draw_overlay(self._owned(out))
        return out

    def _matte_and_composite(
        self,
        frame: Frame,
        confidence: Mask | None,
        background: Background,
        t_s: float,
        early: Backdrop | None,
    ) -> Frame:
        started = self._clock.now()
        alpha = self._buffers.take("alpha", frame.shape[:2])
        if confidence is None:
            alpha[:] = 0
            background = self.session.blur(FALLBACK_BLUR)
        else:
            alpha = self.engine.alpha(frame, confidence, out=alpha)
            if self.effects.active:
                alpha = self.effects.alpha(alpha)
        matted = self._clock.now()
        ready = early if early is not None and early.background is background else None
        out = self._composite(frame, alpha, background, t_s, ready)
        self._stats.add_stage("matte", matted - started)
        self._stats.add_stage(
            "composite", self._clock.now() - matted + (early.seconds if early else 0.0)
        )
        return out

    def _composite(
        self, frame: Frame, alpha: Frame, background: Background, t_s: float, ready: Backdrop | None
    ) -> Frame:
        """Composite; a background that breaks mid-call (a video file gone bad) is replaced by blur."""
        out = self._buffers.take("out", (*frame.shape[:2], 3))
        try:
            return self.compositor.composite(
                frame,
                alpha,
                background,
                t_s,
                out=out,
                backdrop=ready.backdrop if ready is not None else None,
            )
        except BackgroundError as err:
            log.warning("%s: using blur instead", err)
            self.session.replace_broken(background)
            return self.compositor.composite(frame, alpha, self.session.background(), t_s, out=out)

    def _owned(self, out: Frame) -> Frame:
        """``out`` in one of this renderer's buffers (a frame passed through is the caller's)."""
        if any(out is b for b in self._buffers.values()):
            return out
        owned = self._buffers.take("overlay", out.shape)
        np.copyto(owned, out)
        return owned
