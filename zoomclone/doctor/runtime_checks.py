"""Will the engine run here? The bundled models, the segmenter runtime, one OpenCV distribution."""

from __future__ import annotations

import importlib.metadata

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.errors import ModelRuntimeError, ZoomcloneError
from zoomclone.models import MODELS, load_model_bytes

SEGMENTER_CHECK_MODEL = "landscape"
LITERT_DISTRIBUTION = "ai-edge-litert"
LITERT_REQUIREMENT = "ai-edge-litert>=1.0"
CV2_DISTRIBUTION = "opencv-contrib-python"
CV2_RIVALS = ("opencv-python", "opencv-python-headless", "opencv-contrib-python-headless")


def check_models(machine: Machine) -> CheckResult:
    """Every bundled model file is present and matches its checksum."""
    broken = []
    for name in MODELS:
        try:
            load_model_bytes(name)
        except ZoomcloneError as err:
            broken.append(str(err))
    if broken:
        return CheckResult(
            "models",
            Status.FAIL,
            "; ".join(broken),
            fix=("pip install --force-reinstall zoomclone",),
        )
    return CheckResult("models", Status.OK, f"{len(MODELS)} bundled models intact")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def check_segmenter(machine: Machine) -> CheckResult:
    """LiteRT imports and loads a bundled model; the versions of LiteRT, numpy and OpenCV."""
    import cv2
    import numpy

    versions = (
        f"ai-edge-litert {_version(LITERT_DISTRIBUTION)}, numpy {numpy.__version__}, "
        f"opencv {cv2.__version__}"
    )
    try:
        segmenter = machine.open_segmenter(SEGMENTER_CHECK_MODEL)
    except ModelRuntimeError as err:
        return CheckResult(
            "segmenter",
            Status.FAIL,
            f"{err}; {versions}",
            fix=(f"pip install --force-reinstall '{LITERT_REQUIREMENT}'",),
        )
    except ZoomcloneError as err:
        return CheckResult(
            "segmenter",
            Status.FAIL,
            f"{err}; {versions}",
            fix=("pip install --force-reinstall zoomclone",),
        )
    segmenter.close()
    return CheckResult("segmenter", Status.OK, f"segmenter created (LiteRT); {versions}")


def check_opencv_packages(machine: Machine) -> CheckResult:
    """Only one OpenCV distribution: two of them write the same cv2 folder over each other."""
    installed = machine.distributions()
    rivals = [name for name in CV2_RIVALS if name in installed]
    if CV2_DISTRIBUTION in installed and rivals:
        listed = " ".join(rivals)
        return CheckResult(
            "opencv",
            Status.WARN,
            f"{listed} installed beside {CV2_DISTRIBUTION}: both write one cv2 folder",
            fix=(
                f"pip uninstall -y {listed}",
                f"pip install --force-reinstall {CV2_DISTRIBUTION}",
            ),
        )
    return CheckResult("opencv", Status.OK, f"one OpenCV distribution ({CV2_DISTRIBUTION})")
