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


# The seed: "Once created, you can make some changes to the image gallery resources":
#   gallery: description; definition: recommended vCPUs and memory, description, end-of-life
#   date; version: regional replica counts, target regions, exclude from latest, end-of-life
#   date; tags everywhere. The common replicaCount is the default regional replica count for
#   regions that name none, so it is a replica count and changes in place too.
MUTABLE_PATHS: dict[ResourceKind, frozenset[str]] = {
    ResourceKind.RESOURCE_GROUP: frozenset({"tags"}),
    # Emulator image sources (images, snapshots, disks, VMs): only tags change in place.
    ResourceKind.IMAGE_SOURCE: frozenset({"tags"}),
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

# Server-filled, read-only or request-only paths that are never compared.
IGNORED_PATHS: frozenset[str] = frozenset({
    "id", "name", "type", "location", "systemData", "etag",
    "properties.provisioningState", "properties.replicationStatus",
    "properties.publishingProfile.publishedDate", "properties.identifier.uniqueName",
    "properties.sharingStatus", "properties.storageProfile.osDiskImage.sizeInGB",
    "properties.storageProfile.osDiskImage", "properties.storageProfile.dataDiskImages",
    "properties.safetyProfile.reportedForPolicyViolation", "properties.safetyProfile.policyViolations",
    "properties.validationsProfile", "properties.restore",
})


def _under(path: str, prefixes: Iterable[str]) -> bool:
    return any(path == prefix or path.startswith(prefix + ".") for prefix in prefixes)


def is_mutable(kind: ResourceKind, path: str) -> bool:
    """Whether the field at this wire path may change after creation."""
    return _under(path, MUTABLE_PATHS[kind])


def flatten(body: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted paths to leaf values; lists are leaves (a list changes as a whole)."""
    if isinstance(body, dict) and body:
        flat: dict[str, Any] = {}
        for key, value in body.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else key))
        return flat
    return {prefix: body} if prefix else {}


def changed_paths(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Leaf paths whose value differs between two wire bodies (None and absent are equal)."""
    old_flat, new_flat = flatten(old), flatten(new)
    paths = sorted(set(old_flat) | set(new_flat))
    return [p for p in paths
            if old_flat.get(p) != new_flat.get(p) and not _under(p, IGNORED_PATHS)]


def immutable_changes(kind: ResourceKind, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The changed paths that the table does not allow to change after creation."""
    return [p for p in changed_paths(old, new) if not is_mutable(kind, p)]
