"""ARM resource ids of the emulated types: building them with the caller's casing, parsing them back."""
from __future__ import annotations

from dataclasses import dataclass

COMPUTE = "Microsoft.Compute"
SOURCE_TYPES = ("images", "snapshots", "disks", "virtualMachines")


def resource_group_id(subscription: str, resource_group: str) -> str:
    """The id of a resource group."""
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}"


def gallery_id(subscription: str, resource_group: str, gallery: str) -> str:
    """The id of a gallery."""
    return f"{resource_group_id(subscription, resource_group)}/providers/{COMPUTE}/galleries/{gallery}"


def image_id(subscription: str, resource_group: str, gallery: str, image: str) -> str:
    """The id of an image definition."""
    return f"{gallery_id(subscription, resource_group, gallery)}/images/{image}"


def version_id(subscription: str, resource_group: str, gallery: str, image: str, version: str) -> str:
    """The id of an image version."""
    return f"{image_id(subscription, resource_group, gallery, image)}/versions/{version}"


def source_id(subscription: str, resource_group: str, source_type: str, name: str) -> str:
    """The id of a managed image, snapshot, disk or VM."""
    return f"{resource_group_id(subscription, resource_group)}/providers/{COMPUTE}/{source_type}/{name}"


def key_of(resource_id: str) -> str:
    """The store key of a resource: its id, lower-cased, without a trailing slash."""
    return resource_id.rstrip("/").lower()


def vhd_key(uri: str) -> str:
    """The store key of a registered VHD blob."""
    return "vhd:" + uri.strip().lower()


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
    if head != ["subscriptions", "resourcegroups", "providers", COMPUTE.lower()]:
        return None
    rest = parts[6:]
    types = tuple((rest[i].lower(), rest[i + 1]) for i in range(0, len(rest), 2))
    return ParsedId(parts[1], parts[3], types)


def canonical_path(path: str) -> str:
    """Lower-case the literal segments of an ARM path so routing ignores their casing.

    ARM paths alternate literal type segments and names; after 'providers' comes the namespace
    and then type/name pairs again. Names keep the caller's casing.
    """
    parts = path.split("/")
    if len(parts) > 1 and parts[1].lower() == "_emulator":
        return path.lower()
    literal_at = 1
    index = 1
    while index < len(parts):
        if index == literal_at:
            parts[index] = parts[index].lower()
            if parts[index] == "providers" and index + 1 < len(parts):
                parts[index + 1] = parts[index + 1].lower()
                literal_at = index + 2
                index += 2
                continue
            literal_at = index + 2
        index += 1
    return "/".join(parts)
