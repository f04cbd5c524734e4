"""Effects on the live and offline paths: auto-framing, low-light lift, edge offset, overlays.

``Effects`` (``zoomclone.effects.chain``) runs them in the pipeline's order; each effect is its own
module and is off by default.
"""
