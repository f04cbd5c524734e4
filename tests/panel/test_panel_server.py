"""The panel's web app with Starlette's test client, in front of a real threaded LivePipeline on
fakes (source, segmenter, null sink); and the panel served for real by uvicorn."""

from __future__ import annotations

import json
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import httpx2 as httpx
import numpy as np
import pytest
from starlette.testclient import TestClient

from zoomclone.backgrounds import BackgroundCycle, load_backgrounds
from zoomclone.cli import main
from zoomclone.clock import SystemClock
from zoomclone.config import parse_config
from zoomclone.control.commands import Action, Command, parse_command
from zoomclone.errors import ConfigError, UsageError
from zoomclone.library import user_dir
from zoomclone.live.config import PipelineConfig
from zoomclone.live.pipeline import LivePipeline
from zoomclone.matting.engine import MatteEngine
from zoomclone.matting.framing import FramingConfig
from zoomclone.matting.matte import MatteConfig
from zoomclone.panel import uploads
from zoomclone.panel.gallery import THUMB_SIZE
from zoomclone.panel.preview import PreviewConfig, PreviewTap
from zoomclone.panel.runner import PanelServer, read_info
from zoomclone.panel.server import PanelContext, build_app
from zoomclone.segmentation import FakeSegmenter
from zoomclone.sinks import NullSink
from zoomclone.sources import FakeSource

TOKEN = "test-token-0123456789"
PORT = 47123
BASE = f"http://127.0.0.1:{PORT}"
HEADERS = {"X-Zoomclone-Token": TOKEN}
WAIT_S = 10.0
ROUTES = (
    ("GET", "/"),
    ("GET", "/static/panel.js"),
    ("GET", "/static/panel.css"),
    ("GET", "/api/status"),
    ("GET", "/api/backgrounds"),
    ("GET", "/api/thumb?name=white"),
    ("GET", "/api/checks"),
    ("GET", "/api/preview"),
    ("GET", "/api/snapshot"),
    ("POST", "/api/command"),
    ("POST", "/api/backgrounds"),
    ("DELETE", "/api/backgrounds/x.png"),
)


def picture_bytes(suffix: str = ".png", size: tuple[int, int] = (64, 36)) -> bytes:
    image = np.zeros((size[1], size[0], 3), np.uint8)
    image[:, : size[0] // 2] = (0, 0, 255)
    ok, data = cv2.imencode(suffix, image)
    assert ok
    return bytes(data)


@pytest.fixture
def pipeline() -> Iterator[LivePipeline]:
    tap = PreviewTap(PreviewConfig(fps=60.0, max_watchers=2))
    live = LivePipeline(
        source=FakeSource(320, 180, fps=30.0),
        engine=MatteEngine(FakeSegmenter(), MatteConfig(refine=False), FramingConfig()),
        sinks=[NullSink(), tap],
        backgrounds=BackgroundCycle(
            load_backgrounds(("library", "white", "blur")), specs=("library", "white", "blur")
        ),
        config=PipelineConfig(pace_fps=60.0),
        clock=SystemClock(),
    )
    thread = threading.Thread(target=live.run)
    thread.start()
    try:
        yield live
    finally:
        live.stop()
        tap.close()
        thread.join(WAIT_S)
        assert not thread.is_alive()


def the_tap(pipeline: LivePipeline) -> PreviewTap:
    tap = pipeline.fanout.sinks[-1]
    assert isinstance(tap, PreviewTap)
    return tap


@pytest.fixture
def client(pipeline: LivePipeline) -> Iterator[TestClient]:
    ctx = PanelContext(pipeline, the_tap(pipeline), TOKEN, PORT, user_dir())
    with TestClient(build_app(ctx), base_url=BASE) as test_client:
        yield test_client


def send(client: TestClient, *words: str) -> httpx.Response:
    return client.post("/api/command", json={"command": list(words)}, headers=HEADERS)


def snapshot(client: TestClient) -> np.ndarray:
    response = client.get("/api/snapshot", headers=HEADERS)
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    image = cv2.imdecode(np.frombuffer(response.content, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


# ---- the door -------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_refuses_a_missing_or_wrong_token(
    client: TestClient, method: str, path: str
) -> None:
    for headers in ({}, {"X-Zoomclone-Token": "wrong"}):
        response = client.request(method, path, headers=headers)
        assert response.status_code == 403
        assert "token" in response.text


@pytest.mark.parametrize(
    "host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1"]
)
def test_a_foreign_host_header_is_refused_even_with_the_token(
    client: TestClient, host: str
) -> None:
    response = client.get("/api/status", headers={**HEADERS, "Host": host})
    assert response.status_code == 403 and "Host" in response.text


def test_localhost_by_name_is_accepted(client: TestClient) -> None:
    response = client.get("/api/status", headers={**HEADERS, "Host": f"localhost:{PORT}"})
    assert response.status_code == 200


def test_another_sites_origin_is_refused_and_changes_nothing(
    client: TestClient, pipeline: LivePipeline
) -> None:
    before = pipeline.status()["background"]
    response = client.post(
        "/api/command",
        json={"command": ["next"]},
        headers={**HEADERS, "Origin": "http://evil.example"},
    )
    assert response.status_code == 403 and "other sites" in response.text
    assert pipeline.status()["background"] == before
    same = client.post(
        "/api/command", json={"command": ["next"]}, headers={**HEADERS, "Origin": BASE}
    )
    assert same.status_code == 200


def test_state_changes_need_the_header_not_the_query_token(
    client: TestClient, pipeline: LivePipeline
) -> None:
    before = pipeline.status()["background"]
    response = client.post(f"/api/command?token={TOKEN}", json={"command": ["next"]})
    assert response.status_code == 403
    assert pipeline.status()["background"] == before


def test_get_changes_nothing(client: TestClient, pipeline: LivePipeline) -> None:
    before = pipeline.status()["background"]
    assert client.get("/api/command", headers=HEADERS).status_code == 405
    assert client.get("/api/backgrounds/x.png", headers=HEADERS).status_code == 405
    assert pipeline.status()["background"] == before


def test_the_page_carries_the_token_and_keeps_to_itself(client: TestClient) -> None:
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and TOKEN in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from elsewhere
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    for asset in ("/static/panel.js", "/static/panel.css"):
        response = client.get(f"{asset}?token={TOKEN}")
        assert response.status_code == 200
        assert "http://" not in response.text and "https://" not in response.text


# ---- commands and status --------------------------------------------------------------------


def test_clicking_a_background_reaches_the_pipeline_and_changes_the_output(
    client: TestClient, pipeline: LivePipeline
) -> None:
    assert send(client, "background", "white").json()["status"]["background"] == "white"
    white = snapshot(client)
    reply = send(client, "background", "gradient-teal.jpg")
    assert reply.status_code == 200 and reply.json()["status"]["background"] == "gradient-teal.jpg"
    assert pipeline.status()["background"] == "gradient-teal.jpg"
    teal = snapshot(client)
    assert float(np.abs(white.astype(int) - teal.astype(int)).mean()) > 20


def test_blur_strength_effect_and_mirror_reach_the_pipeline(
    client: TestClient, pipeline: LivePipeline
) -> None:
    assert send(client, "blur", "3").json()["status"]["blur_strength"] == 3
    assert pipeline.status()["background"] == "blur:3"
    assert send(client, "blur", "off").json()["status"]["blur_strength"] is None
    assert send(client, "toggle").json()["status"]["effect"] is False
    assert send(client, "toggle").json()["status"]["effect"] is True
    assert send(client, "mirror").json()["status"]["mirror"] is True


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"command": ["background", "nope.jpg"]}, "no background named"),
        ({"command": ["blur", "7"]}, "blur takes"),
        ({"command": ["rm", "-rf"]}, "unknown command"),
        ({"command": "next"}, "malformed"),
        ({"command": ["next"], "path": "/etc"}, "malformed"),
    ],
)
def test_bad_commands_are_refused_with_the_reason(
    client: TestClient, body: dict[str, object], reason: str
) -> None:
    response = client.post("/api/command", json=body, headers=HEADERS)
    assert response.status_code == 400 and reason in response.json()["error"]


def test_an_oversized_command_is_refused(client: TestClient) -> None:
    response = client.post("/api/command", content=b"x" * 5000, headers=HEADERS)
    assert response.status_code == 413


def test_status_adds_cpu_latency_and_quality(client: TestClient) -> None:
    status = client.get("/api/status", headers=HEADERS).json()
    assert {"fps", "cpu_cores", "latency_p95_ms", "mask_age_frames", "camera", "degraded"} <= set(
        status
    )
    assert status["camera"] == "ok"


def test_checks_are_the_virtual_camera_ones_with_fixes(client: TestClient) -> None:
    checks = client.get("/api/checks", headers=HEADERS).json()["checks"]
    assert checks and all({"name", "status", "detail", "fix"} <= set(c) for c in checks)
    assert all(c["name"] not in {"camera", "segmenter", "models"} for c in checks)


# ---- gallery and uploads --------------------------------------------------------------------


def test_the_gallery_lists_the_cycle_with_the_current_marked_and_thumbnails(
    client: TestClient, pipeline: LivePipeline
) -> None:
    send(client, "background", "white")
    items = client.get("/api/backgrounds", headers=HEADERS).json()["backgrounds"]
    assert [i["name"] for i in items] == pipeline.status()["backgrounds"]
    assert [i["name"] for i in items if i["current"]] == ["white"]
    kinds = {i["name"]: i["kind"] for i in items}
    assert kinds["white"] == "colour" and kinds["blur:2"] == "blur"
    for item in items:
        response = client.get("/api/thumb", params={"name": item["name"]}, headers=HEADERS)
        thumb = cv2.imdecode(np.frombuffer(response.content, np.uint8), cv2.IMREAD_COLOR)
        assert thumb.shape[:2] == (THUMB_SIZE[1], THUMB_SIZE[0])
    missing = client.get("/api/thumb", params={"name": "nope"}, headers=HEADERS)
    assert missing.status_code == 404


def test_an_uploaded_picture_is_saved_under_a_generated_name_and_joins_the_gallery(
    client: TestClient, pipeline: LivePipeline
) -> None:
    response = client.post(
        "/api/backgrounds",
        content=picture_bytes(),
        headers={**HEADERS, "X-Filename": "..%2F..%2Fmy%20beach%3B%20rm.png"},
    )
    assert response.status_code == 201, response.text
    name = response.json()["name"]
    assert response.json()["in_cycle"] is True
    assert name.startswith("my-beach-rm-") and name.endswith(".png")
    saved = user_dir() / name
    assert saved.is_file() and [p.name for p in user_dir().iterdir()] == [name]
    assert name in pipeline.status()["backgrounds"]
    items = client.get("/api/backgrounds", headers=HEADERS).json()["backgrounds"]
    assert {"name": name, "kind": "picture", "deletable": True, "current": False} in items
    assert not any(i["deletable"] for i in items if i["name"] != name)
    assert client.delete(f"/api/backgrounds/{name}", headers=HEADERS).status_code == 200
    assert not saved.exists()
    assert name not in pipeline.status()["backgrounds"]


def test_an_uploaded_video_is_checked_by_opening_it(client: TestClient, tmp_path: Path) -> None:
    clip = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (64, 36))
    for _ in range(3):
        writer.write(np.full((36, 64, 3), 90, np.uint8))
    writer.release()
    response = client.post("/api/backgrounds", content=clip.read_bytes(), headers=HEADERS)
    assert response.status_code == 201 and response.json()["name"].endswith(".avi")
    thumb = client.get("/api/thumb", params={"name": response.json()["name"]}, headers=HEADERS)
    still = cv2.imdecode(np.frombuffer(thumb.content, np.uint8), cv2.IMREAD_COLOR)
    assert abs(int(still.mean()) - 90) < 10  # the video's first frame, not a drawn one
    broken = clip.read_bytes()[:200]
    refused = client.post("/api/backgrounds", content=broken, headers=HEADERS)
    assert refused.status_code == 415
    assert sorted(p.suffix for p in user_dir().iterdir()) == [".avi"]  # no temp file left


@pytest.mark.parametrize(
    ("content", "status", "reason"),
    [
        (b"#!/bin/sh\nrm -rf ~\n", 415, "not a picture or video"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, 415, "does not decode"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, 415, "does not decode"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200, 415, "video does not decode"),
        (b"", 415, "not a picture"),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing(
    client: TestClient, content: bytes, status: int, reason: str
) -> None:
    response = client.post("/api/backgrounds", content=content, headers=HEADERS)
    assert response.status_code == status and reason in response.json()["error"]
    assert not user_dir().exists() or not list(user_dir().iterdir())


def test_a_picture_promising_too_many_pixels_is_refused_before_decoding(
    client: TestClient,
) -> None:
    png = bytearray(picture_bytes())
    png[16:24] = (30000).to_bytes(4, "big") + (30000).to_bytes(4, "big")  # IHDR width, height
    response = client.post("/api/backgrounds", content=bytes(png), headers=HEADERS)
    assert response.status_code == 413 and "megapixels" in response.json()["error"]


def test_uploads_are_capped_in_size_and_count(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    too_big = b"\xff\xd8\xff" + b"\x00" * uploads.MAX_UPLOAD_BYTES
    assert client.post("/api/backgrounds", content=too_big, headers=HEADERS).status_code == 413
    monkeypatch.setattr(uploads, "MAX_USER_BACKGROUNDS", 2)
    for _ in range(2):
        ok = client.post("/api/backgrounds", content=picture_bytes(), headers=HEADERS)
        assert ok.status_code == 201
    full = client.post("/api/backgrounds", content=picture_bytes(), headers=HEADERS)
    assert full.status_code == 409 and "already holds 2" in full.json()["error"]
    assert len(list(user_dir().iterdir())) == 2


def test_delete_takes_only_the_users_own_files_by_name(client: TestClient, tmp_path: Path) -> None:
    outside = tmp_path / "precious.png"
    outside.write_bytes(picture_bytes())
    user_dir().mkdir(parents=True)
    (user_dir() / "link.png").symlink_to(outside)
    for name, status in [
        ("..%2Fprecious.png", 404),  # decoded to a path: no route matches it
        ("bokeh-blue.jpg", 404),  # bundled, not the user's
        ("link.png", 400),  # a link, not a file of theirs
        ("a b.png", 400),
    ]:
        response = client.delete(f"/api/backgrounds/{name}", headers=HEADERS)
        assert response.status_code == status, name
    assert outside.exists() and (user_dir() / "link.png").is_symlink()


# ---- the preview ----------------------------------------------------------------------------


def test_without_a_page_the_tap_does_nothing(pipeline: LivePipeline) -> None:
    tap = the_tap(pipeline)
    deadline = time.monotonic() + WAIT_S
    while pipeline.status()["frames"] < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert tap.watchers == 0 and tap.wait_newer(0, 0) is None  # nothing was scaled or posted


def test_the_tap_keeps_its_rate_and_size_and_takes_transparent_frames() -> None:
    now = [0.0]
    tap = PreviewTap(PreviewConfig(fps=10.0, width_px=160), get_time=lambda: now[0])
    frame = np.zeros((180, 320, 4), np.uint8)
    with tap.watching():
        for step in range(10):  # 100 frames a second for 0.1 s
            now[0] = step * 0.01
            tap.send(frame)
        letter = tap.wait_newer(0, 0)
    assert letter is not None and letter.seq == 1  # 0.1 s at 10 fps: one frame kept
    jpeg = cv2.imdecode(np.frombuffer(tap.jpeg(letter.item), np.uint8), cv2.IMREAD_UNCHANGED)
    assert jpeg.shape == (90, 160, 3)


def test_previews_beyond_the_limit_are_refused(client: TestClient, pipeline: LivePipeline) -> None:
    tap = the_tap(pipeline)
    with tap.watching(), tap.watching():
        assert client.get("/api/preview", headers=HEADERS).status_code == 503
        assert client.get("/api/snapshot", headers=HEADERS).status_code == 503
    assert tap.watchers == 0


# ---- served for real --------------------------------------------------------------------------


def wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_the_served_panel_streams_and_a_stalled_client_never_stalls_the_output(
    pipeline: LivePipeline, private_user_folders: Path
) -> None:
    tap = the_tap(pipeline)
    with PanelServer(pipeline, tap) as panel:
        assert panel.wait_serving(WAIT_S)
        info_file = private_user_folders / "zoomclone" / "panel.json"
        assert stat.S_IMODE(info_file.stat().st_mode) == 0o600
        assert json.loads(info_file.read_text())["url"] == panel.url == read_info()["url"]
        assert panel.url.startswith("http://127.0.0.1:")
        stream_url = f"http://127.0.0.1:{panel.port}/api/preview?token={panel.token}"
        with httpx.Client(timeout=WAIT_S) as http, http.stream("GET", stream_url) as response:
            assert response.headers["content-type"].startswith("multipart/x-mixed-replace")
            first = next(response.iter_bytes())
            assert first.startswith(b"--frame\r\nContent-Type: image/jpeg")
            assert tap.watchers == 1
            frames = pipeline.status()["frames"]  # the client now reads nothing more
            wait_until(lambda: pipeline.status()["frames"] > frames + 60, "output stalled")
        wait_until(lambda: tap.watchers == 0, "the stream did not end with its client")
        refused = httpx.get(f"http://127.0.0.1:{panel.port}/api/status", timeout=WAIT_S)
        assert refused.status_code == 403
    assert not info_file.exists()


def test_panel_prints_the_address_and_opens_it(
    pipeline: LivePipeline, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def fake_open(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", fake_open)
    with PanelServer(pipeline, the_tap(pipeline)) as panel:
        assert main(["panel"]) == 0
        assert main(["panel", "--no-open"]) == 0
    assert opened == [panel.url]
    assert capsys.readouterr().out.splitlines() == [f"zoomclone: panel {panel.url}"] * 2


def test_panel_without_a_running_zoomclone_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["panel", "--no-open"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "zoomclone: error: no zoomclone panel is running: start `zoomclone live` "
        "(without --no-panel) first"
    ]


def run_live(clip: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip)]
    return subprocess.run(
        [*command, "--output", "null", "--frames", "20", *options],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_live_serves_the_panel_by_default_and_not_with_no_panel(clip: Path) -> None:
    served = run_live(clip)
    assert served.returncode == 0, served.stderr
    assert "zoomclone: panel http://127.0.0.1:" in served.stderr
    quiet = run_live(clip, "--no-panel")
    assert quiet.returncode == 0 and "zoomclone: panel" not in quiet.stderr


def test_a_taken_panel_port_is_one_line_and_exit_1(clip: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = run_live(clip, "--panel-port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"zoomclone: error: cannot serve the panel on 127.0.0.1:{port} (Address already in use): "
        "choose another --panel-port, or 0 for any free one"
    )


# ---- the vocabulary, the cycle and the config -----------------------------------------------


def test_reload_swaps_in_what_was_staged_or_loads_itself() -> None:
    folder = user_dir()
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(picture_bytes())
    cycle = BackgroundCycle(load_backgrounds(("library",)), specs=("library",))
    cycle.select("a.png")
    (folder / "b.png").write_bytes(picture_bytes())
    cycle.stage_reload()  # decoded here: a.png and b.png
    (folder / "c.png").write_bytes(picture_bytes())
    cycle.reload()  # swaps in the staged list, decodes nothing
    assert [b.name for b in cycle.backgrounds][-2:] == ["a.png", "b.png"]
    assert cycle.current.name == "a.png"
    (folder / "a.png").unlink()
    cycle.reload()  # nothing staged: loads the specs itself
    assert [b.name for b in cycle.backgrounds][-2:] == ["b.png", "c.png"]
    assert cycle.index == 0  # the current one went away
    (folder / "c.png").write_bytes(b"not a picture")
    cycle.reload()  # a file in the user's folder that does not load is skipped, the rest stay
    names = [b.name for b in cycle.backgrounds]
    assert "b.png" in names and "c.png" not in names
    cycle.close()


def test_blur_takes_a_strength_and_reload_is_a_command() -> None:
    assert parse_command(["blur", "2"]) == Command(Action.BLUR, "2")
    assert parse_command(["blur", "OFF"]) == Command(Action.BLUR, "off")
    assert parse_command(["blur"]) == Command(Action.BLUR)
    assert parse_command(["reload"]) == Command(Action.RELOAD)
    with pytest.raises(UsageError, match="blur takes 1, 2, 3 or off"):
        parse_command(["blur", "9"])


def test_the_config_turns_the_panel_off_or_fixes_its_port() -> None:
    live = parse_config("[live]\npanel = false\npanel_port = 8765\n").live
    assert live.panel is False and live.panel_port == 8765
    with pytest.raises(ConfigError, match="panel_port"):
        parse_config("[live]\npanel_port = 70000\n")
