"""Frame sources: a camera, a video file or image sequence, and a fake for tests."""

from zoomclone.sources.base import FrameSource, SourceInfo
from zoomclone.sources.fake import FakeSource

__all__ = ["FakeSource", "FrameSource", "SourceInfo"]
