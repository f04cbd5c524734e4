"""Frame sinks: the virtual camera, a preview window, a file, nothing, and a recorder for tests."""

from zoomclone.sinks.base import FrameSink
from zoomclone.sinks.fake import RecordingSink
from zoomclone.sinks.null import NullSink

__all__ = ["FrameSink", "NullSink", "RecordingSink"]
