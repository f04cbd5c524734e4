"""Photos and recordings: ``stills`` (one photo), ``stills_pool`` (many, in processes), ``images``
(reading and writing pictures), ``stages`` (the video's threaded steps) and ``progress``."""
