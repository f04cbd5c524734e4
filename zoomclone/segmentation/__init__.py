"""Segmenters: the port that turns a frame into a person-confidence mask."""

from zoomclone.segmentation.base import Segmenter
from zoomclone.segmentation.fake import FakeSegmenter

__all__ = ["FakeSegmenter", "Segmenter", "open_segmenter"]


def open_segmenter(model: str, *, threads: int | None = None) -> Segmenter:
    """Open the real segmenter with a bundled model (LiteRT is imported lazily); ``threads``:
    its inference threads (default: ``litert.default_threads()``)."""
    from zoomclone.segmentation.litert import LiteRTSegmenter

    return LiteRTSegmenter(model, threads=threads)
