"""Tests on real devices: a webcam at index 0 and a v4l2loopback (or OBS) virtual camera.

Deselected by default; run them with ``python -m pytest -m hardware`` on a machine that has both.
"""

from __future__ import annotations

import numpy as np
import pytest

from zoomclone.sinks.virtualcam import VirtualCameraSink
from zoomclone.sources.camera import CameraSource

pytestmark = pytest.mark.hardware


def test_the_webcam_delivers_bgr_frames_of_the_size_it_reports() -> None:
    with CameraSource(0, 1280, 720, 30.0) as camera:
        frames = [camera.read() for _ in range(10)]
    assert all(
        f is not None and f.shape == (camera.info.height, camera.info.width, 3) for f in frames
    )


def test_the_virtual_camera_takes_bgr_frames() -> None:
    with VirtualCameraSink(1280, 720, 30.0) as sink:
        for value in range(30):
            sink.send(np.full((720, 1280, 3), value * 8, np.uint8))
    assert sink.device
