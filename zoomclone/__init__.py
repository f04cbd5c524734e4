"""zoomclone: a virtual background for any video call, and background removal for photos and videos."""

__version__ = "0.1.0"
