"""From a frame to an alpha: the model's passes (``framing``, ``head_pass``), small-blob removal,
the edge-aware refinement (``matte``), the temporal stabiliser, and for stills the colour matting
of the edge band (``alpha_matting``). ``engine.MatteEngine`` puts them together with one profile
per use (live, stills, video)."""
