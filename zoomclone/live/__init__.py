"""The live path: camera in, virtual camera out.

``pipeline`` holds the threads and mailboxes; ``capture``, ``segmenting``, ``renderer``,
``session`` and ``fanout`` each own one part of a frame's way (see docs/design.md).
"""
