"""Fixtures for end-to-end tests through the real pulumi CLI."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import engine_bin_dir, pulumi_environment


@pytest.fixture(scope="session")
def pulumi_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The engine (built or found, never skipped) and an offline environment for it."""
    bin_dir = engine_bin_dir()
    env = pulumi_environment(bin_dir, tmp_path_factory.mktemp("pulumi-state"))
    version = subprocess.run(["pulumi", "version"], env=env, capture_output=True, text=True, check=True)
    print(f"\npulumi version: {version.stdout.strip()} ({bin_dir / 'pulumi'})")
    assert version.stdout.strip().startswith("v3."), version.stdout
    return env


@pytest.fixture
def backend_writes(emulator_url: str):
    """A callable counting the emulator's write requests (PUT, PATCH, DELETE, POST) so far."""
    import requests

    def count() -> int:
        stats = requests.get(f"{emulator_url}/_emulator/stats", timeout=10).json()
        return sum(n for method, n in stats["requests"].items() if method in ("PUT", "PATCH", "DELETE", "POST"))

    return count
