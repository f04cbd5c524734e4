"""The control socket against a running pipeline on fakes: commands, status, and refusals."""

from __future__ import annotations

import json
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.test_pipeline import make_pipeline
from zoomclone.clock import SystemClock
from zoomclone.control.client import send_command
from zoomclone.control.commands import Action, Command
from zoomclone.control.server import (
    MAX_MESSAGE_BYTES,
    ControlServer,
    Refused,
    decode_request,
    default_address,
)
from zoomclone.errors import ControlError
from zoomclone.live.config import PipelineConfig
from zoomclone.live.pipeline import LivePipeline
from zoomclone.sinks import RecordingSink
from zoomclone.sources import FakeSource

FAST_FPS = 60.0


class RunningApp:
    """A live pipeline running on its own thread, with a control server, like ``zoomclone live``."""

    def __init__(self, address: Path) -> None:
        self.sink = RecordingSink(keep=3)
        self.pipeline: LivePipeline = make_pipeline(
            source=FakeSource(frames=None),
            sinks=[self.sink],
            config=PipelineConfig(pace_fps=FAST_FPS),
            clock=SystemClock(),
        )
        self.server = ControlServer(self.pipeline, address)
        self.thread = threading.Thread(target=self.pipeline.run)

    def wait_frames(self, count: int) -> None:
        target = self.sink.sent + count
        while self.sink.sent < target and self.thread.is_alive():
            threading.Event().wait(0.01)


@pytest.fixture
def address(private_user_folders: Path) -> Path:
    return private_user_folders / "c.sock"


@pytest.fixture
def app(address: Path) -> Iterator[RunningApp]:
    running = RunningApp(address)
    with running.server:
        running.thread.start()
        running.wait_frames(2)
        yield running
        running.pipeline.stop()
        running.thread.join()


def raw_exchange(address: Path, payload: bytes) -> dict[str, object]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(2.0)
        conn.connect(str(address))
        conn.sendall(payload)
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = conn.recv(4096)
            if not chunk:
                break
            reply += chunk
    return json.loads(reply)


def test_next_changes_the_background_in_status_and_in_the_output(
    app: RunningApp, address: Path
) -> None:
    before = send_command(["status"], address)["status"]
    assert before["background"] == "white"
    assert (app.sink.frames[-1][2, 2] == 255).all()
    assert send_command(["next"], address)["ok"] is True
    app.wait_frames(3)
    after = send_command(["status"], address)["status"]
    assert after["background"] == "black"
    assert set(after) >= {"fps", "mask_age_frames"}
    assert (app.sink.frames[-1][2, 2] == 0).all()  # the output frames went black


def test_background_by_name_and_unknown_name_refused(app: RunningApp, address: Path) -> None:
    assert send_command(["background", "black"], address)["ok"] is True
    reply = send_command(["background", "beach.jpg"], address)
    assert reply["ok"] is False and "no background named 'beach.jpg'" in reply["error"]


def test_the_socket_is_private_to_the_user(app: RunningApp, address: Path) -> None:
    mode = address.stat().st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) == 0o600


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (b"rm -rf /\n", "malformed message"),
        (b'{"command": "next"}\n', "list of strings"),
        (b'{"command": ["next"], "exec": "print(1)"}\n', "malformed message"),
        (b'{"command": ["__import__(\'os\')"]}\n', "unknown command"),
        (b"\xff\xfe\n", "malformed message"),
        (b'{"command": ["' + b"n" * MAX_MESSAGE_BYTES + b'"]}\n', "longer than"),
    ],
)
def test_bad_messages_are_refused_and_the_app_keeps_running(
    app: RunningApp, address: Path, payload: bytes, error: str
) -> None:
    reply = raw_exchange(address, payload)
    assert reply["ok"] is False and error in str(reply["error"])
    app.wait_frames(2)
    assert app.thread.is_alive()
    assert send_command(["status"], address)["status"]["state"] == "running"


def test_a_silent_client_times_out_and_the_next_one_is_served(
    app: RunningApp, address: Path
) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as idle:
        idle.connect(str(address))  # says nothing
        assert send_command(["status"], address, timeout_s=3.0)["ok"] is True


def test_quit_over_the_socket_stops_the_app(app: RunningApp, address: Path) -> None:
    assert send_command(["quit"], address)["ok"] is True
    app.thread.join(5.0)
    assert not app.thread.is_alive()


def test_server_thread_is_joined_and_the_socket_removed(address: Path) -> None:
    before = set(threading.enumerate())
    pipeline = make_pipeline()
    with ControlServer(pipeline, address):
        assert address.exists()
    assert not address.exists()
    assert set(threading.enumerate()) == before


def test_a_stale_socket_from_a_crashed_run_is_replaced(address: Path) -> None:
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(address))
    stale.close()  # the file stays, nobody listens: what a crash leaves
    with ControlServer(make_pipeline(), address):
        assert send_command(["status"], address)["ok"] is True


def test_a_second_zoomclone_is_refused_while_the_first_runs(address: Path) -> None:
    with ControlServer(make_pipeline(), address), pytest.raises(ControlError, match="already"):
        ControlServer(make_pipeline(), address).__enter__()


def test_no_running_app_is_a_control_error(address: Path) -> None:
    with pytest.raises(ControlError, match="no zoomclone is running"):
        send_command(["status"], address)


def test_default_address_is_in_the_private_runtime_folder(private_user_folders: Path) -> None:
    path = default_address()
    assert path.parent == private_user_folders / "zoomclone"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_without_a_runtime_folder_a_private_fallback_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    path = default_address()
    assert path.parent.parent == tmp_path
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_decode_request_only_ever_gives_a_command() -> None:
    assert decode_request(b'{"command": ["background", "a.jpg"]}') == Command(
        Action.BACKGROUND, "a.jpg"
    )
    with pytest.raises(Refused, match="too many words"):
        decode_request(b'{"command": ["next", "a", "b", "c", "d"]}')
    with pytest.raises(Refused, match="token"):
        decode_request(b'{"command": ["next"], "token": "guess"}', token="secret")
    assert decode_request(b'{"command": ["next"], "token": "secret"}', token="secret")
