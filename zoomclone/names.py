"""Finding a background by the name a user types: exact, then by stem, case-insensitively.

``bokeh-blue``, ``Bokeh-Blue.JPG`` and ``bokeh-blue.jpg`` all pick ``bokeh-blue.jpg``. When two
backgrounds share a name (the user's ``office.jpg`` and a bundled ``office.jpg``), the later one in
the cycle wins: ``library`` lists the bundled pictures first and the user's own folder after them,
so a user's file shadows a bundled one of the same name. Nothing matching gives the nearest names.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import PurePath

MAX_SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.5  # difflib ratio; 'previw' -> 'preview' is 0.92, 'xyz' -> 'blur' is 0.0


def _stem(name: str) -> str:
    return PurePath(name).stem if "." in name and not name.startswith("color:") else name


def find_name(query: str, names: Sequence[str]) -> int | None:
    """The index of the name ``query`` means (the last of equals), or None."""
    wanted = query.strip()
    for key in (str, str.casefold, _stem_key):
        hits = [i for i, name in enumerate(names) if key(name) == key(wanted)]
        if hits:
            return hits[-1]
    return None


def _stem_key(name: str) -> str:
    return _stem(name).casefold()


def nearest(query: str, names: Sequence[str]) -> list[str]:
    """Up to MAX_SUGGESTIONS names close to ``query`` (compared without case and suffix)."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(_stem_key(name), name)
        by_key.setdefault(name.casefold(), name)
    keys = difflib.get_close_matches(
        _stem_key(query.strip()), list(by_key), MAX_SUGGESTIONS, SUGGESTION_CUTOFF
    )
    return list(dict.fromkeys(by_key[k] for k in keys))


def unknown_name(what: str, query: str, names: Sequence[str]) -> str:
    """``no background named 'bokeh-blu': did you mean bokeh-blue.jpg? (choose one of ...)``."""
    close = nearest(query, names)
    hint = f": did you mean {' or '.join(close)}?" if close else ""
    return f"no {what} named {query!r}{hint} (choose one of {', '.join(dict.fromkeys(names))})"
