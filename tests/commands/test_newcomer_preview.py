"""The preview window: a plain window at the picture's size, a help hint, the name at the top."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator

import numpy as np
import pytest

from zoomclone.control.commands import KEY_HELP
from zoomclone.live.overlay_text import line_layout
from zoomclone.sinks.preview import decorate

DISPLAY = ":88"


def grey(height: int = 360, width: int = 640) -> np.ndarray:
    return np.full((height, width, 3), 128, np.uint8)


def changed_rows(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    return np.flatnonzero((before != after).any(axis=(1, 2)))


def test_the_background_name_is_drawn_at_the_top_not_over_the_person() -> None:
    frame = grey()
    rows = changed_rows(frame, decorate(frame, [], "bokeh-blue.jpg", hint=False))
    assert rows.size and rows.max() < frame.shape[0] // 4


def test_the_help_hint_is_drawn_at_the_bottom_and_the_input_is_untouched() -> None:
    frame = grey()
    rows = changed_rows(frame, decorate(frame, [], None, hint=True))
    assert rows.size and rows.min() > frame.shape[0] * 3 // 4
    assert (frame == 128).all()
    assert decorate(frame, [], None, hint=False) is frame


def test_the_help_overlay_lines_up_keys_and_meanings() -> None:
    laid = line_layout([f"{key}\t{what}" for key, what in KEY_HELP])
    meaning_x = {pieces[1][1] for pieces in laid}
    assert len(meaning_x) == 1
    key_left = [pieces[0][1] for pieces in laid]
    assert len(set(key_left)) > 1  # right-aligned keys of different widths


@pytest.fixture
def virtual_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt install xvfb)")
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", "1600x900x24"], stderr=subprocess.DEVNULL
    )
    time.sleep(1.0)
    try:
        yield DISPLAY
    finally:
        server.terminate()
        server.wait(10)


SHOW_ONE = """
import json, cv2, numpy as np
from zoomclone.sinks.preview import PreviewSink, WINDOW_TITLE
with PreviewSink() as sink:
    for _ in range(5):
        sink.send(np.full((720, 1280, 3), 128, np.uint8))
    print(json.dumps(list(cv2.getWindowImageRect(WINDOW_TITLE))))
"""


def test_the_window_opens_at_the_pictures_size(virtual_display: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SHOW_ONE],
        env={**os.environ, "DISPLAY": virtual_display},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    _, _, width, height = json.loads(done.stdout.strip().splitlines()[-1])
    assert (width, height) == (1280, 720)
