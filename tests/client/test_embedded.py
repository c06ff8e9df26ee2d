"""The embedded emulator: spawned on first use, reused by later clients, state durable across restarts."""
from __future__ import annotations

import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest

from pulumi_sig.client import ArmClient, ClientConfig, ensure_embedded, stop_embedded
from pulumi_sig.models import Gallery, ResourceGroup
from tests.client.conftest import FAST

pytest.importorskip("pulumi_sig.emulator.server")


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "embedded"
    yield directory
    stop_embedded(directory)


def recorded(directory: Path) -> dict[str, object]:
    return json.loads((directory / "server.json").read_text())


def test_spawn_reuse_and_durable_state(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = ClientConfig(data_dir=str(data_dir), **{**FAST, "poll_max_delay": 2.0})
    with caplog.at_level(logging.INFO, logger="pulumi_sig.client"):
        first = ArmClient(config)
    assert first.embedded_data_dir == data_dir
    assert f"started embedded emulator at {first.base_url}" in caplog.text and str(data_dir) in caplog.text
    server = recorded(data_dir)
    assert server["url"] == first.base_url and os.path.exists(data_dir / "server.log")
    first.resource_groups.create_or_update("rg", ResourceGroup(location="westus"))
    first.galleries.create_or_update("rg", "durable", Gallery(location="westus"))

    second = ArmClient(config)  # reuses the running server
    assert second.base_url == first.base_url and recorded(data_dir)["pid"] == server["pid"]
    assert second.galleries.get("rg", "durable").name == "durable"

    assert stop_embedded(data_dir)
    third = ArmClient(config)  # a new server over the same directory
    assert recorded(data_dir)["pid"] != server["pid"]
    assert third.galleries.get("rg", "durable").name == "durable"


def test_parallel_starts_spawn_one_server(data_dir: Path) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        servers = list(pool.map(lambda _: ensure_embedded(data_dir), range(4)))
    assert len({(s.pid, s.url) for s in servers}) == 1


def test_sig_data_dir_environment_variable(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIG_DATA_DIR", str(data_dir))
    server = ensure_embedded()
    assert server.data_dir == data_dir and recorded(data_dir)["url"] == server.url
    assert not stop_embedded(data_dir / "nothing-here")
