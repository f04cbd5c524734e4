"""The live pipeline: camera in, virtual camera out (see ``live/pipeline.py`` for who owns what)."""

from zoomclone.live.config import PipelineConfig as PipelineConfig
from zoomclone.live.config import PipelineState as PipelineState
from zoomclone.live.fanout import InteractiveSink as InteractiveSink
from zoomclone.live.pipeline import DISCONNECTED_TEXT as DISCONNECTED_TEXT
from zoomclone.live.pipeline import LivePipeline as LivePipeline
