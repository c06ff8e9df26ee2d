"""Estates end to end: a YAML document deployed by `deploy("estate.yaml")` through the real pulumi
CLI on a real emulator: a new version demotes the older ones as the policy says, an overlay changes
only what it names, an expired version is retired, a bad document fails at preview."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pulumi_cli import REPO_ROOT, PulumiProject, changes, output_text, program_project, steps_by_name

PROGRAM = 'from pulumi_sig.estate import deploy\n\ndeploy("estate.yaml")\n'
ESTATE = """\
# yaml-language-server: $schema=./estate.schema.json
replication:
  tiers: [{newest: 2, regions: all, replicas: 2}]
  rest: {regions: home, replicas: 1}
retention: {remove_expired: true}
resource_groups:
  images: {location: westeurope}
image_sources:
  build: {resource_group: images, os_type: Linux}
galleries:
  platform:
    resource_group: images
    description: golden images
    regions: [westeurope, northeurope, swedencentral]
    definitions:
      ubuntu:
        os_type: Linux
        publisher: Contoso
        offer: Ubuntu
        sku: "22_04"
        occupied_size_gb: 10
        versions:
VERSIONS
"""
V = "platform/ubuntu/"


def estate(*versions: str) -> str:
    rows = "".join(f"          - {{name: {name}, source: {{image_source: build}}{extra}}}\n"
                   for name, extra in (v.split(" ", 1) if " " in v else (v, "") for v in versions))
    return ESTATE.replace("VERSIONS\n", rows)


@pytest.fixture
def estate_stack(tmp_path: Path, pulumi_env: dict[str, str], emulator_url: str):
    """A factory of user projects whose program is only deploy("estate.yaml")."""
    def make(document: str, *, stack: str = "e2e") -> PulumiProject:
        project = program_project(tmp_path / stack, pulumi_env, "estate", PROGRAM, stack=stack)
        (project.directory / "estate.yaml").write_text(document)
        project.config("sig:endpoint", emulator_url)
        return project
    return make


def _regions(arm: Any, name: str) -> dict[str, int]:
    from pulumi_sig.models.regions import normalize_region

    version = arm.image_versions.get("images", "platform", "ubuntu", name)
    return {normalize_region(r.name): r.regional_replica_count
            for r in version.properties.publishing_profile.target_regions}


def test_a_new_version_is_one_create_and_in_place_updates_that_demote(estate_stack: Any, arm: Any) -> None:
    project = estate_stack(estate("1.0.0", "1.1.0"))
    project.up()
    everywhere = {"westeurope": 2, "northeurope": 2, "swedencentral": 2}
    assert _regions(arm, "1.0.0") == everywhere
    assert project.outputs()["estate"]["snapshots"] == 12

    (project.directory / "estate.yaml").write_text(estate("1.1.0", "1.2.0", "1.0.0"))  # order is no identity
    preview = project.preview_json()
    assert changes(preview) == {"create": 1, "update": 1}
    steps = steps_by_name(preview)
    assert steps[V + "1.2.0"]["op"] == "create" and steps[V + "1.0.0"]["op"] == "update"
    assert steps.get(V + "1.1.0", {"op": "same"})["op"] == "same"
    assert set(steps[V + "1.0.0"]["detailedDiff"]) <= {"target_regions", "target_regions[0].regional_replica_count",
                                                       "target_regions[1]", "target_regions[2]"}
    text = output_text(project.run("preview"))
    assert f"estate: {V}1.0.0: rest (rank 3): westeurope=1" in text
    assert "estate: snapshots 12 -> 13" in text  # +6 for 1.2.0, -5 for 1.0.0
    project.up()
    assert _regions(arm, "1.0.0") == {"westeurope": 1} and _regions(arm, "1.2.0") == everywhere
    outputs = project.outputs()
    assert outputs["versions"][V + "1.0.0"]["tier"] == "rest"
    assert outputs["versions"][V + "1.2.0"] | {"storage_gb": 60, "egress_gb": 20, "snapshots": 6} \
        == outputs["versions"][V + "1.2.0"]
    assert outputs["quota"]["westeurope"] == {"versions": 3, "limit": 10000, "headroom": 9997}


def test_an_overlay_changes_only_what_it_names(estate_stack: Any, arm: Any) -> None:
    project = estate_stack(estate("1.0.0", "1.1.0"), stack="prod")
    project.up()
    (project.directory / "estate.prod.yaml").write_text(
        "galleries:\n  platform:\n    description: prod golden images\n    definitions:\n      ubuntu:\n"
        "        versions:\n          - {name: 1.0.0, tags: {ticket: CHG-42}}\n")
    preview = project.preview_json()
    assert changes(preview) == {"update": 2}
    updated = {name: step for name, step in steps_by_name(preview).items() if step["op"] == "update"}
    assert set(updated) == {"platform", V + "1.0.0"}
    assert set(updated["platform"]["detailedDiff"]) == {"description"}
    assert set(updated[V + "1.0.0"]["detailedDiff"]) == {"tags"}
    project.up()
    assert arm.galleries.get("images", "platform").properties.description == "prod golden images"
    assert arm.image_versions.get("images", "platform", "ubuntu", "1.0.0").tags == {"ticket": "CHG-42"}


def test_an_expired_version_is_retired_and_preview_says_why(estate_stack: Any, arm: Any) -> None:
    project = estate_stack(estate("1.0.0 , end_of_life_date: 2030-06-01", "1.1.0"))
    project.up()
    project.config("estate:asOf", "2030-07-01")  # the estate as of a day past 1.0.0's end of life
    preview = project.preview_json()
    assert changes(preview) == {"delete": 1} and steps_by_name(preview)[V + "1.0.0"]["op"] == "delete"
    result = project.run("up", "--yes")
    assert f"estate: removing {V}1.0.0: its end of life has passed (retention.remove_expired)" in output_text(result)
    assert [v.name for v in arm.image_versions.list_by_image("images", "platform", "ubuntu")] == ["1.1.0"]
    assert project.outputs()["removed"] == {V + "1.0.0": "its end of life has passed (retention.remove_expired)"}


def test_a_bad_document_fails_at_preview_with_the_path_and_creates_nothing(estate_stack: Any, arm: Any) -> None:
    document = estate("1.0.0", "1.1").replace("swedencentral]", "swedencentral]\n    descripton: typo")
    project = estate_stack(document)
    result = project.run("up", "--yes", check=False)
    text = output_text(result)
    assert result.returncode != 0 and "Traceback" not in text
    assert ("estate.yaml:25: galleries.platform.definitions.ubuntu.versions[1].name: Input should be a valid "
            "string; YAML read 1.1 as a number: quote it") in text
    assert "estate.yaml:15: galleries.platform.descripton: unknown field 'descripton'" in text
    assert arm.resource_groups.list() == []


def test_the_example_runs_on_an_emulator_with_its_dev_overlay(tmp_path: Path, pulumi_env: dict[str, str],
                                                              emulator_url: str, arm: Any) -> None:
    source = tmp_path / "src" / "estate"
    shutil.copytree(REPO_ROOT / "examples" / "estate", source)
    project = PulumiProject.copy_of(source, tmp_path / "work", pulumi_env, stack="dev")
    project.config("sig:endpoint", emulator_url)
    project.up()
    outputs = project.outputs()
    assert outputs["estate"]["replicas"] == {"westeurope": 4}  # dev: one region, one replica each
    assert outputs["versions"][V + "1.3.0"]["tier"] == "tier 1"
    assert changes(project.preview_json()) == {}
    assert {v.name for v in arm.image_versions.list_by_image("images", "platform", "ubuntu")} == {
        "1.0.0", "1.1.0", "1.2.0", "1.3.0"}
