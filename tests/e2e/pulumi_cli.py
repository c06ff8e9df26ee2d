"""Drive the real `pulumi` CLI: the engine from scripts/ensure-pulumi, a local file backend."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]


def engine_bin_dir() -> Path:
    """The directory holding `pulumi`, built or found by scripts/ensure-pulumi (never skipped)."""
    result = subprocess.run([str(REPO_ROOT / "scripts" / "ensure-pulumi")], capture_output=True,
                            text=True, timeout=3000, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"scripts/ensure-pulumi failed:\n{result.stderr[-4000:]}")
    return Path(result.stdout.strip().splitlines()[-1])


# Variables of the caller that could point a test at the user's own stacks, state or emulator.
_USER_STATE_PREFIXES = ("PULUMI_", "SIG_", "XDG_STATE_HOME", "XDG_DATA_HOME")


def hermetic_environment() -> dict[str, str]:
    """The caller's environment without anything that names the user's Pulumi or pulumi-sig state."""
    return {key: value for key, value in os.environ.items() if not key.startswith(_USER_STATE_PREFIXES)}


def pulumi_environment(bin_dir: Path, state_dir: Path, *, python_bin: Path | None = None) -> dict[str, str]:
    """An offline environment of its own: backend, Pulumi home and embedded emulator data all in
    state_dir, passphrase secrets, no downloads; nothing of the caller's Pulumi settings leaks in.

    python_bin: a user's own Python (another venv) instead of this one, with nothing of the
    repository importable: PATH is the engine, that Python and the system's directories only.
    """
    env = hermetic_environment()
    if python_bin is None:
        path = [str(bin_dir), str(Path(sys.executable).parent), env.get("PATH", "")]
    else:
        env = {key: value for key, value in env.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        path = [str(bin_dir), str(python_bin), "/usr/local/bin", "/usr/bin", "/bin"]
    env.update({
        "SIG_DATA_DIR": str(state_dir / "embedded"),
        "PATH": os.pathsep.join(path),
        "PULUMI_BACKEND_URL": f"file://{state_dir / 'backend'}",
        "PULUMI_HOME": str(state_dir / "pulumi-home"),
        "PULUMI_CONFIG_PASSPHRASE": "e2e-passphrase",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
        "NO_COLOR": "1",
    })
    (state_dir / "backend").mkdir(parents=True, exist_ok=True)
    return env


@dataclass
class PulumiProject:
    """A copy of a Pulumi project in a temp dir, with one stack, driven through the real CLI."""

    directory: Path
    env: dict[str, str]
    stack: str = "e2e"
    log: list[str] = field(default_factory=list)

    @classmethod
    def copy_of(cls, source: Path, workdir: Path, env: dict[str, str], *, stack: str = "e2e") -> "PulumiProject":
        directory = workdir / source.name
        shutil.copytree(source, directory, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
        backend = workdir / "backend"  # one backend per project copy: tests never share stacks
        backend.mkdir(exist_ok=True)
        env = {**env, "PULUMI_BACKEND_URL": f"file://{backend}"}
        project = cls(directory=directory, env=env, stack=stack)
        project.run("stack", "init", stack)
        return project

    def run(self, *args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        """Run `pulumi <args>` in the project; raise with the CLI's output when it fails."""
        command = ["pulumi", *args, "--non-interactive"]
        if args and args[0] not in ("stack", "version", "config", "plugin"):
            command += ["--stack", self.stack]
        result = subprocess.run(command, cwd=self.directory, env=self.env, capture_output=True,
                                text=True, timeout=timeout, check=False)
        self.log.append(f"$ {' '.join(command)}\n{result.stdout}\n{result.stderr}")
        if check and result.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} failed ({result.returncode}):\n"
                                 f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
        return result

    def config(self, key: str, value: str) -> None:
        self.run("config", "set", "--stack", self.stack, key, value)

    def config_rm(self, key: str) -> None:
        self.run("config", "rm", "--stack", self.stack, key)

    def up(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview", *extra)

    def preview_json(self, *extra: str, check: bool = True) -> dict[str, Any]:
        result = self.run("preview", "--json", *extra, check=check)
        return json.loads(result.stdout)

    def refresh(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return self.run("refresh", "--yes", "--skip-preview", *extra)

    def destroy(self) -> subprocess.CompletedProcess[str]:
        return self.run("destroy", "--yes", "--skip-preview")

    def outputs(self) -> dict[str, Any]:
        result = self.run("stack", "output", "--json", "--show-secrets", "--stack", self.stack)
        return json.loads(result.stdout)

    def resources(self) -> list[dict[str, Any]]:
        """The stack's resources as the state file has them."""
        result = self.run("stack", "export", "--stack", self.stack)
        return json.loads(result.stdout)["deployment"].get("resources", [])


def changes(preview: dict[str, Any]) -> dict[str, int]:
    """The preview's change summary without the 'same' count."""
    return {op: n for op, n in preview.get("changeSummary", {}).items() if op != "same" and n}


def steps_by_name(preview: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Preview steps keyed by the resource's name (the last part of its URN)."""
    return {step["urn"].rsplit("::", 1)[-1]: step for step in preview.get("steps", [])}


def program_project(workdir: Path, env: dict[str, str], name: str, program: str, *,
                    stack: str = "e2e") -> PulumiProject:
    """A new Pulumi project of the given program text (as a user writes one), with one stack."""
    source = workdir / "src" / name
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
    (source / "__main__.py").write_text(program)
    return PulumiProject.copy_of(source, workdir / "work", env, stack=stack)


def output_text(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr
