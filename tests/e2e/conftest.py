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
