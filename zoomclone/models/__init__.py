"""The bundled MediaPipe selfie segmentation models, checked against their recorded sha256."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

from zoomclone.errors import ModelError

# What runs the models. LiteRT first: the default, half MediaPipe's cost per frame for the same
# masks (docs/design.md); MediaPipe needs the optional extra.
RUNTIMES = ("litert", "mediapipe")
DEFAULT_RUNTIME = "litert"


@dataclass(frozen=True)
class ModelInfo:
    """One bundled model: its file, checksum and input size (width, height)."""

    name: str
    filename: str
    sha256: str
    input_width: int
    input_height: int


MODELS: dict[str, ModelInfo] = {
    "landscape": ModelInfo(
        name="landscape",
        filename="selfie_segmentation_landscape.tflite",
        sha256="a77d03f4659b9f6b6c1f5106947bf40e99d7655094b6527f214ea7d451106edd",
        input_width=256,
        input_height=144,
    ),
    "general": ModelInfo(
        name="general",
        filename="selfie_segmentation.tflite",
        sha256="9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c",
        input_width=256,
        input_height=256,
    ),
}

REINSTALL_HINT = "reinstall zoomclone (pip install --force-reinstall zoomclone)"


def model_info(name: str) -> ModelInfo:
    """Look up a bundled model by name, or raise a ModelError listing the names."""
    try:
        return MODELS[name]
    except KeyError:
        known = ", ".join(sorted(MODELS))
        raise ModelError(f"unknown model {name!r}: choose one of {known}") from None


def load_model_bytes(name: str) -> bytes:
    """Read a bundled model file and verify its sha256; raise ModelError if missing or altered."""
    info = model_info(name)
    resource = resources.files(__name__).joinpath(info.filename)
    try:
        data = resource.read_bytes()
    except OSError as err:
        raise ModelError(
            f"model file {info.filename} is missing from the zoomclone package: {REINSTALL_HINT}"
        ) from err
    digest = hashlib.sha256(data).hexdigest()
    if digest != info.sha256:
        raise ModelError(
            f"model file {info.filename} is altered (sha256 {digest[:12]}…, expected "
            f"{info.sha256[:12]}…): {REINSTALL_HINT}"
        )
    return data
