"""A pyvirtualcam backend that needs no device: it checks and counts what it is sent.

Registered as ``record`` (``--vcam-backend record``), it lets anyone try the whole virtual-camera
path, through the real ``pyvirtualcam.Camera``, on a machine with no virtual camera driver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

BACKEND_NAME = "record"


@dataclass
class RecordReport:
    """What one record backend received; its opener passes it in (``report=``) to read it after."""

    width: int = 0
    height: int = 0
    frames: int = 0
    bytes_per_frame: int = 0


class RecordBackend:
    """Implements pyvirtualcam's Backend interface (see pyvirtualcam.camera.Backend)."""

    def __init__(
        self,
        *,
        width: int,
        height: int,
        fps: float,
        fourcc: int,
        device: str | None,
        report: RecordReport | None = None,
        **kw: Any,
    ) -> None:
        self.width, self.height, self.fps, self.fourcc = width, height, fps, fourcc
        self._device = device or "record"
        self.report = report if report is not None else RecordReport()
        self.report.width, self.report.height = width, height
        self.closed = 0

    def send(self, frame: np.ndarray[Any, Any]) -> None:
        self.report.frames += 1
        self.report.bytes_per_frame = int(frame.size)

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
