"""What a version is made from: resolve its storageProfile to a source's OS, generation, region and disks."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_sig.models.defaults import DEFAULT_HYPER_V_GENERATION
from pulumi_sig.models.errors import InvalidParameter
from pulumi_sig.models.ids import parse_compute_id
from pulumi_sig.models.image_source import SOURCE_TYPES
from pulumi_sig.models.regions import is_known_region, normalize_region
from pulumi_sig.emulator.ids import key_of, vhd_key
from pulumi_sig.emulator.store import Record, StoreReader

MAX_DISK_GB = 1024  # the seed: any disk attached to the image must be <= 1 TB
SOURCE_TYPE_SEGMENTS = tuple(t.lower() for t in SOURCE_TYPES)
VERSION_TYPE = "galleries/images/versions"


@dataclass
class Disk:
    """One disk the source contributes."""

    size_gb: int
    target: str


@dataclass
class SourceInfo:
    """The facts of a source the version rules need."""

    target: str
    os_type: str | None
    generation: str
    locations: frozenset[str]
    os_disk: Disk | None = None
    data_disks: dict[int, Disk] = field(default_factory=dict)
    occupied_gb: float | None = None
    os_state: str | None = None  # None where the source does not say (a VHD, a managed image)

    def occupied(self) -> float:
        """Occupied size: the source's occupiedSizeGB, else the sum of its disks."""
        if self.occupied_gb is not None:
            return self.occupied_gb
        disks = ([self.os_disk] if self.os_disk else []) + list(self.data_disks.values())
        return float(sum(disk.size_gb for disk in disks))


def _not_found(target: str, ref: str) -> InvalidParameter:
    return InvalidParameter(f"The source '{ref}' was not found (create it first in the same "
                            "subscription).", target=target)


def _generation(value: Any) -> str:
    return str(value or DEFAULT_HYPER_V_GENERATION)


def _locations(value: Any) -> frozenset[str]:
    return frozenset({normalize_region(value)}) if isinstance(value, str) and is_known_region(value) else frozenset()


def _from_resource(record: Record, target: str) -> SourceInfo:
    props = record.body.get("properties") or {}
    data = {int(d["lun"]): Disk(int(d.get("diskSizeGB") or 0), target) for d in props.get("dataDisks") or []}
    return SourceInfo(target=target, os_type=props.get("osType"),
                      generation=_generation(props.get("hyperVGeneration")), locations=_locations(record.location),
                      os_disk=Disk(int(props.get("diskSizeGB") or 0), target),
                      data_disks=data, occupied_gb=props.get("occupiedSizeGB"), os_state=props.get("osState"))


def _from_version(reader: StoreReader, record: Record, target: str) -> SourceInfo:
    definition = reader.get(record.parent or "")
    dprops = (definition.body.get("properties") if definition else None) or {}
    props = record.body.get("properties") or {}
    storage = props.get("storageProfile") or {}
    regions = (props.get("publishingProfile") or {}).get("targetRegions") or []
    os_image = storage.get("osDiskImage") or {}
    data = {int(d["lun"]): Disk(int(d.get("sizeInGB") or 0), target) for d in storage.get("dataDiskImages") or []}
    return SourceInfo(target=target, os_type=dprops.get("osType"),
                      generation=_generation(dprops.get("hyperVGeneration")),
                      locations=frozenset(normalize_region(r["name"]) for r in regions),
                      os_disk=Disk(int(os_image.get("sizeInGB") or 0), target), data_disks=data,
                      occupied_gb=(record.state or {}).get("occupiedGB"), os_state=dprops.get("osState"))


def _by_id(reader: StoreReader, ref: Any, target: str) -> tuple[Record, SourceInfo]:
    parsed = parse_compute_id(ref) if isinstance(ref, str) else None
    if parsed is None or parsed.leaf_type not in SOURCE_TYPE_SEGMENTS + (VERSION_TYPE,):
        raise InvalidParameter(f"'{ref}' is not the id of a managed image, snapshot, disk, virtual machine "
                               "or gallery image version.", target=target)
    record = reader.get(key_of(ref))
    if record is None:
        raise _not_found(target, ref)
    if parsed.leaf_type == VERSION_TYPE:
        return record, _from_version(reader, record, target)
    return record, _from_resource(record, target)


def _by_uri(reader: StoreReader, uri: Any, target: str) -> SourceInfo:
    record = reader.get(vhd_key(str(uri)))
    if record is None:
        raise _not_found(target, str(uri))
    blob = record.body
    return SourceInfo(target=target, os_type=blob.get("osType"),
                      generation=_generation(blob.get("hyperVGeneration")), locations=_locations(record.location),
                      os_disk=Disk(int(blob.get("diskSizeGB") or 0), target))


def _disk_source(reader: StoreReader, source: dict[str, Any], target: str) -> SourceInfo:
    if source.get("id"):
        return _by_id(reader, source["id"], f"{target}.id")[1]
    if source.get("uri"):
        return _by_uri(reader, source["uri"], f"{target}.uri")
    raise InvalidParameter("A disk image source needs an id or a uri.", target=target)


def has_source(storage: dict[str, Any]) -> bool:
    """Whether a storageProfile names any source (the whole-image one or the OS disk's)."""
    full = storage.get("source") or {}
    return bool(full.get("id") or full.get("virtualMachineId")
                or ((storage.get("osDiskImage") or {}).get("source")))


def with_stored_source(storage: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """A replacing PUT's storageProfile with the stored sources where it names none.

    `az sig image-version update` GETs the version and PUTs it back without storageProfile.source:
    the service takes that as "source unchanged". A PUT that names another source is still compared
    (and refused) by the mutability table.
    """
    if has_source(storage) or not has_source(stored):
        return storage
    kept = dict(storage)
    if stored.get("source"):
        kept["source"] = stored["source"]
    stored_os_source = (stored.get("osDiskImage") or {}).get("source")
    if stored_os_source:
        kept["osDiskImage"] = {**(storage.get("osDiskImage") or {}), "source": stored_os_source}
    stored_disks = {d.get("lun"): d for d in stored.get("dataDiskImages") or [] if isinstance(d, dict)}
    if storage.get("dataDiskImages"):
        kept["dataDiskImages"] = [_with_disk_source(disk, stored_disks) for disk in storage["dataDiskImages"]]
    return kept


def _with_disk_source(disk: Any, stored_disks: dict[Any, dict[str, Any]]) -> Any:
    if not isinstance(disk, dict) or disk.get("source"):
        return disk
    source = (stored_disks.get(disk.get("lun")) or {}).get("source")
    return {**disk, "source": source} if source else disk


def resolve_source(reader: StoreReader, storage: dict[str, Any]) -> SourceInfo:
    """The source of a version's storageProfile, with every disk it ends up with."""
    base = "properties.storageProfile"
    full = storage.get("source") or {}
    os_image = storage.get("osDiskImage") or {}
    if full.get("id") or full.get("virtualMachineId"):
        field_name = "id" if full.get("id") else "virtualMachineId"
        info = _by_id(reader, full[field_name], f"{base}.source.{field_name}")[1]
    elif (os_image.get("source") or {}):
        info = _disk_source(reader, os_image["source"], f"{base}.osDiskImage.source")
    else:
        raise InvalidParameter("An image version needs a source: storageProfile.source.id (managed image, "
                               "snapshot, disk, VM or image version) or osDiskImage.source (snapshot or VHD).",
                               target=f"{base}.source.id")
    for index, image in enumerate(storage.get("dataDiskImages") or []):
        if isinstance(image, dict) and image.get("source"):
            disk = _disk_source(reader, image["source"], f"{base}.dataDiskImages[{index}].source")
            if disk.locations and info.locations and not (disk.locations & info.locations):
                raise InvalidParameter("Every data disk source must be in the version's region.",
                                       target=disk.target)
            info.data_disks[int(image.get("lun", index))] = Disk(disk.os_disk.size_gb if disk.os_disk else 0,
                                                                 disk.target)
    return info


def disk_violations(info: SourceInfo) -> list[tuple[str, str]]:
    """Disks over the 1 TB limit of the seed."""
    found = []
    disks = ([("osDiskImage", info.os_disk)] if info.os_disk else []) + \
        [(f"dataDiskImages[lun={lun}]", disk) for lun, disk in sorted(info.data_disks.items())]
    for label, disk in disks:
        if disk.size_gb > MAX_DISK_GB:
            found.append((disk.target, f"the {label} disk is {disk.size_gb} GB; any disk attached to an image "
                          f"must be at most {MAX_DISK_GB} GB"))
    return found


def linked_source_ids(body: Any) -> list[str]:
    """The ARM ids a version body links to as sources (the whole image, the OS disk, each data disk): what the
    caller must be able to read (ARM's linked authorization)."""
    props = body.get("properties") if isinstance(body, dict) else None
    storage = props.get("storageProfile") if isinstance(props, dict) else None
    if not isinstance(storage, dict):
        return []
    sources = [storage.get("source")] + [(disk or {}).get("source") for disk in
                                         [storage.get("osDiskImage")] + list(storage.get("dataDiskImages") or [])
                                         if isinstance(disk, dict)]
    ids = [s.get(key) for s in sources if isinstance(s, dict) for key in ("id", "virtualMachineId")]
    return [i for i in ids if isinstance(i, str) and i.startswith("/")]
