"""Which sources an image definition's versions may be made from: one rule, used by the emulator
when a version is written and by the provider's check at preview."""
from __future__ import annotations

from dataclasses import dataclass

from pulumi_sig.models.regions import normalize_region

Violation = tuple[str, str]


@dataclass(frozen=True)
class SourceFacts:
    """What is known of a source: None where the source does not say (e.g. a VHD's OS state)."""

    os_type: str | None
    os_state: str | None
    generation: str
    locations: frozenset[str]


@dataclass(frozen=True)
class DefinitionFacts:
    """The image definition a version is published under."""

    os_type: str
    os_state: str
    generation: str


def source_violations(source: SourceFacts, definition: DefinitionFacts, *, location: str,
                      target: str) -> list[Violation]:
    """The source must be in the version's region and match the definition's OS type, OS state
    (the seed: generalized definitions hold versions of generalized sources, specialized ones of
    specialized sources) and Hyper-V generation."""
    found: list[Violation] = []
    region = normalize_region(location)
    if source.locations and region not in source.locations:
        found.append((target, f"The source is in {', '.join(sorted(source.locations))} but the version is "
                              f"created in '{region}': the source must be in the version's region."))
    if source.os_type and source.os_type.lower() != definition.os_type.lower():
        found.append((target, f"The source's OS type '{source.os_type}' does not match the image "
                              f"definition's '{definition.os_type}'."))
    if source.os_state and source.os_state.lower() != definition.os_state.lower():
        found.append((target, f"The source is {source.os_state} but the image definition is "
                              f"{definition.os_state}: a {definition.os_state.lower()} definition holds only "
                              f"versions made from {definition.os_state.lower()} sources."))
    if source.generation.lower() != definition.generation.lower():
        found.append((target, f"The source's Hyper-V generation '{source.generation}' does not match the "
                              f"image definition's '{definition.generation}'."))
    return found
