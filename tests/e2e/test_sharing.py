"""Sharing through RBAC, end to end (issue 13): with access control enforced, a publisher stack grants an app
team's principal Reader on its gallery; the consumer reads definitions and versions and cannot write; a
single-version grant is warned at preview; revoking takes access away. Real CLI, real emulator."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from pulumi_sig.emulator import EmulatorServer
from tests.e2e.pulumi_cli import PulumiProject, changes, output_text, program_project, steps_by_name

SUB = "00000000-0000-0000-0000-000000000000"  # the provider's default subscription
RG = f"/subscriptions/{SUB}/resourceGroups/share-rg"
GALLERY = f"{RG}/providers/Microsoft.Compute/galleries/platformGallery"
VERSION = f"{GALLERY}/images/ubuntu/versions/1.0.0"

PUBLISHER = '''\
import pulumi
from pulumi_sig import Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup, RoleAssignment

config = pulumi.Config()
app_team = config.require("appTeam")
rg = ResourceGroup("share-rg", location="westeurope")
gallery = Gallery("platformGallery", resource_group_name=rg.resource_group_name, location="westeurope")
definition = ImageDefinition("ubuntu", resource_group_name=rg.resource_group_name,
                             gallery_name=gallery.gallery_name, location="westeurope", os_type="Linux",
                             os_state="Generalized", publisher="Contoso", offer="Ubuntu", sku="22_04")
source = ImageSource("base", resource_group_name=rg.resource_group_name, location="westeurope", os_type="Linux")
version = ImageVersion("v1", resource_group_name=rg.resource_group_name, gallery_name=gallery.gallery_name,
                       image_name=definition.image_name, version_name="1.0.0", location="westeurope",
                       source_id=source.id)
if config.get_bool("share") is not False:
    RoleAssignment("app-team-reads-gallery", scope=gallery.id, principal_id=app_team, role="Reader",
                   principal_type="ServicePrincipal")
if config.get_bool("shareVersion"):
    RoleAssignment("app-team-reads-one-version", scope=version.id, principal_id=app_team,
                   role="Compute Gallery Image Reader")
'''


def principal(url: str, name: str, *grants: tuple[str, str]) -> dict[str, Any]:
    body = {"name": name, "roleAssignments": [{"role": role, "scope": scope} for role, scope in grants]}
    response = requests.post(f"{url}/_emulator/principals", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return dict(response.json())


def as_caller(url: str, grant: dict[str, Any], method: str, path: str, body: Any = None, *,
              api: str = "2025-03-03") -> requests.Response:
    return requests.request(method, url + path, json=body, params={"api-version": api}, timeout=10,
                            headers={"Authorization": f"Bearer {grant['accessToken']}"})


@pytest.fixture
def enforced(tmp_path: Path) -> Iterator[str]:
    server = EmulatorServer(tmp_path / "emulator", authorization="enforce")
    yield server.start()
    server.stop()


@pytest.fixture
def publisher(tmp_path: Path, pulumi_env: dict[str, str], enforced: str) -> tuple[PulumiProject, dict[str, Any]]:
    """The platform team's stack, signed in as the subscription's owner; the app team's principal (no roles)."""
    owner = principal(enforced, "platform-team", ("Owner", f"/subscriptions/{SUB}"))
    app_team = principal(enforced, "app-team")
    project = program_project(tmp_path, pulumi_env, "publisher", PUBLISHER)
    project.config("sig:endpoint", enforced)
    project.run("config", "set", "--secret", "--stack", project.stack, "sig:token", owner["accessToken"])
    project.config("appTeam", app_team["objectId"])
    return project, app_team


def test_a_gallery_shared_by_a_stack_is_readable_not_writable_and_revocable(
        publisher: tuple[PulumiProject, dict[str, Any]], enforced: str) -> None:
    project, app_team = publisher
    project.config("share", "false")
    project.up()
    assert as_caller(enforced, app_team, "GET", GALLERY).status_code == 403  # nothing shared yet: no role
    project.config("share", "true")
    preview = project.run("preview", "--diff")
    assert "gains 'Reader' on the gallery, its definitions and their versions" in output_text(preview)
    project.up()
    for path in (GALLERY, f"{GALLERY}/images/ubuntu", VERSION, f"{GALLERY}/images/ubuntu/versions"):
        assert as_caller(enforced, app_team, "GET", path).status_code == 200, path
    write = as_caller(enforced, app_team, "PATCH", VERSION,
                      {"properties": {"publishingProfile": {"excludeFromLatest": True}}})
    assert write.status_code == 403 and write.json()["error"]["code"] == "AuthorizationFailed"
    assert f"with object id '{app_team['objectId']}'" in write.json()["error"]["message"]

    project.config("share", "false")  # revoke
    project.up()
    refused = as_caller(enforced, app_team, "GET", VERSION)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "AuthorizationFailed"


def test_sharing_a_single_version_is_warned_and_reaches_only_that_version(
        publisher: tuple[PulumiProject, dict[str, Any]], enforced: str) -> None:
    project, app_team = publisher
    project.config("share", "false")
    project.up()  # the version must exist for its id to be known at preview
    project.config("shareVersion", "true")
    preview = project.run("preview", "--diff")
    assert "warning: RoleAssignment shares the single image version" in output_text(preview)
    project.up()
    assert as_caller(enforced, app_team, "GET", VERSION).status_code == 200
    assert as_caller(enforced, app_team, "GET", f"{GALLERY}/images/ubuntu").status_code == 403
    assert changes(project.preview_json()) == {}  # nothing drifts: a second preview plans no change


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sharing"


def test_the_sharing_example_as_written(tmp_path: Path, pulumi_env: dict[str, str], enforced: str) -> None:
    """examples/sharing: the platform stack shares its gallery, the app team's stack reads the latest version."""
    owner = principal(enforced, "platform-team", ("Owner", f"/subscriptions/{SUB}"))
    app_team = principal(enforced, "app-team")
    platform = PulumiProject.copy_of(EXAMPLE / "platform", tmp_path / "platform", pulumi_env, stack="dev")
    app = PulumiProject.copy_of(EXAMPLE / "app", tmp_path / "app", pulumi_env, stack="dev")
    for project, grant in ((platform, owner), (app, app_team)):
        project.config("sig:endpoint", enforced)
        project.run("config", "set", "--secret", "--stack", project.stack, "sig:token", grant["accessToken"])
    platform.config("appTeamPrincipalId", app_team["objectId"])
    platform.up()
    published = platform.outputs()
    app.config("resourceGroupName", published["resourceGroupName"])
    app.config("galleryName", published["galleryName"])
    app.up()
    outputs = app.outputs()
    assert outputs["imageVersion"] == "1.0.0"
    assert outputs["imageReference"].lower().endswith("/galleries/platformgallery/images/ubuntu/versions/1.0.0")
    write = as_caller(enforced, app_team, "DELETE", outputs["imageReference"])
    assert write.status_code == 403 and write.json()["error"]["code"] == "AuthorizationFailed"


DIRECT = '''\
import pulumi
from pulumi_sig import Gallery, GallerySharing, ImageDefinition, ImageSource, ImageVersion, ResourceGroup

config = pulumi.Config()
rg = ResourceGroup("direct-rg", location="westus")
gallery = Gallery("directGallery", resource_group_name=rg.resource_group_name, location="westus",
                  sharing_permissions="Groups")
image = ImageDefinition("ubuntu", resource_group_name=rg.resource_group_name, gallery_name=gallery.gallery_name,
                        location="westus", os_type="Linux", os_state="Generalized", publisher="Contoso",
                        offer="Ubuntu", sku="22_04")
base = ImageSource("base", resource_group_name=rg.resource_group_name, location="westus", os_type="Linux")
ImageVersion("v1", resource_group_name=rg.resource_group_name, gallery_name=gallery.gallery_name,
             image_name=image.image_name, version_name="1.0.0", location="westus", source_id=base.id)
if config.get_bool("share") is not False:
    GallerySharing("share", resource_group_name=rg.resource_group_name, gallery_name=gallery.gallery_name,
                   subscription_ids=config.require_object("subscriptions"),
                   tenant_ids=config.get_object("tenants"))
'''
CONSUMER = '''\
import pulumi
from pulumi_sig import get_shared_image_version

latest = get_shared_image_version("westus", pulumi.Config().require("gallery"), "ubuntu")
pulumi.export("imageReference", latest.apply(lambda version: version["id"] if version else None))
'''
CONSUMER_SUB = "00000000-0000-0000-0000-0000000000bb"
OTHER_SUB = "00000000-0000-0000-0000-0000000000cc"
PARTNER_TENANT = "22222222-0000-0000-0000-000000000022"


def shared_with(url: str, grant: dict[str, Any], sub: str, **params: str) -> list[str]:
    response = requests.get(f"{url}/subscriptions/{sub}/providers/Microsoft.Compute/locations/westus/sharedGalleries",
                            params={"api-version": "2025-03-03", **params}, timeout=10,
                            headers={"Authorization": f"Bearer {grant['accessToken']}"})
    assert response.status_code == 200, response.text
    return [gallery["name"] for gallery in response.json()["value"]]


def test_direct_sharing_shows_in_that_subscription_only_updates_in_place_and_is_taken_back(
        tmp_path: Path, pulumi_env: dict[str, str], enforced: str) -> None:
    owner = principal(enforced, "platform-team", ("Owner", f"/subscriptions/{SUB}"))
    consumer = principal(enforced, "consumer", ("Reader", f"/subscriptions/{CONSUMER_SUB}"),
                         ("Reader", f"/subscriptions/{OTHER_SUB}"))
    project = program_project(tmp_path, pulumi_env, "direct", DIRECT)
    project.config("sig:endpoint", enforced)
    project.run("config", "set", "--secret", "--stack", project.stack, "sig:token", owner["accessToken"])
    project.run("config", "set", "--stack", project.stack, "--path", "subscriptions[0]", CONSUMER_SUB)
    preview = project.run("preview", "--diff")
    assert f"every user of subscriptions {CONSUMER_SUB} can read gallery directGallery" in output_text(preview)
    project.up()
    unique = f"{SUB}-DIRECTGALLERY"
    assert shared_with(enforced, consumer, CONSUMER_SUB) == [unique]
    assert shared_with(enforced, consumer, OTHER_SUB) == []
    app = program_project(tmp_path / "consumer", pulumi_env, "consumer", CONSUMER)  # the consumer's own stack
    app.config("sig:endpoint", enforced)
    app.config("sig:subscriptionId", CONSUMER_SUB)
    app.run("config", "set", "--secret", "--stack", app.stack, "sig:token", consumer["accessToken"])
    app.config("gallery", unique)
    app.up()
    assert app.outputs()["imageReference"] == f"/SharedGalleries/{unique}/Images/ubuntu/Versions/1.0.0"

    project.run("config", "set", "--stack", project.stack, "--path", "tenants[0]", PARTNER_TENANT)
    steps = {name: step["op"] for name, step in steps_by_name(project.preview_json()).items()}
    assert steps.get("share") == "update", steps  # groups change in place (POST .../share), never a replace
    project.up()
    partner = requests.post(f"{enforced}/_emulator/principals", timeout=10, json={
        "name": "partner", "tenantId": PARTNER_TENANT,
        "roleAssignments": [{"role": "Reader", "scope": f"/subscriptions/{OTHER_SUB}"}]}).json()
    assert shared_with(enforced, partner, OTHER_SUB, sharedTo="tenant") == [unique]

    project.config("share", "false")
    project.up()
    assert shared_with(enforced, consumer, CONSUMER_SUB) == []
    assert changes(project.preview_json()) == {}  # the gallery stays open to sharing: no drift


def test_a_stack_signed_in_without_a_role_is_refused_in_one_line_and_creates_nothing(
        tmp_path: Path, pulumi_env: dict[str, str], enforced: str) -> None:
    nobody = principal(enforced, "nobody")
    owner = principal(enforced, "platform-team", ("Owner", f"/subscriptions/{SUB}"))
    project = program_project(tmp_path, pulumi_env, "nobody", 'from pulumi_sig import ResourceGroup\n'
                                                               'ResourceGroup("share-rg", location="westeurope")\n')
    project.config("sig:endpoint", enforced)
    project.run("config", "set", "--secret", "--stack", project.stack, "sig:token", nobody["accessToken"])
    result = project.run("up", "--yes", "--skip-preview", check=False)
    output = output_text(result)
    assert result.returncode != 0 and "AuthorizationFailed" in output and "Traceback" not in output, output
    assert f"with object id '{nobody['objectId']}'" in output
    assert as_caller(enforced, owner, "GET", RG, api="2021-04-01").status_code == 404  # nothing was created


COMMUNITY_PUBLISHER = '''\
import pulumi
from pulumi_sig import Gallery, GallerySharing, ImageDefinition, ImageSource, ImageVersion, ResourceGroup

config = pulumi.Config()
rg = ResourceGroup("community-rg", location="westus")
gallery = Gallery("communityGallery", resource_group_name=rg.resource_group_name, location="westus",
                  sharing_permissions="Community")
image = ImageDefinition("ubuntu", resource_group_name=rg.resource_group_name, gallery_name=gallery.gallery_name,
                        location="westus", os_type="Linux", os_state="Generalized", publisher="Contoso",
                        offer="Ubuntu", sku="22_04")
base = ImageSource("base", resource_group_name=rg.resource_group_name, location="westus", os_type="Linux")
ImageVersion("v1", resource_group_name=rg.resource_group_name, gallery_name=gallery.gallery_name,
             image_name=image.image_name, version_name="1.0.0", location="westus", source_id=base.id)
if config.get_bool("share") is not False:
    sharing = GallerySharing("community", resource_group_name=rg.resource_group_name,
                             gallery_name=gallery.gallery_name,
                             community_publisher_uri="https://images.contoso.example",
                             community_publisher_contact="images@contoso.example",
                             community_eula="https://images.contoso.example/eula",
                             community_public_name_prefix="contoso")
    pulumi.export("publicName", sharing.community_public_names.apply(lambda names: names[0] if names else None))
'''
COMMUNITY_CONSUMER = '''\
import pulumi
from pulumi_sig import get_community_image_version

version = get_community_image_version("westus", pulumi.Config().require("publicGallery"), "ubuntu")
pulumi.export("imageReference", version.apply(lambda found: found["id"] if found else None))
'''
STRANGER_TENANT = "33333333-0000-0000-0000-000000000033"


def community_gallery(url: str, grant: dict[str, Any], public_name: str) -> requests.Response:
    return requests.get(f"{url}/subscriptions/{OTHER_SUB}/providers/Microsoft.Compute/locations/westus/"
                        f"communityGalleries/{public_name}", params={"api-version": "2025-03-03"}, timeout=10,
                        headers={"Authorization": f"Bearer {grant['accessToken']}"})


def test_a_community_gallery_is_public_to_anyone_until_the_publisher_stops_and_destroys_in_one_go(
        tmp_path: Path, pulumi_env: dict[str, str], enforced: str) -> None:
    owner = principal(enforced, "platform-team", ("Owner", f"/subscriptions/{SUB}"))
    stranger = requests.post(f"{enforced}/_emulator/principals", timeout=10,  # no role at all, another tenant
                             json={"name": "stranger", "tenantId": STRANGER_TENANT}).json()
    project = program_project(tmp_path, pulumi_env, "community", COMMUNITY_PUBLISHER)
    project.config("sig:endpoint", enforced)
    project.run("config", "set", "--secret", "--stack", project.stack, "sig:token", owner["accessToken"])
    preview = output_text(project.run("preview", "--diff"))
    assert "gallery communityGallery becomes a community gallery, readable by everyone" in preview, preview
    project.up()
    public = project.outputs()["publicName"]
    assert public.startswith("contoso-")
    seen = community_gallery(enforced, stranger, public)
    assert seen.status_code == 200, seen.text
    assert seen.json()["properties"]["communityMetadata"]["publisherUri"] == "https://images.contoso.example"

    app = program_project(tmp_path / "consumer", pulumi_env, "stranger", COMMUNITY_CONSUMER)
    app.config("sig:endpoint", enforced)
    app.config("sig:subscriptionId", OTHER_SUB)
    app.run("config", "set", "--secret", "--stack", app.stack, "sig:token", stranger["accessToken"])
    app.config("publicGallery", public)
    app.up()
    assert app.outputs()["imageReference"] == f"/CommunityGalleries/{public}/Images/ubuntu/Versions/1.0.0"
    assert changes(project.preview_json()) == {}  # nothing drifts on the publisher's side

    project.config("share", "false")  # stop sharing: the GallerySharing is deleted, which resets
    project.up()
    gone = community_gallery(enforced, stranger, public)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "ResourceNotFound"
    app.up()
    assert app.outputs().get("imageReference") is None

    project.config("share", "true")  # shared again, then the whole stack destroyed
    project.up()
    again = project.outputs()["publicName"]
    assert again.startswith("contoso-") and community_gallery(enforced, stranger, again).status_code == 200
    project.destroy()  # one destroy: the sharing goes first (it depends on the gallery), then the gallery
    assert as_caller(enforced, owner, "GET", RG.replace("share-rg", "community-rg"), api="2021-04-01").status_code \
        == 404
    assert community_gallery(enforced, stranger, again).status_code == 404


def test_a_gallery_shared_outside_the_stack_refuses_destroy_in_one_line(
        tmp_path: Path, pulumi_env: dict[str, str], enforced: str) -> None:
    owner = principal(enforced, "platform-team", ("Owner", f"/subscriptions/{SUB}"))
    project = program_project(tmp_path, pulumi_env, "outside", DIRECT)
    project.config("sig:endpoint", enforced)
    project.run("config", "set", "--secret", "--stack", project.stack, "sig:token", owner["accessToken"])
    project.config("share", "false")
    project.up()
    gallery = f"/subscriptions/{SUB}/resourceGroups/direct-rg/providers/Microsoft.Compute/galleries/directGallery"
    added = as_caller(enforced, owner, "POST", gallery + "/share",
                      {"operationType": "Add", "groups": [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}]})
    assert added.status_code == 200, added.text  # shared by hand, not by the stack
    result = project.run("destroy", "--yes", "--skip-preview", check=False)
    output = output_text(result)
    assert result.returncode != 0 and "Traceback" not in output, output
    refusal = [line for line in output.splitlines() if "cannot be deleted while it is shared" in line]
    assert refusal and "az sig share reset --gallery-name directGallery" in refusal[0], output
    assert CONSUMER_SUB in refusal[0]
    assert as_caller(enforced, owner, "GET", gallery).status_code == 200  # the gallery and its sharing stay
    assert as_caller(enforced, owner, "POST", gallery + "/share", {"operationType": "Reset"}).status_code == 200
    project.destroy()
    assert as_caller(enforced, owner, "GET", gallery).status_code == 404
