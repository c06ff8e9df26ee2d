"""The embedded emulator's state is private to its user, and the client trusts only the emulator that proves itself."""
from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from pulumi_sig.client import ArmClient, ClientConfig, ensure_embedded, stop_embedded
from pulumi_sig.client.private_files import UnsafeStateError
from pulumi_sig.models import Gallery, ResourceGroup
from tests.client.conftest import FAST
from tests.client.raw_server import RawServer, reply

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "embedded"
    yield directory
    try:
        stop_embedded(directory)
    except UnsafeStateError:
        pass


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_directory_is_0700_and_every_file_0600(data_dir: Path) -> None:
    server = ensure_embedded(data_dir)
    assert _mode(data_dir) == 0o700
    names = {"server.json", "server.lock", "server.out", "server.log", "auth.token", "emulator.db"}
    assert names <= {p.name for p in data_dir.iterdir()}
    assert {p.name: _mode(p) for p in data_dir.iterdir() if p.name in names} == {n: 0o600 for n in names}
    assert server.token and server.token not in json.dumps(json.loads((data_dir / "server.json").read_text()))


def test_an_existing_open_directory_of_ours_is_closed(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    ensure_embedded(data_dir)
    assert _mode(data_dir) == 0o700


def test_a_directory_of_another_user_is_refused(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir.mkdir(mode=0o700)
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)  # as if another user had created it
    with pytest.raises(UnsafeStateError, match="not to this user"):
        ensure_embedded(data_dir)


def test_a_symlinked_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafeStateError, match="symbolic link"):
        ensure_embedded(tmp_path / "link")


@pytest.mark.parametrize("name", ["server.lock", "server.out", "server.log", "server.json", "auth.token"])
def test_symlinked_files_are_never_followed(data_dir: Path, tmp_path: Path, name: str) -> None:
    data_dir.mkdir(mode=0o700)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (data_dir / name).symlink_to(victim)
    with pytest.raises(UnsafeStateError, match="symbolic link"):
        ensure_embedded(data_dir)
    assert victim.read_text() == "precious"


def test_an_impostor_at_the_recorded_url_never_receives_the_token(data_dir: Path) -> None:
    seen: list[str] = []

    def impostor(method: str, path: str, connection: socket.socket, url: str) -> None:
        seen.append(path)
        reply(connection, 200, json.dumps({"status": "ok", "pid": os.getpid(), "proof": "0" * 64}).encode())

    fake = RawServer(impostor)
    try:
        ensure_embedded(data_dir)
        stop_embedded(data_dir)
        (data_dir / "server.json").write_text(json.dumps({"pid": os.getpid(), "url": fake.url, "port": 1}))
        with ArmClient(ClientConfig(data_dir=str(data_dir), **FAST)) as client:
            assert client.base_url != fake.url
            client.resource_groups.create_or_update("rg", ResourceGroup(location="westus"))
    finally:
        fake.close()
    assert seen and all(path.startswith("/_emulator/health?challenge=") for path in seen)


def test_a_recorded_pid_that_is_not_our_emulator_is_never_signalled(data_dir: Path) -> None:
    ensure_embedded(data_dir)
    stop_embedded(data_dir)
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (data_dir / "server.json").write_text(json.dumps({"pid": bystander.pid, "url": "http://127.0.0.1:9"}))
        assert stop_embedded(data_dir) is False
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


def test_restarts_on_its_previous_port(data_dir: Path) -> None:
    first = ensure_embedded(data_dir)
    assert stop_embedded(data_dir)
    second = ensure_embedded(data_dir)
    assert second.url == first.url and second.pid != first.pid


def test_an_operation_url_survives_a_restart_on_the_same_port(data_dir: Path) -> None:
    with ArmClient(ClientConfig(data_dir=str(data_dir), **FAST)) as client:
        client.resource_groups.create_or_update("rg", ResourceGroup(location="westus"))
        poller = client.galleries.begin_create_or_update("rg", "g", Gallery(location="westus"))
        stop_embedded(data_dir)
        assert poller.result(deadline=30).name == "g"  # the first poll restarts the emulator


def test_a_stranded_url_is_rebased_when_the_port_changes(data_dir: Path) -> None:
    with ArmClient(ClientConfig(data_dir=str(data_dir), **FAST)) as client:
        client.resource_groups.create_or_update("rg", ResourceGroup(location="westus"))
        client.galleries.create_or_update("rg", "g", Gallery(location="westus"))
        old_url = client.base_url
        gallery_url = client.transport.url("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                                           "rg/providers/Microsoft.Compute/galleries/g")
        stop_embedded(data_dir)
        taken = socket.create_server(("127.0.0.1", 0))  # the port it would come back on is taken meanwhile
        try:
            (data_dir / "server.json").write_text(json.dumps({"port": taken.getsockname()[1]}))
            response = client.transport.request("GET", gallery_url)  # the old port now refuses
        finally:
            taken.close()
        assert response.json()["name"] == "g" and client.base_url != old_url
        assert response.url.startswith(client.base_url)


def test_the_client_imports_where_fcntl_does_not_exist() -> None:
    code = ("import sys; sys.modules['fcntl'] = None; import pulumi_sig.client, pulumi_sig.client.embedded; "
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr
