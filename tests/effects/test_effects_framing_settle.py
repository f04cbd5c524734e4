"""Auto-framing inside the dead zone: a person who settles a little off centre is re-centred
slowly, without the crop jumping or overshooting."""

from __future__ import annotations

import numpy as np

from zoomclone.effects.autoframe import AutoFrameConfig, AutoFramer

FPS = 30.0
SOURCE = (1280, 720)


def person_at(x: float) -> tuple[float, float, float, float]:
    return (x - 100, 200, x + 100, 720)


def test_a_small_offset_that_stays_is_re_centred_slowly() -> None:
    framer = AutoFramer(AutoFrameConfig(), SOURCE, SOURCE)
    for i in range(90):
        framer.update(person_at(600), i / FPS)
    start = framer.crop.cx
    goal = float(framer.wanted(person_at(625))[0])  # 25 px: inside the 3% (38 px) dead zone
    path = [framer.update(person_at(625), (90 + i) / FPS).cx for i in range(300)]
    assert abs(path[5] - start) < 1.0  # no jump: the frame does not move for a small step...
    assert abs(path[-1] - goal) < 1.0  # ...but after ten seconds the person is centred again
    steps = np.diff([start, *path])
    assert (steps >= -1e-6).all()  # monotone: no overshoot
    assert np.abs(np.diff(steps)).max() < 0.2  # gentle
