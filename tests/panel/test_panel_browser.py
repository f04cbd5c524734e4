"""The panel end to end: a real ``zoomclone live --input clip --output null`` in a subprocess, driven
from headless Chromium (Debian's ``chromium`` package) through Playwright.

Skips when Playwright or the browser is missing. With ZOOMCLONE_UPDATE_SCREENSHOT=1 it also saves
the README's picture of the panel (docs/images/panel.png); ZOOMCLONE_SCREENSHOT_PHOTO=PATH then makes
the clip from a photo of a person (the README's uses NASA's public-domain portrait of Eileen Collins,
``skimage/data/astronaut.png`` in scikit-image) instead of the made-up frames.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import person_frame
from zoomclone.cli import main

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "images" / "panel.png"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 40.0
WAIT_MS = 15_000


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (apt install chromium)")


def wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"{what}: {process.communicate()[1]}")
        time.sleep(0.1)


def photo_frame(path: Path) -> np.ndarray:
    """A 16:9 frame with the photo in the middle and its own blurred, stretched copy at the sides."""
    photo = cv2.imread(str(path))
    assert photo is not None, path
    side = cv2.GaussianBlur(cv2.resize(photo, (640, 360)), (0, 0), 12)
    scale = 360 / photo.shape[0]
    middle = cv2.resize(photo, (round(photo.shape[1] * scale), 360), interpolation=cv2.INTER_AREA)
    x0 = (640 - middle.shape[1]) // 2
    side[:, x0 : x0 + middle.shape[1]] = middle[:, : 640 - x0]
    return side


@pytest.fixture
def wide_clip(tmp_path: Path) -> Path:
    """A 16:9 clip like a webcam's (the preview and the screenshot are 16:9)."""
    path = tmp_path / "wide.avi"
    photo = os.environ.get("ZOOMCLONE_SCREENSHOT_PHOTO")
    first = photo_frame(Path(photo)) if photo else person_frame(640, 360)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (640, 360))
    for i in range(30):
        writer.write(np.roll(first, i // 3, axis=1))
    writer.release()
    return path


@pytest.fixture
def live(wide_clip: Path, private_user_folders: Path) -> Iterator[tuple[str, Path]]:
    info = private_user_folders / "zoomclone" / "panel.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "zoomclone", "live", "--input", str(wide_clip), "--output", "null"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(info.exists, "zoomclone live did not start its panel", process)
        yield json.loads(info.read_text())["url"], info
        assert main(["ctl", "quit"]) == 0
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
        _, err = process.communicate()
    assert "Traceback" not in err
    assert "zoomclone: panel http://127.0.0.1:" in err
    assert not info.exists()


def status(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    capsys.readouterr()
    assert main(["ctl", "status"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    return dict(line.split(": ", 1) for line in lines)


def snapshot(page: object, url: str) -> np.ndarray:
    """One preview frame, fetched by the page itself (with its token header)."""
    token = url.split("token=", 1)[1]
    data = page.evaluate(  # type: ignore[attr-defined]
        """async (token) => {
            const r = await fetch('/api/snapshot', {headers: {'X-Zoomclone-Token': token}});
            return Array.from(new Uint8Array(await r.arrayBuffer()));
        }""",
        token,
    )
    image = cv2.imdecode(np.array(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def test_the_panel_in_a_real_browser(
    live: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = live
    photo = tmp_path / "My Photo.png"
    image = np.zeros((360, 640, 3), np.uint8)
    image[:] = (40, 160, 60)
    cv2.imwrite(str(photo), image)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(WAIT_MS)
            errors: list[str] = []
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(url)
            page.wait_for_selector('.tile[data-name="bokeh-blue.jpg"][aria-pressed="true"]')
            assert page.locator(".tile").count() == 7
            before = snapshot(page, url)

            page.click('.tile[data-name="gradient-teal.jpg"]')
            page.wait_for_selector('.tile[data-name="gradient-teal.jpg"][aria-pressed="true"]')
            assert status(capsys)["background"] == "gradient-teal.jpg"
            after = snapshot(page, url)
            assert float(np.abs(before.astype(int) - after.astype(int)).mean()) > 10

            page.set_input_files("#file", str(photo))
            added = page.wait_for_selector('.tile[data-name^="My-Photo-"]')
            assert added is not None
            name = added.get_attribute("data-name") or ""
            assert name in status(capsys)["backgrounds"]

            dropped = page.evaluate_handle(
                """(b64) => {
                    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
                    const data = new DataTransfer();
                    data.items.add(new File([bytes], "dropped.png", {type: "image/png"}));
                    return data;
                }""",
                base64.b64encode(photo.read_bytes()).decode(),
            )
            page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
            page.wait_for_selector('.tile[data-name^="dropped-"]')
            page.click('.remove[aria-label^="Remove dropped-"]')
            page.wait_for_selector('.tile[data-name^="dropped-"]', state="detached")
            assert not any(
                n.startswith("dropped-") for n in status(capsys)["backgrounds"].split(", ")
            )

            page.click("#effect")
            page.wait_for_selector('#effect[aria-checked="false"]')
            assert status(capsys)["effect"] == "off"
            page.keyboard.press("e")  # the keys work too
            page.wait_for_selector('#effect[aria-checked="true"]')
            assert status(capsys)["effect"] == "on"

            page.click("#framing")
            page.wait_for_selector('#framing[aria-checked="true"]')
            assert status(capsys)["auto-framing"] == "on"
            page.click("#edge-grow")
            page.wait_for_selector('#edge-value:text-is("+1 px")')
            page.keyboard.press("]")  # the keys work too
            page.wait_for_selector('#edge-value:text-is("+2 px")')
            assert status(capsys)["edge offset (px at 720p)"] == "2"
            page.click("#overlay")  # started without --overlay or --name-tag: it says how
            page.wait_for_selector('#toast.error:has-text("--name-tag")')
            assert status(capsys)["overlay"] == "off"

            page.focus('.tile[data-name="waves-ocean.jpg"]')
            page.keyboard.press("Enter")
            page.wait_for_selector('.tile[data-name="waves-ocean.jpg"][aria-pressed="true"]')
            page.wait_for_function("document.getElementById('preview').naturalWidth > 0")
            assert errors == []
            if os.environ.get("ZOOMCLONE_UPDATE_SCREENSHOT") == "1":
                page.mouse.move(0, 0)
                page.evaluate("document.activeElement.blur()")
                page.wait_for_selector("#toast", state="hidden")  # the overlay's hint has gone
                page.wait_for_timeout(2500)  # a status refresh or two: real numbers
                page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
