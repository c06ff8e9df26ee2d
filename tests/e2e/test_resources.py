"""Gallery, definition, version, resource group and image source through the real pulumi CLI
against a real emulator: mutable fields update in place, immutable ones replace, drift and
import work, invalid input fails at preview, destroy leaves the emulator empty."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pulumi_cli import PulumiProject, changes, steps_by_name

PROJECT = Path(__file__).parent / "projects" / "gallery"
RG, GALLERY, IMAGE = "sig-e2e-rg", "e2eGallery", "ubuntu"


@pytest.fixture
def project(tmp_path: Path, pulumi_env: dict[str, str], emulator_url: str) -> PulumiProject:
    project = PulumiProject.copy_of(PROJECT, tmp_path, pulumi_env)
    project.config("sig:endpoint", emulator_url)
    return project


def step(preview: dict[str, Any], name: str) -> dict[str, Any]:
    return steps_by_name(preview)[name]


def assert_in_place(preview: dict[str, Any], name: str, prop: str) -> None:
    s = step(preview, name)
    assert s["op"] == "update", f"{name}: expected update, got {s['op']}"
    assert prop in (s.get("diffReasons") or []), s
    assert not s.get("replaceReasons"), s


def assert_replace(preview: dict[str, Any], name: str, prop: str) -> None:
    s = step(preview, name)
    assert s["op"] in ("replace", "delete-replaced", "create-replacement"), f"{name}: got {s['op']}"
    assert prop in (s.get("replaceReasons") or []), s


def test_lifecycle_in_place_replace_refresh_destroy(project: PulumiProject, arm: Any, backend_writes: Any) -> None:
    project.up()
    gallery = arm.galleries.get(RG, GALLERY)
    assert _created(gallery) is not None
    version = arm.image_versions.get(RG, GALLERY, IMAGE, "1.0.0", expand="ReplicationStatus")
    assert version.properties.replication_status.aggregated_state == "Completed"
    assert project.outputs()["latest"] == "1.0.0"

    project.refresh()  # nothing changed outside: a refresh brings no noise from server defaults
    before = backend_writes()
    assert changes(project.preview_json()) == {}
    assert backend_writes() == before, "a no-change preview makes no backend writes"

    # gallery description and resource group tags: in place, same id and creation time
    project.config("galleryDescription", "second")
    project.config("groupTags", json.dumps({"team": "platform"}))
    preview = project.preview_json()
    assert_in_place(preview, "gallery", "description")
    assert_in_place(preview, "rg", "tags")
    project.up()
    assert arm.resource_groups.get(RG).tags == {"team": "platform"}
    updated = arm.galleries.get(RG, GALLERY)
    assert updated.properties.description == "second"
    assert updated.id == gallery.id and _created(updated) == _created(gallery)

    # version: target regions and replica counts in place; exclude-from-latest in place
    project.config("regions", json.dumps([["westeurope", 2], ["North Europe", 1]]))
    project.config("exclude", "true")
    assert_in_place(project.preview_json(), "version", "target_regions")
    project.up()
    replicated = arm.image_versions.get(RG, GALLERY, IMAGE, "1.0.0", expand="ReplicationStatus")
    assert _created(replicated) == _created(version)
    assert {r.regional_replica_count for r in replicated.properties.publishing_profile.target_regions} == {1, 2}
    assert replicated.exclude_from_latest

    # region names in the other form are the same value: no diff
    project.config("regions", json.dumps([["West Europe", 2], ["northeurope", 1]]))
    assert changes(project.preview_json()) == {}

    # definition: description in place, offer replaces (delete first: same name and gallery)
    project.config("definitionDescription", "described")
    assert_in_place(project.preview_json(), "definition", "description")
    project.up()
    project.config("offer", "UbuntuPro")
    preview = project.preview_json()
    assert_replace(preview, "definition", "offer")
    project.up()
    assert arm.image_definitions.get(RG, GALLERY, IMAGE).properties.identifier.offer == "UbuntuPro"

    # out-of-band change -> refresh shows it -> preview plans to put it back in place
    drifted = arm.galleries.get(RG, GALLERY)
    drifted.properties.description = "changed by hand"
    arm.galleries.create_or_update(RG, GALLERY, drifted)
    project.refresh()
    state = {r["urn"].rsplit("::", 1)[-1]: r for r in project.resources()}
    assert state["gallery"]["outputs"]["description"] == "changed by hand"
    assert_in_place(project.preview_json(), "gallery", "description")

    project.destroy()
    assert list(arm.galleries.list()) == []
    assert [g.name for g in arm.resource_groups.list()] == []


def test_version_source_replaces_and_end_of_life_removal_updates(project: PulumiProject, arm: Any) -> None:
    project.config("versionEol", "2099-01-01T00:00:00Z")
    project.up()
    project.config_rm("versionEol")
    assert_in_place(project.preview_json(), "version", "end_of_life_date")
    project.up()
    assert arm.image_versions.get(RG, GALLERY, IMAGE, "1.0.0").end_of_life is None

    project.config("sourceName", "base-image-2")  # a new source image -> the version's source changes
    preview = project.preview_json()
    assert_replace(preview, "source", "source_name")
    assert_replace(preview, "version", "source_id")
    project.up()
    project.destroy()


def _make_by_hand(arm: Any, kind: str) -> tuple[str, str, str]:
    """(config key, ARM name, ARM id) of a resource created outside the stack."""
    from pulumi_sig.models import Gallery as GalleryModel, GalleryImage, GalleryImageVersion

    if kind == "gallery":
        made = arm.galleries.create_or_update(RG, "madeByHand", GalleryModel.model_validate(
            {"location": "westeurope", "properties": {"description": "hand made"}}))
        return "importGallery", "madeByHand", made.id
    if kind == "definition":
        made = arm.image_definitions.create_or_update(RG, GALLERY, "handMade", GalleryImage.model_validate(
            {"location": "westeurope", "properties": {"osType": "Linux", "osState": "Generalized",
                                                      "identifier": {"publisher": "Hand", "offer": "Made", "sku": "1"}}}))
        return "importDefinition", "handMade", made.id
    source_id = arm.image_source_id("images", RG, "base-image")
    made = arm.image_versions.create_or_update(RG, GALLERY, IMAGE, "0.9.0", GalleryImageVersion.model_validate(
        {"location": "westeurope", "properties": {"storageProfile": {"source": {"id": source_id}}}}))
    return "importVersion", "0.9.0", made.id


@pytest.mark.parametrize(("kind", "resource"), [("gallery", "imported"), ("definition", "importedDefinition"),
                                                ("version", "importedVersion")])
def test_import_existing_resource(project: PulumiProject, arm: Any, kind: str, resource: str) -> None:
    project.up()
    key, name, arm_id = _make_by_hand(arm, kind)
    project.config(key, name)
    project.config("importDescription", "hand made")
    project.config("importId", arm_id)
    preview = project.preview_json()
    assert step(preview, resource)["op"] == "import"
    project.up()
    state = {r["urn"].rsplit("::", 1)[-1]: r for r in project.resources()}
    assert state[resource]["id"].lower() == arm_id.lower()
    assert changes(project.preview_json()) == {}
    project.destroy()
    assert list(arm.galleries.list()) == []


def test_invalid_input_fails_at_preview_before_anything_exists(project: PulumiProject, arm: Any) -> None:
    project.config("versionName", "1.0.x")
    project.config("regions", json.dumps([["westeurope", 11]]))
    result = project.run("preview", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "version_name" in output and "MAJOR.MINOR.PATCH" in output
    assert "replica count must be between 1 and 10" in output
    assert list(arm.galleries.list()) == [] and list(arm.resource_groups.list()) == []


def test_definition_with_outside_versions_is_not_deleted(project: PulumiProject, arm: Any) -> None:
    project.up()
    outside = arm.image_versions.get(RG, GALLERY, IMAGE, "1.0.0")
    outside.name = None
    arm.image_versions.create_or_update(RG, GALLERY, IMAGE, "2.0.0", _without_server_fields(outside))
    result = project.run("destroy", "--yes", "--skip-preview", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "2.0.0" in output and "was not deleted" in output and "Nothing was deleted" not in output
    assert "Traceback" not in output, "a backend refusal is told in one line, not as a stack trace"
    assert arm.image_definitions.get(RG, GALLERY, IMAGE).name == IMAGE
    arm.image_versions.delete(RG, GALLERY, IMAGE, "2.0.0")
    project.destroy()


def _created(resource: Any) -> Any:
    system = (resource.model_extra or {}).get("systemData") or {}
    return system.get("createdAt")


def _without_server_fields(version: Any) -> Any:
    from pulumi_sig.models import GalleryImageVersion

    body = version.to_wire()
    body.pop("id", None)
    body["properties"].pop("replicationStatus", None)
    body["properties"].pop("provisioningState", None)
    return GalleryImageVersion.model_validate(body)
