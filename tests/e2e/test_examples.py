"""The examples as users run them: the repository's default stack (quickstart) and china-cloud,
on the embedded emulator (no endpoint configured), through the real pulumi CLI."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import REPO_ROOT, PulumiProject, changes, hermetic_environment


def _root_stack(workdir: Path) -> Path:
    """The repository root's Pulumi.yaml with the example it points at, laid out as in the repo."""
    root = workdir / "repo"
    (root / "examples").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "Pulumi.yaml", root / "Pulumi.yaml")
    shutil.copytree(REPO_ROOT / "examples" / "quickstart", root / "examples" / "quickstart")
    return root


@pytest.mark.parametrize(("layout", "latest"), [("root", "1.0.12"), ("china-cloud", "1.0.0")])
def test_example_up_noop_destroy_on_embedded_emulator(tmp_path: Path, pulumi_env: dict[str, str],
                                                      layout: str, latest: str) -> None:
    from pulumi_sig.client import ArmClient, ClientConfig, stop_embedded

    data_dir = tmp_path / "embedded"
    env = {**pulumi_env, "SIG_DATA_DIR": str(data_dir)}
    source = _root_stack(tmp_path) if layout == "root" else REPO_ROOT / "examples" / layout
    project = PulumiProject.copy_of(source, tmp_path / "work", env)
    try:
        result = project.up()
        assert "embedded emulator" in result.stdout + result.stderr
        outputs = project.outputs()
        assert outputs["latestVersion"] == latest
        assert set(outputs["replication"].values()) == {"Completed"} and len(outputs["replication"]) == 2
        assert changes(project.preview_json()) == {}
        project.destroy()
        client = ArmClient(ClientConfig(data_dir=str(data_dir)))
        assert client.galleries.list() == [] and client.resource_groups.list() == []
    finally:
        stop_embedded(str(data_dir))


def test_readme_main_command_runs_the_default_stack(tmp_path: Path) -> None:
    """`scripts/sig` as the README gives it: bootstrap, engine, then `pulumi up` of the root stack."""
    import subprocess

    from pulumi_sig.client import stop_embedded

    project = _root_stack(tmp_path)
    env = {**hermetic_environment(), "SIG_PROJECT_DIR": str(project), "SIG_DATA_DIR": str(tmp_path / "embedded"),
           "PULUMI_SIG_STATE_DIR": str(tmp_path / "state"), "NO_COLOR": "1"}
    sig = str(REPO_ROOT / "scripts" / "sig")
    try:
        up = subprocess.run([sig], env=env, capture_output=True, text=True, timeout=900, check=False)
        assert up.returncode == 0, up.stdout[-4000:] + up.stderr[-4000:]
        assert 'latestVersion: "1.0.12"' in up.stdout
        down = subprocess.run([sig, "destroy", "--yes"], env=env, capture_output=True, text=True, timeout=900,
                              check=False)
        assert down.returncode == 0, down.stdout[-4000:] + down.stderr[-4000:]
    finally:
        stop_embedded(str(tmp_path / "embedded"))


def _tree_digest(directory: Path) -> dict[str, str]:
    import hashlib

    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def test_readme_commands_in_order_leave_the_users_stack_untouched(tmp_path: Path) -> None:
    """The README's two commands in its order, as a user with their own `dev` stack runs them:
    `scripts/sig` (the user's stack), then `scripts/test` (here a slice of the suite that drives
    pulumi); the user's state, passphrase and emulator data are exactly as they were."""
    import subprocess

    from pulumi_sig.client import stop_embedded
    from tests.e2e.pulumi_cli import engine_bin_dir

    home = tmp_path / "home"
    home.mkdir()
    state = home / ".local" / "state" / "pulumi-sig"  # the README's default place, under the user's home
    env = {**hermetic_environment(), "HOME": str(home), "SIG_PROJECT_DIR": str(_root_stack(tmp_path)),
           "PULUMI_SIG_CACHE": str(engine_bin_dir().parents[1]), "NO_COLOR": "1"}
    sig, test = str(REPO_ROOT / "scripts" / "sig"), str(REPO_ROOT / "scripts" / "test")
    try:
        up = subprocess.run([sig], env=env, capture_output=True, text=True, timeout=900, check=False)
        assert up.returncode == 0, up.stdout[-4000:] + up.stderr[-4000:]
        assert (state / "backend").is_dir() and (state / "emulator").is_dir() and (state / "passphrase").is_file()
        assert oct(state.stat().st_mode & 0o777) == "0o700"
        readable = [str(p) for p in state.rglob("*") if p.is_file() and p.stat().st_mode & 0o077]
        assert readable == [], "the stack's state, passphrase and emulator data are the user's alone"
        before = _tree_digest(state / "backend")
        tests = subprocess.run([test, "tests/e2e/test_smoke.py", "-q", "-p", "no:cacheprovider"], env=env,
                               capture_output=True, text=True, timeout=1200, check=False, cwd=REPO_ROOT)
        assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-4000:]
        assert " passed" in tests.stdout
        assert _tree_digest(state / "backend") == before
        again = subprocess.run([sig, "preview", "--json"], env=env, capture_output=True, text=True, timeout=900)
        assert again.returncode == 0, again.stderr[-4000:]
        assert changes(__import__("json").loads(again.stdout)) == {}
    finally:
        subprocess.run([sig, "destroy", "--yes"], env=env, capture_output=True, text=True, timeout=900)
        stop_embedded(str(state / "emulator"))
