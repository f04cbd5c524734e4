"""Buffers: uint8 arrays kept between frames by name, so the hot path allocates nothing."""

from __future__ import annotations

import numpy as np

from zoomclone.frames import Frame


class Buffers(dict[str, Frame]):
    """Named uint8 buffers of one owner (a renderer, the effects): ``take`` gives the one of that
    name, made anew only when its shape changes."""

    def take(self, name: str, shape: tuple[int, ...]) -> Frame:
        buffer = self.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = self[name] = np.empty(shape, np.uint8)
        return buffer
