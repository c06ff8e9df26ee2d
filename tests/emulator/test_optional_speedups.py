"""The emulator runs where its optional speed-ups (httptools, uvloop) have no wheel."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests

from pulumi_sig.emulator import server as server_module
from pulumi_sig.emulator.http_guard import GuardedHttpToolsProtocol  # httptools behind the front-end limits
from pulumi_sig.emulator.server import EmulatorServer


def test_serves_with_h11_and_asyncio_when_speedups_are_missing(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "_importable", lambda module: False)
    with EmulatorServer(tmp_path / "data", port=0) as emulator:
        assert emulator._server is not None
        assert (emulator._server.config.http, emulator._server.config.loop) == ("h11", "asyncio")
        response = requests.get(f"{emulator.url}/subscriptions/00000000-0000-0000-0000-000000000000/"
                                "resourcegroups?api-version=2021-04-01", timeout=10)
        assert response.status_code == 200, response.text


def test_uses_the_speedups_when_installed(tmp_path: Path) -> None:
    with EmulatorServer(tmp_path / "data", port=0) as emulator:
        assert emulator._server is not None
        assert (emulator._server.config.http, emulator._server.config.loop) == (GuardedHttpToolsProtocol, "uvloop")
