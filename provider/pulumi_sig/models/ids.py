"""ARM resource ids: the one place they are built and parsed (emulator, client and provider use it)."""
from __future__ import annotations

from dataclasses import dataclass

COMPUTE_NAMESPACE = "Microsoft.Compute"
RESOURCE_GROUPS_TYPE = "Microsoft.Resources/resourceGroups"
GALLERIES = "galleries"
IMAGES = "images"
VERSIONS = "versions"


def resource_group_id(subscription: str, resource_group: str) -> str:
    """/subscriptions/{subscription}/resourceGroups/{resource_group}"""
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}"


def compute_id(subscription: str, resource_group: str, *type_name_parts: str) -> str:
    """A Microsoft.Compute id (or its collection) from alternating type segments and names."""
    tail = "/".join(type_name_parts)
    return f"{resource_group_id(subscription, resource_group)}/providers/{COMPUTE_NAMESPACE}/{tail}"


def gallery_id(subscription: str, resource_group: str, gallery: str) -> str:
    """The id of a gallery."""
    return compute_id(subscription, resource_group, GALLERIES, gallery)


def image_id(subscription: str, resource_group: str, gallery: str, image: str) -> str:
    """The id of an image definition."""
    return f"{gallery_id(subscription, resource_group, gallery)}/{IMAGES}/{image}"


def version_id(subscription: str, resource_group: str, gallery: str, image: str, version: str) -> str:
    """The id of an image version."""
    return f"{image_id(subscription, resource_group, gallery, image)}/{VERSIONS}/{version}"


def source_id(subscription: str, resource_group: str, source_type: str, name: str) -> str:
    """The id of a managed image, snapshot, disk or VM (source_type is its path segment, e.g. 'snapshots')."""
    return compute_id(subscription, resource_group, source_type, name)


def gallery_resource_id(subscription: str, resource_group: str, gallery: str | None = None,
                        image: str | None = None, version: str | None = None) -> str:
    """The id of a group, gallery, definition or version: the deepest one named."""
    if gallery is None:
        return resource_group_id(subscription, resource_group)
    if image is None:
        return gallery_id(subscription, resource_group, gallery)
    if version is None:
        return image_id(subscription, resource_group, gallery, image)
    return version_id(subscription, resource_group, gallery, image, version)


@dataclass(frozen=True)
class ParsedId:
    """The parts of an ARM id of a Microsoft.Compute resource."""

    subscription: str
    resource_group: str
    types: tuple[tuple[str, str], ...]  # (lower-cased type segment, name) from the provider down

    @property
    def leaf_type(self) -> str:
        """Type path joined by '/', e.g. 'galleries/images/versions'."""
        return "/".join(kind for kind, _ in self.types)


def parse_compute_id(resource_id: str) -> ParsedId | None:
    """Parse '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/t/n[/t/n...]', or None."""
    parts = [part for part in resource_id.strip().split("/") if part]
    if len(parts) < 8 or len(parts) % 2:
        return None
    head = [part.lower() for part in parts[:6:2]] + [parts[5].lower()]
    if head != ["subscriptions", "resourcegroups", "providers", COMPUTE_NAMESPACE.lower()]:
        return None
    rest = parts[6:]
    types = tuple((rest[i].lower(), rest[i + 1]) for i in range(0, len(rest), 2))
    return ParsedId(parts[1], parts[3], types)


def parse_arm_id(arm_id: str) -> dict[str, str]:
    """Segment type (lower case) -> name, e.g. {"subscriptions": ..., "resourcegroups": ...}.

    Types are keyed in lower case because ARM ids are case-insensitive; names keep their case.
    The namespace after 'providers' is keyed as "provider".
    """
    parts = [part for part in arm_id.split("/") if part]
    pairs: dict[str, str] = {}
    index = 0
    while index + 1 < len(parts):
        key = parts[index].lower()
        if key == "providers":
            pairs["provider"] = parts[index + 1]
        else:
            pairs[key] = parts[index + 1]
        index += 2
    return pairs


@dataclass(frozen=True)
class ManagedId:
    """An ARM id of a resource pulumi-sig manages, read strictly: its kind, subscription and name inputs.

    kind is a models.mutability.ResourceKind value; subscription is None for a role assignment whose
    scope is above any subscription; identity holds the resource's name inputs as the providers name them.
    """

    kind: str
    subscription: str | None
    identity: dict[str, str]


def classify_managed_id(arm_id: str) -> ManagedId | None:
    """The resource an ARM id names, when it is exactly the id of one pulumi-sig manages; else None.

    Every segment is checked: '/subscriptions/s/resourceGroups/rg' (a group), '.../galleries/g'
    (a gallery), '.../galleries/g/share' (its direct sharing), '.../galleries/g/images/i' (a definition),
    '.../images/i/versions/v' (a version), '.../{images|snapshots|disks|virtualMachines}/n' (a source) and
    '{scope}/providers/Microsoft.Authorization/roleAssignments/n' (a role assignment). Type segments and
    namespaces are case-insensitive as in ARM; an empty segment, a trailing '/' or anything more is not an id.
    """
    from pulumi_sig.models.image_source import canonical_source_type

    if not isinstance(arm_id, str) or not arm_id.startswith("/"):
        return None
    parts = arm_id.split("/")[1:]
    if any(not part for part in parts):
        return None
    lower = [part.lower() for part in parts]
    if len(parts) >= 4 and lower[-4:-1] == ["providers", "microsoft.authorization", "roleassignments"]:
        scope = "/" + "/".join(parts[:-4])
        subscription = parts[1] if len(parts) >= 6 and lower[0] == "subscriptions" else None
        return ManagedId("roleAssignment", subscription, {"scope": scope, "role_assignment_name": parts[-1]})
    if len(parts) < 4 or lower[0] != "subscriptions" or lower[2] != "resourcegroups":
        return None
    subscription, group = parts[1], {"resource_group_name": parts[3]}
    rest, lrest = parts[4:], lower[4:]
    if not rest:
        return ManagedId("resourceGroup", subscription, group)
    if len(rest) < 4 or lrest[:2] != ["providers", COMPUTE_NAMESPACE.lower()]:
        return None
    tail, ltail = rest[2:], lrest[2:]
    if ltail[0] == GALLERIES:
        gallery = {**group, "gallery_name": tail[1]}
        if len(tail) == 2:
            return ManagedId("gallery", subscription, gallery)
        if len(tail) == 3 and ltail[2] == "share":
            return ManagedId("gallerySharing", subscription, gallery)
        if len(tail) in (4, 6) and ltail[2] == IMAGES:
            image = {**gallery, "image_name": tail[3]}
            if len(tail) == 4:
                return ManagedId("imageDefinition", subscription, image)
            if ltail[4] == VERSIONS:
                return ManagedId("imageVersion", subscription, {**image, "version_name": tail[5]})
        return None
    source_type = canonical_source_type(tail[0])
    if len(tail) == 2 and source_type is not None:
        return ManagedId("imageSource", subscription, {**group, "source_type": source_type, "source_name": tail[1]})
    return None


GRANT_SCOPE_KINDS = ("resourceGroup", "gallery", "imageDefinition", "imageVersion")


def grant_scope_kind(scope: str) -> str | None:
    """What an RBAC scope pulumi-sig grants on is, read strictly: 'subscription', 'resourceGroup', 'gallery',
    'imageDefinition' or 'imageVersion'; None for anything else, including a segment that is not a name
    ('..', '?', '%', ...), so a scope can never say one resource and reach another. One trailing '/' is
    tolerated, as ARM does."""
    from pulumi_sig.models.names import path_segment_violation

    if not isinstance(scope, str) or not scope.startswith("/"):
        return None
    trimmed = scope[:-1] if scope.endswith("/") and len(scope) > 1 else scope
    parts = trimmed.split("/")[1:]
    if any(path_segment_violation(part) for part in parts):
        return None
    if len(parts) == 2 and parts[0].lower() == "subscriptions":
        return "subscription"
    managed = classify_managed_id(trimmed)
    return managed.kind if managed is not None and managed.kind in GRANT_SCOPE_KINDS else None
