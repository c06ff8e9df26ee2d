"""Rules across the estate that one field can't check alone: references, duplicates, home regions."""
from __future__ import annotations

from typing import Iterator, Mapping

from pulumi_sig.estate.document import DefinitionSpec, Estate, GallerySpec
from pulumi_sig.models.regions import cloud_of

Path = tuple[str | int, ...]


def reference_problems(estate: Estate) -> list[tuple[Path, str]]:
    """(path, message) for every reference to something the estate does not declare."""
    found: list[tuple[Path, str]] = []
    groups = estate.resource_groups
    for key, source in estate.image_sources.items():
        if source.resource_group not in groups:
            found.append((("image_sources", key, "resource_group"),
                          _unknown("resource group", source.resource_group, groups)))
    for key, gallery in estate.galleries.items():
        if gallery.resource_group not in groups:
            found.append((("galleries", key, "resource_group"),
                          _unknown("resource group", gallery.resource_group, groups)))
        for name, definition in gallery.definitions.items():
            found += list(_definition_problems(estate, key, gallery, name, definition))
    clouds = {cloud_of(group.location) for group in groups.values()}
    if len(clouds) > 1:
        found.append((("resource_groups",), "an estate lives in one cloud; these regions belong to "
                      + " and ".join(sorted(c.value for c in clouds))))
    return found


def _definition_problems(estate: Estate, gallery_key: str, gallery: GallerySpec, key: str,
                         definition: DefinitionSpec) -> Iterator[tuple[Path, str]]:
    where: Path = ("galleries", gallery_key, "definitions", key)
    regions = definition_regions(estate, gallery, definition)
    home = home_region(estate, gallery, definition)
    for region in definition.load:
        if region not in regions:
            yield where + ("load", region), f"'{region}' is not one of the definition's regions ({', '.join(regions)})"
    seen: dict[str, int] = {}
    for index, version in enumerate(definition.versions):
        at = where + ("versions", index)
        if version.name in seen:
            yield at + ("name",), f"version {version.name} is already declared at versions[{seen[version.name]}]"
        seen.setdefault(version.name, index)
        if version.replicas is not None and home not in version.replicas:
            yield at + ("replicas",), f"pinned replicas must include the home region {home} (the source region)"
        source = version.source
        if source.image_source is not None and source.image_source not in estate.image_sources:
            yield at + ("source", "image_source"), _unknown("image source", source.image_source, estate.image_sources)
        if source.version is not None and version_reference(estate, gallery_key, key, source.version) is None:
            yield at + ("source", "version"), f"no version '{source.version}' in this estate"


def definition_regions(estate: Estate, gallery: GallerySpec, definition: DefinitionSpec) -> list[str]:
    """The definition's regions, home first, each once."""
    home = home_region(estate, gallery, definition)
    listed = definition.regions or gallery.regions or []
    return [home] + [region for region in dict.fromkeys(listed) if region != home]


def home_region(estate: Estate, gallery: GallerySpec, definition: DefinitionSpec) -> str:
    """Where new versions are made (their source region)."""
    if definition.home_region:
        return definition.home_region
    if gallery.location:
        return gallery.location
    group = estate.resource_groups.get(gallery.resource_group)
    return group.location if group else "westeurope"


def version_reference(estate: Estate, gallery_key: str, definition_key: str,
                      reference: str) -> tuple[str, str, str] | None:
    """(gallery, definition, version) keys named by '1.0.0' or 'gallery/definition/1.0.0', if declared."""
    parts = reference.split("/")
    if len(parts) == 3:
        gallery_key, definition_key, name = parts
    elif len(parts) == 1:
        name = parts[0]
    else:
        return None
    gallery = estate.galleries.get(gallery_key)
    definition = gallery.definitions.get(definition_key) if gallery else None
    if definition is None or not any(v.name == name for v in definition.versions):
        return None
    return gallery_key, definition_key, name


def _unknown(kind: str, name: str, known: Mapping[str, object]) -> str:
    return f"no {kind} '{name}' in this estate" + (f" (declared: {', '.join(known)})" if known else "")
