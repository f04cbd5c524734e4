"""The virtual camera that video-call apps select, through pyvirtualcam in BGR (no conversion)."""

from __future__ import annotations

from typing import Any

from zoomclone.closing import ClosesOnExit
from zoomclone.doctor.fixes import LOAD_LOOPBACK
from zoomclone.errors import SinkError, UsageError
from zoomclone.frames import Frame

SETUP_HINT = (
    f"set up a virtual camera first (Linux: {LOAD_LOOPBACK}; Windows/macOS: install OBS Studio "
    "and start its Virtual Camera once), then run `zoomclone doctor`"
)


class VirtualCameraSink(ClosesOnExit):
    """Sends frames to a pyvirtualcam.Camera opened with PixelFormat.BGR."""

    name = "virtual camera"

    def __init__(
        self,
        width: int,
        height: int,
        fps: float,
        *,
        device: str | None = None,
        backend: str | None = None,
    ) -> None:
        import pyvirtualcam

        from zoomclone.sinks.record_backend import BACKEND_NAME, RecordReport, register

        register()
        known = pyvirtualcam.camera.BACKENDS
        if backend is not None and backend not in known:
            names = ", ".join(sorted(known))
            raise UsageError(f"unknown virtual camera backend {backend!r}: choose one of {names}")
        # Without --vcam-backend, try the real devices only: the record backend always succeeds
        # and would hide a missing driver.
        candidates = [backend] if backend is not None else [n for n in known if n != BACKEND_NAME]
        errors: list[str] = []
        for name in candidates:
            # what the record backend received, for the summary after the run
            received = RecordReport() if name == BACKEND_NAME else None
            extra = {"report": received} if received is not None else {}
            try:
                self._camera: Any = pyvirtualcam.Camera(
                    width=width,
                    height=height,
                    fps=fps,
                    fmt=pyvirtualcam.PixelFormat.BGR,
                    device=device,
                    backend=name,
                    print_fps=False,
                    **extra,
                )
                break
            except (RuntimeError, ValueError) as err:
                errors.append(str(err).replace("\n", "; "))
        else:
            reason = "; ".join(errors) or "no virtual camera backend on this system"
            raise SinkError(f"cannot open the virtual camera: {reason}; {SETUP_HINT}")
        self.device: str = self._camera.device
        self.backend: str = self._camera.backend
        self.received: RecordReport | None = received

    def send(self, frame: Frame) -> None:
        if self._camera is None:
            raise SinkError("virtual camera is closed")
        if frame.ndim != 3 or frame.shape[2] != 3:
            raise SinkError(
                "the virtual camera takes BGR frames: the transparent background is for files"
            )
        try:
            self._camera.send(frame)
        except (RuntimeError, ValueError) as err:
            raise SinkError(f"virtual camera {self.device} failed: {err}") from err

    def close(self) -> None:
        camera, self._camera = self._camera, None
        if camera is not None:
            camera.close()
