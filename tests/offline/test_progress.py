from __future__ import annotations

import io

from zoomclone.offline.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_counts_rates_and_ends_its_line() -> None:
    stream, clock = io.StringIO(), Clock()
    with Progress(4, "images", stream=stream, enabled=True, get_time=clock) as bar:
        for _ in range(4):
            clock.now += 0.5
            bar.advance()
    text = stream.getvalue()
    assert "images [" in text and "4/4 2.0/s, 0s left" in text
    assert "\033[K" in text and text.endswith("\n")


def test_messages_do_not_tear_the_bar_and_nothing_is_drawn_off_a_terminal() -> None:
    stream = io.StringIO()
    with Progress(10, "frames", stream=stream, enabled=False) as bar:
        bar.advance()
        bar.write("zoomclone: error: x")
    assert stream.getvalue() == "zoomclone: error: x\n"
