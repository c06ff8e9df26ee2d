"""A stack owns exactly what it creates: no silent takeover, import in any stack shape (through
`import_=` and `pulumi import`), cascading replaces said at preview and refusable, and everything
knowable refused at preview with nothing created. Real CLI, real emulator, new user stacks."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pulumi_cli import PulumiProject, changes, output_text, program_project, steps_by_name

SUB = "00000000-0000-0000-0000-000000000000"
RG_ID = f"/subscriptions/{SUB}/resourceGroups/imp-rg"
GALLERY_ID = f"{RG_ID}/providers/Microsoft.Compute/galleries/impGal"
DEFINITION_ID = f"{GALLERY_ID}/images/ubuntu"
VERSION_ID = f"{DEFINITION_ID}/versions/1.0.0"
SOURCE_ID = f"{RG_ID}/providers/Microsoft.Compute/images/base"


def _by_hand(arm: Any) -> None:
    """What another team (or the portal) made: a group, gallery, definition, source and version."""
    from pulumi_sig.models import Gallery, GalleryImage, GalleryImageVersion, ImageSource, ResourceGroup

    arm.resource_groups.create_or_update("imp-rg", ResourceGroup.model_validate(
        {"location": "westeurope", "tags": {"owner": "team-a"}}))
    arm.galleries.create_or_update("imp-rg", "impGal", Gallery.model_validate(
        {"location": "westeurope", "tags": {"owner": "team-a"}, "properties": {"description": "team A"}}))
    arm.image_definitions.create_or_update("imp-rg", "impGal", "ubuntu", GalleryImage.model_validate(
        {"location": "westeurope", "properties": {"osType": "Linux", "osState": "Generalized",
                                                  "identifier": {"publisher": "Contoso", "offer": "Ubuntu",
                                                                 "sku": "22_04"}}}))
    arm.image_sources.create_or_update("images", "imp-rg", "base", ImageSource.model_validate(
        {"location": "westeurope", "properties": {"osType": "Linux", "diskSizeGB": 30}}))
    arm.image_versions.create_or_update("imp-rg", "impGal", "ubuntu", "1.0.0", GalleryImageVersion.model_validate(
        {"location": "westeurope", "properties": {"storageProfile": {"source": {"id": SOURCE_ID}}}}))


IMPORTS = f'''\
import pulumi
from pulumi_sig import Gallery, ImageDefinition, ImageVersion, ResourceGroup

shape = pulumi.Config().require("shape")
def imported(arm_id):
    return pulumi.ResourceOptions(import_=arm_id)

if shape == "mixed":
    ResourceGroup("fresh", resource_group_name="fresh-rg", location="westeurope")
ResourceGroup("rg", resource_group_name="imp-rg", location="westeurope", tags={{"owner": "team-a"}},
              opts=imported("{RG_ID}"))
Gallery("gallery", resource_group_name="imp-rg", gallery_name="impGal", location="westeurope",
        description="team A", tags={{"owner": "team-a"}}, opts=imported("{GALLERY_ID}"))
ImageDefinition("definition", resource_group_name="imp-rg", gallery_name="impGal", image_name="ubuntu",
                location="westeurope", os_type="Linux", os_state="Generalized", publisher="Contoso",
                offer="Ubuntu", sku="22_04", opts=imported("{DEFINITION_ID}"))
ImageVersion("version", resource_group_name="imp-rg", gallery_name="impGal", image_name="ubuntu",
             version_name="1.0.0", location="westeurope", source_id="{SOURCE_ID}",
             opts=imported("{VERSION_ID}"))
if shape == "imports-first":
    Gallery("newGallery", resource_group_name="imp-rg", gallery_name="newGal", location="westeurope")
'''


@pytest.fixture
def user_stack(tmp_path: Path, pulumi_env: dict[str, str], emulator_url: str):
    """A factory of new user projects on the test's emulator."""
    def make(name: str, program: str) -> PulumiProject:
        project = program_project(tmp_path / name, pulumi_env, name, program)
        project.config("sig:endpoint", emulator_url)
        return project
    return make


def test_create_refuses_to_take_over_another_stacks_gallery(user_stack: Any, arm: Any) -> None:
    _by_hand(arm)
    takeover = user_stack("stack-b", 'from pulumi_sig import Gallery\n'
                                     'Gallery("impGal", resource_group_name="imp-rg", location="westeurope", '
                                     'description="stack B")\n')
    result = takeover.run("up", "--yes", "--skip-preview", check=False)
    output = output_text(result)
    assert result.returncode != 0
    assert f"Conflict: a resource with the ID '{GALLERY_ID}' already exists" in output
    assert f"import_='{GALLERY_ID}'" in output and "pulumi import pulumi-python:dynamic/sig:Gallery" in output
    assert "Traceback" not in output
    gallery = arm.galleries.get("imp-rg", "impGal")
    assert gallery.properties.description == "team A" and gallery.tags == {"owner": "team-a"}
    assert [r for r in takeover.resources() if r["type"].endswith(":Gallery")] == []


@pytest.mark.parametrize("shape", ["only", "imports-first", "mixed"])
def test_import_works_in_every_stack_shape(user_stack: Any, arm: Any, shape: str) -> None:
    _by_hand(arm)
    project = user_stack(f"imports-{shape}", IMPORTS)
    project.config("shape", shape)
    for _ in range(2):  # the same answer every time, not a race
        preview = project.preview_json()
        ops = {name: step["op"] for name, step in steps_by_name(preview).items()}
        assert {ops[n] for n in ("rg", "gallery", "definition", "version")} == {"import"}, ops
    project.up()
    state = {r["urn"].rsplit("::", 1)[-1]: r for r in project.resources()}
    assert state["version"]["id"].lower() == VERSION_ID.lower()
    assert state["gallery"]["type"] == "pulumi-python:dynamic/sig:Gallery"
    assert changes(project.preview_json()) == {}
    assert arm.galleries.get("imp-rg", "impGal").properties.description == "team A"


def test_pulumi_import_command_then_program_previews_no_change(user_stack: Any, arm: Any) -> None:
    _by_hand(arm)
    project = user_stack("cli-import", "import pulumi\n")
    result = project.run("import", "pulumi-python:dynamic/sig:Gallery", "gallery", GALLERY_ID, "--yes",
                         "--generate-code=false", check=False)
    assert result.returncode == 0 and "Traceback" not in output_text(result), output_text(result)
    state = {r["urn"].rsplit("::", 1)[-1]: r for r in project.resources()}
    assert state["gallery"]["id"].lower() == GALLERY_ID.lower()
    (project.directory / "__main__.py").write_text(
        "from pulumi_sig import Gallery\n"
        "Gallery('gallery', resource_group_name='imp-rg', gallery_name='impGal', location='westeurope',\n"
        "        description='team A', tags={'owner': 'team-a'})\n")
    assert changes(project.preview_json()) == {}


def test_importing_an_id_pulumi_sig_does_not_manage_is_one_line(user_stack: Any, arm: Any) -> None:
    project = user_stack("bad-import", "import pulumi\n")
    result = project.run("import", "pulumi-python:dynamic/sig:Gallery", "x",
                         f"/subscriptions/{SUB}/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v",
                         "--yes", "--generate-code=false", check=False)
    assert result.returncode != 0
    assert "InvalidImportId" in output_text(result) and "Traceback" not in output_text(result)


GALLERY_PROJECT = Path(__file__).parent / "projects" / "gallery"


@pytest.fixture
def gallery_stack(tmp_path: Path, pulumi_env: dict[str, str], emulator_url: str) -> PulumiProject:
    project = PulumiProject.copy_of(GALLERY_PROJECT, tmp_path, pulumi_env)
    project.config("sig:endpoint", emulator_url)
    return project


def test_cascading_replace_is_said_at_preview_and_can_be_forbidden(gallery_stack: PulumiProject, arm: Any) -> None:
    gallery_stack.up()
    gallery_stack.config("offer", "OtherOffer")
    result = gallery_stack.run("preview", "--diff")
    output = output_text(result)
    assert "deletes and re-creates" in output and "version 1.0.0" in output, output
    assert "minutes per version on Azure" in output
    gallery_stack.config("sig:allowCascadingReplace", "false")
    refused = gallery_stack.run("up", "--yes", "--skip-preview", check=False)
    assert refused.returncode != 0
    assert "CascadingReplaceNotAllowed" in output_text(refused) and "Traceback" not in output_text(refused)
    assert arm.image_definitions.get("sig-e2e-rg", "e2eGallery", "ubuntu").properties.identifier.offer == "UbuntuServer"
    assert arm.image_versions.get("sig-e2e-rg", "e2eGallery", "ubuntu", "1.0.0").name == "1.0.0"
    gallery_stack.config("sig:allowCascadingReplace", "true")
    gallery_stack.up()
    assert arm.image_definitions.get("sig-e2e-rg", "e2eGallery", "ubuntu").properties.identifier.offer == "OtherOffer"


def _refused_at_preview(project: PulumiProject, arm: Any, *expected: str) -> str:
    before = sorted(g.name for g in arm.galleries.list())
    result = project.run("preview", check=False)
    output = output_text(result)
    assert result.returncode != 0, output
    for text in expected:
        assert text in output, output
    assert "Traceback" not in output
    up = project.run("up", "--yes", check=False)
    assert up.returncode != 0 and sorted(g.name for g in arm.galleries.list()) == before
    return output


DUPLICATES = '''\
from pulumi_sig import Gallery, ImageDefinition, ResourceGroup
ResourceGroup("rg", resource_group_name="dup-rg", location="westeurope")
Gallery("gallery", resource_group_name="dup-rg", gallery_name="dupGal", location="westeurope")
for name in ("first", "second"):
    ImageDefinition(name, resource_group_name="dup-rg", gallery_name="dupGal", location="westeurope",
                    os_type="Linux", os_state="Generalized", publisher="Contoso", offer="Ubuntu", sku="22_04")
'''


def test_two_definitions_with_one_triple_are_refused_at_preview(user_stack: Any, arm: Any) -> None:
    _refused_at_preview(user_stack("dups", DUPLICATES), arm, "publisher/offer/sku Contoso/Ubuntu/22_04",
                        "also declared by image definition")


VERSION_OF = f'''\
import pulumi
from pulumi_sig import ImageVersion, Gallery
config = pulumi.Config()
Gallery("another", resource_group_name="imp-rg", gallery_name="anotherGal", location="westeurope")
ImageVersion("version", resource_group_name="imp-rg", gallery_name="impGal", image_name="ubuntu",
             version_name="2.0.0", location="westeurope", source_id=config.require("source"),
             replica_count=config.get_int("replicas"))
'''


@pytest.mark.parametrize(("source", "body", "rule"), [
    ("windows", {"osType": "Windows"}, "does not match the image definition's 'Linux'"),
    ("gen2", {"osType": "Linux", "hyperVGeneration": "V2"}, "Hyper-V generation 'V2'"),
    ("north", {"osType": "Linux", "location": "northeurope"}, "the source must be in the version's region"),
    ("specialVm", {"osType": "Linux", "osState": "Specialized", "kind": "virtualMachines"},
     "holds only versions made from generalized sources"),
])
def test_an_incompatible_known_source_is_refused_at_preview(user_stack: Any, arm: Any, source: str,
                                                            body: dict[str, Any], rule: str) -> None:
    from pulumi_sig.models import ImageSource

    _by_hand(arm)
    kind = body.pop("kind", "images")
    location = body.pop("location", "westeurope")
    arm.image_sources.create_or_update(kind, "imp-rg", source, ImageSource.model_validate(
        {"location": location, "properties": {"diskSizeGB": 30, **body}}))
    project = user_stack(f"source-{source}", VERSION_OF)
    project.config("source", arm.image_source_id(kind, "imp-rg", source))
    _refused_at_preview(project, arm, "source_id", rule)


def test_zero_replicas_are_refused_not_coerced(user_stack: Any, arm: Any) -> None:
    _by_hand(arm)
    project = user_stack("zero-replicas", VERSION_OF)
    project.config("source", SOURCE_ID)
    project.config("replicas", "0")
    _refused_at_preview(project, arm, "replica")


CLOUD_STACK = '''\
import pulumi
from pulumi_sig import ResourceGroup
ResourceGroup("rg", resource_group_name="cloud-rg", location=pulumi.Config().require("where"))
'''


@pytest.mark.parametrize(("cloud", "where", "expected"), [
    ("azurechina", "chinaeast2", "sig:cloud: 'azurechina' is not a cloud pulumi-sig knows"),
    ("china", "westeurope", "'westeurope' is a region of the public cloud, but sig:cloud is 'china'"),
])
def test_config_errors_are_refused_at_preview_in_one_line(user_stack: Any, cloud: str, where: str,
                                                          expected: str) -> None:
    project = user_stack(f"cloud-{cloud}", CLOUD_STACK)
    project.config("sig:cloud", cloud)
    project.config("where", where)
    result = project.run("preview", check=False)
    assert result.returncode != 0 and expected in output_text(result), output_text(result)
    assert "Traceback" not in output_text(result)


def test_a_cloud_without_credentials_fails_in_one_line(user_stack: Any) -> None:
    project = user_stack("no-credentials", CLOUD_STACK)
    # Developer credentials only (Azure CLI and the like, absent here): no managed-identity probe
    # leaves this machine.
    project.env = {**{k: v for k, v in project.env.items() if not k.startswith("AZURE_")},
                   "AZURE_TOKEN_CREDENTIALS": "dev"}
    project.config_rm("sig:endpoint")
    project.config("sig:cloud", "china")
    project.config("where", "chinaeast2")
    result = project.run("up", "--yes", "--skip-preview", check=False)
    output = output_text(result)
    assert result.returncode != 0 and "AuthenticationFailed" in output and "az login" in output, output
    assert "Traceback" not in output and "ClientAuthenticationError" not in output.split("AuthenticationFailed")[0]


def test_old_stacks_keep_their_resources_under_the_new_types(gallery_stack: PulumiProject, arm: Any) -> None:
    """A stack made when every resource had the SDK's one type upgrades with 0 changes (aliases)."""
    gallery_stack.up()
    exported = gallery_stack.run("stack", "export", "--stack", gallery_stack.stack).stdout
    legacy = exported
    for name in ("ResourceGroup", "Gallery", "ImageSource", "ImageDefinition", "ImageVersion"):
        legacy = legacy.replace(f"pulumi-python:dynamic/sig:{name}", "pulumi-python:dynamic:Resource")
    assert "dynamic/sig:" not in legacy
    state_file = gallery_stack.directory / "legacy-state.json"
    state_file.write_text(legacy)
    gallery_stack.run("stack", "import", "--stack", gallery_stack.stack, "--file", str(state_file))
    assert {r["type"] for r in gallery_stack.resources() if r["type"].startswith("pulumi-python")} == \
        {"pulumi-python:dynamic:Resource"}
    preview = gallery_stack.preview_json()
    assert changes(preview) == {} or set(changes(preview)) <= {"same"}, json.dumps(preview)[-3000:]
    gallery_stack.up()
    types = {r["type"] for r in gallery_stack.resources() if r["type"].startswith("pulumi-python")}
    assert types == {f"pulumi-python:dynamic/sig:{n}" for n in
                     ("ResourceGroup", "Gallery", "ImageSource", "ImageDefinition", "ImageVersion")}
    assert arm.galleries.get("sig-e2e-rg", "e2eGallery").name == "e2eGallery"


SHARED_GALLERY_ID = f"{RG_ID}/providers/Microsoft.Compute/galleries/impShared"
ASSIGNMENT_ID = f"{GALLERY_ID}/providers/Microsoft.Authorization/roleAssignments/33333333-4444-5555-6666-777777777777"
EVERY_KIND = {"ResourceGroup": RG_ID, "Gallery": GALLERY_ID, "ImageDefinition": DEFINITION_ID,
              "ImageVersion": VERSION_ID, "ImageSource": SOURCE_ID, "GallerySharing": f"{SHARED_GALLERY_ID}/share",
              "RoleAssignment": ASSIGNMENT_ID}


def _shared_and_assigned_by_hand(arm: Any) -> None:
    """Besides _by_hand: a gallery shared with a subscription, and a Reader assignment on impGal."""
    from pulumi_sig.models import Gallery
    from pulumi_sig.models.role_assignment import RoleAssignment

    arm.galleries.create_or_update("imp-rg", "impShared", Gallery.model_validate(
        {"location": "westeurope", "properties": {"sharingProfile": {"permissions": "Groups"}}}))
    arm.galleries.share("imp-rg", "impShared", "Add",
                        [{"type": "Subscriptions", "ids": ["22222222-3333-4444-5555-666666666666"]}])
    arm.role_assignments.create(GALLERY_ID, ASSIGNMENT_ID.rsplit("/", 1)[-1], RoleAssignment.model_validate(
        {"properties": {"principalId": "44444444-5555-6666-7777-888888888888", "principalType": "User",
                        "roleDefinitionId": f"/subscriptions/{SUB}/providers/Microsoft.Authorization/"
                                            "roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"}}))


def test_pulumi_import_takes_every_kind_by_its_id_and_refuses_a_wrong_type(user_stack: Any, arm: Any) -> None:
    import json

    _by_hand(arm)
    _shared_and_assigned_by_hand(arm)
    project = user_stack("import-every-kind", "import pulumi\n")
    wrong = [("Gallery", DEFINITION_ID), ("ImageDefinition", GALLERY_ID), ("Gallery", f"{SHARED_GALLERY_ID}/share"),
             ("ImageVersion", f"{DEFINITION_ID}/versions"), ("Gallery", GALLERY_ID.replace(SUB, SUB[:-1] + "1"))]
    for kind, arm_id in wrong:
        result = project.run("import", f"pulumi-python:dynamic/sig:{kind}", "wrong", arm_id, "--yes",
                             "--generate-code=false", check=False)
        assert result.returncode != 0, (kind, arm_id)
        assert "InvalidImportId" in output_text(result) and "Traceback" not in output_text(result), output_text(result)
    assert [r for r in project.resources() if r["type"].startswith("pulumi-python:dynamic/sig:")] == []
    bulk = {"resources": [{"type": f"pulumi-python:dynamic/sig:{kind}", "name": kind.lower(), "id": arm_id}
                          for kind, arm_id in EVERY_KIND.items()]}
    (project.directory / "imports.json").write_text(json.dumps(bulk))
    result = project.run("import", "--file", "imports.json", "--yes", "--generate-code=false", check=False)
    assert result.returncode == 0 and "Traceback" not in output_text(result), output_text(result)
    state = {r["type"].rsplit(":", 1)[-1]: r for r in project.resources()}
    for kind, arm_id in EVERY_KIND.items():
        assert state[kind]["id"].lower() == arm_id.lower(), kind
    assert state["GallerySharing"]["outputs"]["subscription_ids"] == ["22222222-3333-4444-5555-666666666666"]
    assert state["RoleAssignment"]["outputs"]["principal_id"] == "44444444-5555-6666-7777-888888888888"
    assert state["ImageSource"]["outputs"]["source_type"] == "images"
