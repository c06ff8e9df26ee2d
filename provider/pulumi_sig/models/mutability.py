"""The one table of fields that may change after creation, and the comparison that uses it.

The emulator refuses a change outside this table with PropertyChangeNotAllowed; the provider
plans a replace for it. Paths are ARM wire paths (camelCase), dotted from the resource body.
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Iterable


class ResourceKind(str, Enum):
    """The ARM resource types with a mutability rule."""

    RESOURCE_GROUP = "resourceGroup"
    GALLERY = "gallery"
    IMAGE_DEFINITION = "imageDefinition"
    IMAGE_VERSION = "imageVersion"
    IMAGE_SOURCE = "imageSource"
    ROLE_ASSIGNMENT = "roleAssignment"
    GALLERY_SHARING = "gallerySharing"


# The seed: "Once created, you can make some changes to the image gallery resources":
#   gallery: description; definition: recommended vCPUs and memory, description, end-of-life
#   date; version: regional replica counts, target regions, exclude from latest, end-of-life
#   date; tags everywhere. The common replicaCount is the default regional replica count for
#   regions that name none, so it is a replica count and changes in place too.
MUTABLE_PATHS: dict[ResourceKind, frozenset[str]] = {
    ResourceKind.RESOURCE_GROUP: frozenset({"tags"}),
    # Emulator image sources (images, snapshots, disks, VMs): only tags change in place.
    ResourceKind.IMAGE_SOURCE: frozenset({"tags"}),
    # Role assignments are replaced, never updated (ARM: RoleAssignmentUpdateNotPermitted).
    ResourceKind.ROLE_ASSIGNMENT: frozenset(),
    # A gallery's direct-sharing groups: POST .../share adds and removes ids in place. Its community info is
    # not here: EnableCommunity is one-way (only Reset turns it off), so a change of it replaces.
    ResourceKind.GALLERY_SHARING: frozenset({"properties.subscriptionIds", "properties.tenantIds"}),
    ResourceKind.GALLERY: frozenset({"tags", "properties.description"}),
    ResourceKind.IMAGE_DEFINITION: frozenset({
        "tags",
        "properties.description",
        "properties.recommended.vCPUs",
        "properties.recommended.memory",
        "properties.endOfLifeDate",
    }),
    ResourceKind.IMAGE_VERSION: frozenset({
        "tags",
        "properties.publishingProfile.targetRegions",
        "properties.publishingProfile.replicaCount",
        "properties.publishingProfile.excludeFromLatest",
        "properties.publishingProfile.endOfLifeDate",
    }),
}

# Lists whose items keep some fields once created: (list path, key of an item, fields that may not
# change while an item with that key stays in the list). TargetRegion.storageAccountType: "This property
# is not updatable" (GalleryRP spec); a region added later may take any storage type.
FIXED_ITEM_FIELDS: dict[ResourceKind, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    ResourceKind.IMAGE_VERSION: (
        ("properties.publishingProfile.targetRegions", "name", ("storageAccountType",)),
    ),
}

# Paths that change in place only when the new body sets a flag: GalleryImageProperties.allowUpdateImage,
# "Must be set to true if the gallery image features are being updated" (GalleryImage_UpdateFeatures).
MUTABLE_WHEN: dict[ResourceKind, dict[str, str]] = {
    ResourceKind.IMAGE_DEFINITION: {"properties.features": "properties.allowUpdateImage"},
}

# Server-filled, read-only or request-only paths that are never compared. A version's disks are compared
# (their sources cannot change) except for the sizes the service fills from the source. '*' is one segment.
IGNORED_PATHS: frozenset[str] = frozenset({
    "id", "name", "type", "location", "systemData", "etag",
    "properties.provisioningState", "properties.replicationStatus",
    "properties.publishingProfile.publishedDate", "properties.identifier.uniqueName",
    "properties.sharingStatus", "properties.storageProfile.osDiskImage.sizeInGB",
    "properties.storageProfile.dataDiskImages.*.sizeInGB", "properties.allowUpdateImage",
    "properties.safetyProfile.reportedForPolicyViolation", "properties.safetyProfile.policyViolations",
    "properties.validationsProfile", "properties.restore",
})
# Lists of data disks are compared disk by disk, keyed by their LUN.
KEYED_LISTS: dict[str, str] = {"dataDiskImages": "lun"}


def _matches(path: str, pattern: str) -> bool:
    """Whether `path` is `pattern` or below it; '*' in the pattern matches one segment."""
    parts, wanted = path.split("."), pattern.split(".")
    return len(parts) >= len(wanted) and all(w in ("*", p) for w, p in zip(wanted, parts))


def _under(path: str, prefixes: Iterable[str]) -> bool:
    return any(_matches(path, prefix) for prefix in prefixes)


def is_mutable(kind: ResourceKind, path: str) -> bool:
    """Whether the field at this wire path may change after creation (see also item_changes)."""
    return _under(path, MUTABLE_PATHS[kind])


def flatten(body: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted paths to leaf values; lists are leaves (a list changes as a whole) except KEYED_LISTS."""
    if isinstance(body, dict) and body:
        flat: dict[str, Any] = {}
        for key, value in body.items():
            path = f"{prefix}.{key}" if prefix else key
            flat.update(flatten(_keyed(key, value), path))
        return flat
    return {prefix: body} if prefix else {}


def _keyed(key: str, value: Any) -> Any:
    item_key = KEYED_LISTS.get(key)
    if item_key is None or not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return value
    return {str(item.get(item_key, index)): item for index, item in enumerate(value)}


def changed_paths(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Leaf paths whose value differs between two wire bodies (None and absent are equal)."""
    old_flat, new_flat = flatten(old), flatten(new)
    paths = sorted(set(old_flat) | set(new_flat))
    return [p for p in paths
            if old_flat.get(p) != new_flat.get(p) and not _under(p, IGNORED_PATHS)]


def item_changes(kind: ResourceKind, path: str, old_items: Any, new_items: Any) -> list[str]:
    """Fixed fields of list items (FIXED_ITEM_FIELDS) that differ for an item in both lists.

    Item keys compare case- and space-insensitively ('West US' == 'westus'); paths name the new item.
    """
    found: list[str] = []
    for list_path, item_key, fields in FIXED_ITEM_FIELDS.get(kind, ()):
        if list_path != path or not isinstance(old_items, list) or not isinstance(new_items, list):
            continue
        before = {_item_key(item.get(item_key)): item for item in old_items if isinstance(item, dict)}
        for index, item in enumerate(new_items):
            previous = before.get(_item_key(item.get(item_key))) if isinstance(item, dict) else None
            found += [f"{path}[{index}].{name}" for name in fields
                      if previous is not None and previous.get(name) != item.get(name)]
    return found


def _item_key(value: Any) -> str:
    return "".join(str(value).split()).replace("_", "").replace("-", "").lower()


def _get(body: dict[str, Any], path: str) -> Any:
    value: Any = body
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def immutable_changes(kind: ResourceKind, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The changed paths that the tables do not allow to change after creation."""
    unlocked = [path for path, flag in MUTABLE_WHEN.get(kind, {}).items() if _get(new, flag) is True]
    found = [p for p in changed_paths(old, new) if not is_mutable(kind, p) and not _under(p, unlocked)]
    for list_path, _, _ in FIXED_ITEM_FIELDS.get(kind, ()):
        found += item_changes(kind, list_path, _get(old, list_path), _get(new, list_path))
    return found
