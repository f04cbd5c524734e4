"""Segmenters: the port that turns a frame into a person-confidence mask."""

from zoomclone.errors import UsageError
from zoomclone.segmentation.base import Segmenter
from zoomclone.segmentation.fake import FakeSegmenter

__all__ = [
    "DEFAULT_RUNTIME",
    "RUNTIMES",
    "FakeSegmenter",
    "Segmenter",
    "open_segmenter",
    "require_runtime",
]

from zoomclone.models import DEFAULT_RUNTIME, RUNTIMES


def require_runtime(runtime: str) -> None:
    """Refuse an unknown runtime (UsageError) or an optional one that is not installed
    (ModelRuntimeError), before a command opens anything."""
    if runtime not in RUNTIMES:
        raise UsageError(f"unknown runtime {runtime!r}: choose one of {', '.join(RUNTIMES)}")
    if runtime == "mediapipe":
        from zoomclone.segmentation.mediapipe import require_mediapipe

        require_mediapipe()


def open_segmenter(
    model: str, *, threads: int | None = None, runtime: str = DEFAULT_RUNTIME
) -> Segmenter:
    """Open the real segmenter with a bundled model on ``runtime`` (imported lazily); ``threads``:
    LiteRT's inference threads (default: ``litert.default_threads()``; MediaPipe picks its own)."""
    require_runtime(runtime)
    if runtime == "mediapipe":
        from zoomclone.segmentation.mediapipe import MediaPipeSegmenter

        return MediaPipeSegmenter(model, threads=threads)
    from zoomclone.segmentation.litert import LiteRTSegmenter

    return LiteRTSegmenter(model, threads=threads)
