"""The user's path: the wheel (built from the sdist) installed into a new venv with no extras, used
from a Pulumi project outside the repository through the real CLI, on a `sig-emulator` of its own
and on the embedded default. Nothing of the repository (its venv, its sources) is importable there."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import REPO_ROOT, PulumiProject, changes, hermetic_environment, pulumi_environment

PROGRAM = '''\
"""A user's stack: every pulumi-sig resource, written against the installed package only."""
import pulumi

from pulumi_sig import (Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup,
                        TargetRegionArgs, get_latest_image_version)

group = ResourceGroup("rg", resource_group_name="user-rg", location="westeurope")
gallery = Gallery("gallery", resource_group_name=group.resource_group_name, gallery_name="userGallery",
                  location="westeurope", description="installed from a wheel")
source = ImageSource("source", resource_group_name=group.resource_group_name, source_name="base",
                     location="westeurope", os_type="Linux", disk_size_gb=30)
definition = ImageDefinition("definition", resource_group_name=group.resource_group_name,
                             gallery_name=gallery.gallery_name, image_name="ubuntu", location="westeurope",
                             os_type="Linux", os_state="Generalized", publisher="Contoso",
                             offer="UbuntuServer", sku="22_04")
version = ImageVersion("version", version_name="1.0.0", resource_group_name=group.resource_group_name,
                       gallery_name=gallery.gallery_name, image_name=definition.image_name,
                       location="westeurope", source_id=source.id,
                       target_regions=[TargetRegionArgs("westeurope", regional_replica_count=1)])
latest = get_latest_image_version(group.resource_group_name, gallery.gallery_name, definition.image_name,
                                  depends_on=[version.id])
pulumi.export("latest", latest.apply(lambda v: v["name"] if v else None))
'''


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding the wheel built from the sdist, with no extras and no test dependencies."""
    work = tmp_path_factory.mktemp("user-install")
    dist = work / "dist"
    _run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(REPO_ROOT)],
         env=hermetic_environment())
    wheel = next(dist.glob("pulumi_sig-*.whl"))
    assert next(dist.glob("pulumi_sig-*.tar.gz"))
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
          "-c", str(REPO_ROOT / "constraints.txt"), str(wheel)], cwd=work)
    return venv


def _user_env(venv: Path, engine_bin: Path, state: Path) -> dict[str, str]:
    return pulumi_environment(engine_bin, state, python_bin=venv / "bin")


def _user_project(tmp_path: Path, env: dict[str, str]) -> PulumiProject:
    source = tmp_path / "src" / "user-stack"
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text("name: user-stack\nruntime: python\n")
    (source / "__main__.py").write_text(PROGRAM)
    return PulumiProject.copy_of(source, tmp_path / "work", env)


def test_the_installed_package_has_a_working_emulator_and_no_test_dependencies(user_venv: Path) -> None:
    python = str(user_venv / "bin" / "python")
    probe = ("import importlib.util, json, pulumi_sig.client, pulumi_sig.emulator.server as s; "
             "print(json.dumps({m: importlib.util.find_spec(m) is not None for m in "
             "('pytest', 'azure', 'trustme', 'httptools', 'pulumi_sig')} | "
             "{'file': pulumi_sig.client.__file__, 'http': getattr(s._http_parser(), '__name__', 'h11')}))")
    found = json.loads(_run([python, "-c", probe], cwd=user_venv).stdout)
    assert found["file"].startswith(str(user_venv)), found  # the wheel's copy, not the repository's
    assert not found["pytest"] and not found["azure"] and not found["trustme"]
    assert found["httptools"] and found["http"] == "GuardedHttpToolsProtocol"  # httptools behind the limits
    pth = list(user_venv.glob("lib/python*/site-packages/pulumi_sig_dynamic_host.pth"))
    assert pth, "the wheel installs the dynamic host's start-up file"


def test_user_stack_on_its_own_sig_emulator(user_venv: Path, tmp_path: Path) -> None:
    from tests.e2e.pulumi_cli import engine_bin_dir

    env = _user_env(user_venv, engine_bin_dir(), tmp_path / "state")
    server = subprocess.Popen([str(user_venv / "bin" / "sig-emulator"), "--port", "0", "--data-dir",
                               str(tmp_path / "emulator")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=tmp_path)
    try:
        url = server.stdout.readline().strip()  # type: ignore[union-attr]
        assert url.startswith("http://127.0.0.1:"), server.stderr.read() if server.poll() else url  # type: ignore[union-attr]
        project = _user_project(tmp_path, env)
        project.config("sig:endpoint", url)
        project.up()
        assert project.outputs()["latest"] == "1.0.0"
        assert changes(project.preview_json()) == {}
        types = {r["type"] for r in project.resources() if r["type"].startswith("pulumi-python")}
        assert types == {f"pulumi-python:dynamic/sig:{name}" for name in
                         ("ResourceGroup", "Gallery", "ImageSource", "ImageDefinition", "ImageVersion")}
        project.destroy()
    finally:
        server.terminate()
        assert server.wait(timeout=20) == 0


def test_user_stack_on_the_embedded_default(user_venv: Path, tmp_path: Path) -> None:
    from tests.e2e.pulumi_cli import engine_bin_dir

    env = _user_env(user_venv, engine_bin_dir(), tmp_path / "state")
    cli = str(user_venv / "bin" / "sig-emulator")
    project = _user_project(tmp_path, env)
    try:
        result = project.up()
        assert "sig-emulator stop" in result.stdout + result.stderr  # the provider says how to stop it
        assert changes(project.preview_json()) == {}
        status = subprocess.run([cli, "status"], env=env, capture_output=True, text=True, timeout=60)
        assert status.returncode == 0 and "running at http://127.0.0.1:" in status.stdout, status
        assert str(tmp_path / "state" / "embedded") in status.stdout
        project.destroy()
    finally:
        stop = subprocess.run([cli, "stop"], env=env, capture_output=True, text=True, timeout=60)
    assert "stopped" in stop.stdout, stop
    after = subprocess.run([cli, "status"], env=env, capture_output=True, text=True, timeout=60)
    assert after.returncode == 3 and "not running" in after.stdout
