"""examples/pr-preview's workflow, its Install and Preview steps run as written by bash: in a user's
repository laid out in a temp dir, with a fresh Python (setup-python), the engine on PATH
(pulumi/actions) and pulumi-sig from this checkout as PULUMI_SIG_SOURCE. Only the job's Azure
settings are swapped for a local emulator."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.e2e.pulumi_cli import REPO_ROOT, engine_bin_dir, pulumi_environment

WORKFLOW = REPO_ROOT / "examples" / "pr-preview" / ".github" / "workflows" / "pulumi-preview.yml"
PROGRAM = '''\
from pulumi_sig import Gallery, ImageDefinition, ResourceGroup
group = ResourceGroup("images", resource_group_name="pr-rg", location="westeurope")
gallery = Gallery("platform", resource_group_name=group.resource_group_name, gallery_name="prGallery",
                  location="westeurope", description="reviewed in pull requests")
ImageDefinition("ubuntu", resource_group_name=group.resource_group_name, gallery_name=gallery.gallery_name,
                location="westeurope", os_type="Linux", os_state="Generalized", publisher="Contoso",
                offer="Ubuntu", sku="24_04")
'''


def _steps() -> dict[str, str]:
    job = yaml.safe_load(WORKFLOW.read_text())["jobs"]["preview"]
    return {step["name"]: step["run"] for step in job["steps"] if "name" in step and "run" in step}


def test_the_workflow_install_and_preview_steps_as_written(tmp_path: Path, emulator_url: str) -> None:
    steps = _steps()
    assert 'pip install "pulumi-sig[azure] @ ${PULUMI_SIG_SOURCE}"' in steps["Install"]
    repo = tmp_path / "user-repo"
    repo.mkdir()
    (repo / "Pulumi.yaml").write_text("name: images\nruntime: python\n")
    (repo / "__main__.py").write_text(PROGRAM)
    python = tmp_path / "python"  # what actions/setup-python puts first on PATH
    subprocess.run([sys.executable, "-m", "venv", str(python)], check=True)
    github_output = tmp_path / "github-output"
    github_output.touch()
    env = pulumi_environment(engine_bin_dir(), tmp_path, python_bin=python / "bin")
    env.update({  # the job's settings, with the emulator in place of Azure
        "GITHUB_OUTPUT": str(github_output), "PULUMI_SIG_SOURCE": REPO_ROOT.as_uri(),
        "PIP_CONSTRAINT": str(REPO_ROOT / "constraints.txt"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "SIG_CLOUD": "emulator", "SIG_ENDPOINT": emulator_url,
    })
    subprocess.run(["pulumi", "stack", "init", "prod", "--non-interactive"], cwd=repo, env=env, check=True,
                   capture_output=True)
    for name in ("Install", "Preview"):
        result = subprocess.run(["bash", "-e", "-c", steps[name]], cwd=repo, env=env, capture_output=True,
                                text=True, timeout=900)
        assert result.returncode == 0, f"{name}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert "failed=1" not in github_output.read_text(), (repo / "preview.txt").read_text()[-3000:]
    table = (repo / "table.md").read_text()
    assert "| `platform` | Gallery | **create** |" in table, table
    assert "| `ubuntu` | ImageDefinition | **create** |" in table and "| `images` | ResourceGroup |" in table
    assert "pulumi-python:dynamic/sig:ImageDefinition" in (repo / "preview.txt").read_text()
