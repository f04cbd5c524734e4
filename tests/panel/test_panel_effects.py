"""The panel's effect controls (auto-framing, low light, touch-up, overlay, edge offset) through its
command route, in front of a real threaded LivePipeline on fakes (source, segmenter, null sink)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from zoomclone.backgrounds import BackgroundCycle, load_backgrounds
from zoomclone.clock import SystemClock
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.library import user_dir
from zoomclone.live.config import PipelineConfig
from zoomclone.live.pipeline import LivePipeline
from zoomclone.matting.engine import MatteEngine
from zoomclone.matting.framing import FramingConfig
from zoomclone.matting.matte import MatteConfig
from zoomclone.panel.preview import PreviewConfig, PreviewTap
from zoomclone.panel.server import PanelContext, build_app
from zoomclone.segmentation import FakeSegmenter
from zoomclone.sinks import NullSink
from zoomclone.sources import FakeSource

TOKEN = "test-token-0123456789"
PORT = 47124
HEADERS = {"X-Zoomclone-Token": TOKEN}
WAIT_S = 10.0


@contextmanager
def panel(config: EffectsConfig) -> Iterator[tuple[LivePipeline, TestClient]]:
    """A running pipeline with these effects and the panel's app in front of it."""
    tap = PreviewTap(PreviewConfig(fps=60.0, max_watchers=2))
    live = LivePipeline(
        source=FakeSource(320, 180, fps=30.0),
        engine=MatteEngine(FakeSegmenter(), MatteConfig(refine=False), FramingConfig()),
        sinks=[NullSink(), tap],
        backgrounds=BackgroundCycle(load_backgrounds(("white",)), specs=("white",)),
        config=PipelineConfig(pace_fps=60.0),
        clock=SystemClock(),
        effects=Effects(config),
    )
    thread = threading.Thread(target=live.run)
    thread.start()
    try:
        ctx = PanelContext(live, tap, TOKEN, PORT, user_dir())
        with TestClient(build_app(ctx), base_url=f"http://127.0.0.1:{PORT}") as client:
            yield live, client
    finally:
        live.stop()
        tap.close()
        thread.join(WAIT_S)
        assert not thread.is_alive()


@pytest.fixture
def plain() -> Iterator[tuple[LivePipeline, TestClient]]:
    with panel(EffectsConfig()) as found:
        yield found


@pytest.fixture
def tagged() -> Iterator[tuple[LivePipeline, TestClient]]:
    with panel(EffectsConfig(name_tag="Ada Lovelace")) as found:
        yield found


def send(client: TestClient, *words: str) -> httpx.Response:
    return client.post("/api/command", json={"command": list(words)}, headers=HEADERS)


def polled(client: TestClient) -> dict[str, object]:
    """What the page's status polling sees."""
    response = client.get("/api/status", headers=HEADERS)
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


@pytest.mark.parametrize("switch", ["framing", "light"])
def test_framing_and_light_toggles_reach_the_pipeline(
    plain: tuple[LivePipeline, TestClient], switch: str
) -> None:
    pipeline, client = plain
    assert polled(client)[switch] is False
    reply = send(client, switch)
    assert reply.status_code == 200 and reply.json()["status"][switch] is True
    assert pipeline.status()[switch] is True
    assert polled(client)[switch] is True
    assert send(client, switch).json()["status"][switch] is False
    assert pipeline.status()[switch] is False and polled(client)[switch] is False


def test_the_overlay_toggle_reaches_the_pipeline_and_changes_the_output(
    tagged: tuple[LivePipeline, TestClient],
) -> None:
    pipeline, client = tagged
    assert polled(client)["overlay"] is True  # a name tag given: shown from the start
    assert send(client, "overlay").json()["status"]["overlay"] is False
    assert pipeline.status()["overlay"] is False and polled(client)["overlay"] is False
    assert send(client, "overlay").json()["status"]["overlay"] is True
    assert pipeline.status()["overlay"] is True


def test_the_overlay_toggle_without_an_overlay_changes_nothing(
    plain: tuple[LivePipeline, TestClient],
) -> None:
    pipeline, client = plain
    reply = send(client, "overlay")
    assert reply.status_code == 200 and reply.json()["status"]["overlay"] is False
    assert pipeline.status()["overlay"] is False


def test_the_edge_control_steps_within_its_range(plain: tuple[LivePipeline, TestClient]) -> None:
    pipeline, client = plain
    assert polled(client)["edge_offset"] == 0
    assert send(client, "edge", "grow").json()["status"]["edge_offset"] == 1
    assert pipeline.status()["edge_offset"] == 1 and polled(client)["edge_offset"] == 1
    for _ in range(6):
        send(client, "edge", "grow")
    assert pipeline.status()["edge_offset"] == 5  # clamped at +5
    assert send(client, "edge", "-5").json()["status"]["edge_offset"] == -5
    assert send(client, "edge", "shrink").json()["status"]["edge_offset"] == -5  # and at -5
    assert send(client, "edge", "grow").json()["status"]["edge_offset"] == -4
    assert polled(client)["edge_offset"] == -4


def test_a_bad_edge_value_is_refused_with_the_reason(
    plain: tuple[LivePipeline, TestClient],
) -> None:
    pipeline, client = plain
    response = send(client, "edge", "9")
    assert response.status_code == 400 and "edge takes grow, shrink" in response.json()["error"]
    assert pipeline.status()["edge_offset"] == 0


def test_the_touch_up_switch_reaches_the_pipeline(plain: tuple[LivePipeline, TestClient]) -> None:
    pipeline, client = plain
    assert polled(client)["touch_up"] == 0.0  # off by default
    assert send(client, "touchup").json()["status"]["touch_up"] == 0.5  # the switch: on
    assert pipeline.status()["touch_up"] == 0.5 and polled(client)["touch_up"] == 0.5
    assert send(client, "touchup").json()["status"]["touch_up"] == 0.0  # and off
    assert send(client, "touchup", "0.8").json()["status"]["touch_up"] == 0.8
    response = send(client, "touchup", "3")
    assert response.status_code == 400 and "touchup takes a strength" in response.json()["error"]
    assert pipeline.status()["touch_up"] == 0.8


def test_the_page_has_the_touch_up_switch_and_its_key() -> None:
    from importlib.resources import files

    static = files("zoomclone.panel") / "static"
    assert 'id="touchup"' in (static / "index.html").read_text()
    script = (static / "panel.js").read_text()
    assert 't: ["touchup"]' in script and 'send("touchup")' in script
