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
