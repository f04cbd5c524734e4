"""A pyvirtualcam backend that needs no device: it checks and counts what it is sent.

Registered as ``record`` (``--vcam-backend record``), it lets anyone try the whole virtual-camera
path, through the real ``pyvirtualcam.Camera``, on a machine with no virtual camera driver.
"""

from __future__ import annotations

from typing import Any

import numpy as np

BACKEND_NAME = "record"


class RecordBackend:
    """Implements pyvirtualcam's Backend interface (see pyvirtualcam.camera.Backend)."""

    instances: list[RecordBackend] = []  # noqa: RUF012 - tests read what was opened

    def __init__(
        self, *, width: int, height: int, fps: float, fourcc: int, device: str | None, **kw: Any
    ) -> None:
        self.width, self.height, self.fps, self.fourcc = width, height, fps, fourcc
        self._device = device or "record"
        self.frames = 0
        self.bytes_per_frame = 0
        self.closed = 0
        RecordBackend.instances.append(self)

    def send(self, frame: np.ndarray[Any, Any]) -> None:
        self.frames += 1
        self.bytes_per_frame = int(frame.size)

    def close(self) -> None:
        self.closed += 1

    def device(self) -> str:
        return self._device

    def native_fourcc(self) -> int | None:
        return None


def register() -> None:
    """Make ``backend="record"`` available to pyvirtualcam.Camera (idempotent)."""
    import pyvirtualcam

    pyvirtualcam.register_backend(BACKEND_NAME, RecordBackend)
