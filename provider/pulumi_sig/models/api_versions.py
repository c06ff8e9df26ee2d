"""The api-versions ARM serves for each resource type the emulator answers: the one table, with its sources.

ARM routes an api-version per resource type of a resource provider, not per namespace: galleries answer
GalleryRP's versions (2025-03-03), snapshots DiskRP's (2026-03-02), virtual machines ComputeRP's
(2026-04-01), resource groups Microsoft.Resources' (2021-04-01). A version outside the list is refused.

Sources (the lists ARM itself printed when refusing a version, then the newer spec folders and SDKs):
- GalleryRP: ARM's NoRegisteredProviderFound for 'galleries' (flatcar/mantle#520, 2024-04) lists
  2018-06-01 .. 2023-07-03 (with 2021-03-01); Azure/azure-rest-api-specs GalleryRP/stable has 2024-03-03,
  2025-03-03 and 2025-12-03; azure-mgmt-compute 39 sends 2026-03-03.
- DiskRP: ARM's NoRegisteredProviderFound for 'snapshots' (cloudfoundry/bosh-azure-cpi-release#688,
  2023-12) lists 2016-04-30-preview .. 2023-10-02; pulumi azure-native documents 2024-03-02 and 2025-01-02
  (DiskRP/stable/2025-01-02 in the specs); azure-mgmt-compute 39 sends 2026-03-02.
- ComputeRP: `az provider show` for Microsoft.Compute (Azure/azure-rest-api-specs#27695, 2024-02) lists
  2015-05-01-preview .. 2024-03-01; azure-mgmt-compute 39 names 2024-11-01, 2025-04-01, 2025-11-01,
  2026-03-01 and sends 2026-04-01.
- Microsoft.Resources: ARM's InvalidApiVersionParameter (ansible-collections/azure#2117, 2025) lists
  its versions up to 2025-04-01.
- Microsoft.Authorization (roleAssignments, roleDefinitions): ARM's NoRegisteredProviderFound / InvalidResourceType
  for 'roleAssignments' (MicrosoftDocs/azure-docs#82469, Azure/azure-resource-manager-schemas#1886, 2021) lists
  2014-04-01-preview .. 2021-04-01-preview; 2022-04-01 is the stable version of the specs (Authorization/stable)
  and what azure-mgmt-authorization and az role send.
"""
from __future__ import annotations

import re

GALLERY_RP = (
    "2018-06-01", "2019-03-01", "2019-07-01", "2019-12-01", "2020-09-30", "2021-03-01", "2021-07-01",
    "2021-10-01", "2022-01-03", "2022-03-03", "2022-08-03", "2023-07-03", "2024-03-03", "2025-03-03",
    "2025-12-03", "2026-03-03",
)
DISK_RP = (
    "2016-04-30-preview", "2017-03-30", "2018-04-01", "2018-06-01", "2018-09-30", "2019-03-01",
    "2019-07-01", "2019-11-01", "2020-05-01", "2020-06-30", "2020-09-30", "2020-12-01", "2021-04-01",
    "2021-08-01", "2021-12-01", "2022-03-02", "2022-07-02", "2023-01-02", "2023-04-02", "2023-10-02",
    "2024-03-02", "2025-01-02", "2026-03-02",
)
COMPUTE_RP = (
    "2015-05-01-preview", "2015-06-15", "2016-03-30", "2016-04-30-preview", "2016-08-30", "2017-03-30",
    "2017-12-01", "2018-04-01", "2018-06-01", "2018-10-01", "2019-03-01", "2019-07-01", "2019-12-01",
    "2020-06-01", "2020-12-01", "2021-03-01", "2021-04-01", "2021-07-01", "2021-11-01", "2022-03-01",
    "2022-08-01", "2022-11-01", "2023-03-01", "2023-07-01", "2023-09-01", "2024-03-01", "2024-07-01",
    "2024-11-01", "2025-04-01", "2025-11-01", "2026-03-01", "2026-04-01",
)
RESOURCES = (
    "2014-04-01", "2014-04-01-preview", "2015-01-01", "2015-11-01", "2016-02-01", "2016-06-01", "2016-07-01",
    "2016-09-01", "2017-03-01", "2017-05-01", "2017-05-10", "2017-06-01", "2017-08-01", "2017-12-01",
    "2018-01-01", "2018-02-01", "2018-05-01", "2018-06-01", "2018-07-01", "2018-08-01", "2018-09-01",
    "2018-11-01", "2019-03-01", "2019-05-01", "2019-05-10", "2019-06-01", "2019-07-01", "2019-08-01",
    "2019-09-01", "2019-10-01", "2019-11-01", "2020-01-01", "2020-05-01", "2020-06-01", "2020-07-01",
    "2020-08-01", "2020-09-01", "2020-10-01", "2021-01-01", "2021-04-01", "2022-01-01", "2022-03-01-preview",
    "2022-05-01", "2022-06-01", "2022-09-01", "2022-11-01-preview", "2022-12-01", "2023-03-01-preview",
    "2023-07-01", "2023-07-01-preview", "2024-03-01", "2024-06-01-preview", "2024-07-01", "2024-08-01",
    "2024-10-01-preview", "2024-11-01", "2025-03-01", "2025-04-01",
)
AUTHORIZATION = (
    "2014-04-01-preview", "2014-07-01-preview", "2014-10-01-preview", "2015-05-01-preview", "2015-06-01",
    "2015-07-01", "2016-07-01", "2017-05-01", "2017-09-01", "2017-10-01-preview", "2018-01-01-preview",
    "2018-07-01", "2018-09-01-preview", "2018-12-01-preview", "2019-04-01-preview", "2020-03-01-preview",
    "2020-04-01-preview", "2020-08-01-preview", "2021-04-01-preview", "2022-04-01",
)

RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"
GENERIC_RESOURCE_TYPE = "Microsoft.Resources/resources"  # GET .../resourceGroups/{rg}/resources
SUBSCRIPTION_TYPE = "Microsoft.Resources/subscriptions"
TENANT_TYPE = "Microsoft.Resources/tenants"
GALLERY_TYPE = "Microsoft.Compute/galleries"
IMAGE_DEFINITION_TYPE = "Microsoft.Compute/galleries/images"
IMAGE_VERSION_TYPE = "Microsoft.Compute/galleries/images/versions"
OPERATION_TYPE = "Microsoft.Compute/locations/operations"
ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments"
ROLE_DEFINITION_TYPE = "Microsoft.Authorization/roleDefinitions"
# The consumer's read-only views of shared galleries (GalleryRP; direct sharing and community galleries).
SHARED_GALLERY_TYPE = "Microsoft.Compute/locations/sharedGalleries"
COMMUNITY_GALLERY_TYPE = "Microsoft.Compute/locations/communityGalleries"
# The consumer's accept / reject of direct sharing (GallerySharing_*, TenantLevelGallerySharing_*).
SHARED_GALLERY_INVITE_TYPE = "Microsoft.Compute/locations/sharedGallerySubscriptions/sharedGalleries"
TENANT_SHARED_GALLERY_INVITE_TYPE = "Microsoft.Compute/locations/tenantLevelSharedGallerySubscriptions/sharedGalleries"
# Their answer once done: 200 with the invite in GalleryRP 2025-03-03 (the spec); from 2025-12-03 the SDKs built
# from the TypeSpec expect 202 or 204 without a body (azure-mgmt-compute 39 raises on 200).
INVITE_NO_CONTENT_FROM = "2025-12-03"

# Resource type (as ARM names it in errors) -> (resource provider, the api-versions it serves).
API_VERSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    RESOURCE_GROUP_TYPE: ("Microsoft.Resources", RESOURCES),
    GENERIC_RESOURCE_TYPE: ("Microsoft.Resources", RESOURCES),
    SUBSCRIPTION_TYPE: ("Microsoft.Resources", RESOURCES),
    TENANT_TYPE: ("Microsoft.Resources", RESOURCES),
    GALLERY_TYPE: ("GalleryRP", GALLERY_RP),
    IMAGE_DEFINITION_TYPE: ("GalleryRP", GALLERY_RP),
    IMAGE_VERSION_TYPE: ("GalleryRP", GALLERY_RP),
    "Microsoft.Compute/snapshots": ("DiskRP", DISK_RP),
    "Microsoft.Compute/disks": ("DiskRP", DISK_RP),
    "Microsoft.Compute/images": ("ComputeRP", COMPUTE_RP),
    "Microsoft.Compute/virtualMachines": ("ComputeRP", COMPUTE_RP),
    # Operation status of any Compute LRO: polled with the api-version of the request that started it.
    OPERATION_TYPE: ("Microsoft.Compute", tuple(sorted(set(GALLERY_RP + DISK_RP + COMPUTE_RP)))),
    ROLE_ASSIGNMENT_TYPE: ("Microsoft.Authorization", AUTHORIZATION),
    ROLE_DEFINITION_TYPE: ("Microsoft.Authorization", AUTHORIZATION),
    SHARED_GALLERY_TYPE: ("GalleryRP", GALLERY_RP),
    COMMUNITY_GALLERY_TYPE: ("GalleryRP", GALLERY_RP),
    SHARED_GALLERY_INVITE_TYPE: ("GalleryRP", GALLERY_RP),
    TENANT_SHARED_GALLERY_INVITE_TYPE: ("GalleryRP", GALLERY_RP),
}
API_VERSION_FORMAT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?", re.ASCII)


def supported_api_versions(resource_type: str) -> tuple[str, ...]:
    """The api-versions ARM serves for a resource type ('Microsoft.Compute/snapshots', ...)."""
    return API_VERSIONS[resource_type][1]


def is_supported_api_version(resource_type: str, version: str) -> bool:
    """Whether ARM serves this api-version for this resource type."""
    return version in supported_api_versions(resource_type)


def is_well_formed_api_version(version: str) -> bool:
    """YYYY-MM-DD or YYYY-MM-DD-preview."""
    return API_VERSION_FORMAT.fullmatch(version) is not None


def invite_done_status(version: str) -> int:
    """The status of a finished accept / reject at this api-version: 200 (with the invite) or 204."""
    return 204 if version >= INVITE_NO_CONTENT_FROM else 200


def short_type(resource_type: str) -> str:
    """The type without its namespace, as ARM names it in api-version errors ('galleries/images')."""
    return resource_type.split("/", 1)[1]


def namespace(resource_type: str) -> str:
    """The resource provider namespace of a type ('Microsoft.Compute')."""
    return resource_type.split("/", 1)[0]


# The api-version this project's client sends per resource type: GalleryRP's is the spec in
# ../shared/azure-spec (2025-03-03); the others are stable versions the emulator and Azure serve.
CLIENT_API_VERSIONS: dict[str, str] = {
    RESOURCE_GROUP_TYPE: "2021-04-01",
    GALLERY_TYPE: "2025-03-03",
    IMAGE_DEFINITION_TYPE: "2025-03-03",
    IMAGE_VERSION_TYPE: "2025-03-03",
    "Microsoft.Compute/snapshots": "2025-01-02",
    "Microsoft.Compute/disks": "2025-01-02",
    "Microsoft.Compute/images": "2024-11-01",
    "Microsoft.Compute/virtualMachines": "2024-11-01",
    ROLE_ASSIGNMENT_TYPE: "2022-04-01",
    ROLE_DEFINITION_TYPE: "2022-04-01",
}


def source_resource_type(source_type: str) -> str:
    """The ARM resource type of a source path segment ('snapshots' -> 'Microsoft.Compute/snapshots')."""
    return f"Microsoft.Compute/{source_type}"
