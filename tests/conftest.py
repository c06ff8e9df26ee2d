"""Every test runs away from the user's own state: the embedded emulator's default directory and
Pulumi's settings point into this session's temp dir, whatever the caller's environment holds."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home = tmp_path_factory.mktemp("state")
    saved = {key: os.environ.get(key) for key in ("SIG_DATA_DIR", "XDG_DATA_HOME", "XDG_STATE_HOME")}
    os.environ.update({"SIG_DATA_DIR": str(home / "embedded"), "XDG_DATA_HOME": str(home / "data"),
                       "XDG_STATE_HOME": str(home / "state")})
    try:
        yield
    finally:
        from pulumi_sig.client.embedded import stop_embedded

        stop_embedded(home / "embedded")
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def emulator_url(tmp_path: Path):
    """A real emulator server on a free port with its SQLite file in tmp_path."""
    from pulumi_sig.emulator.server import EmulatorServer

    with EmulatorServer(tmp_path / "emulator-data", port=0) as server:
        yield server.url


@pytest.fixture
def arm(emulator_url: str):
    """The backend client pointed at the test's emulator."""
    from pulumi_sig.client import ArmClient, ClientConfig

    return ArmClient(ClientConfig(endpoint=emulator_url, cloud="emulator"))
