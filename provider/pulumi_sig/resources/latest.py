"""The latest version of a definition, for programs: numeric MAJOR.MINOR.PATCH, exclude-aware."""
from __future__ import annotations

from typing import Any

import pulumi

from pulumi_sig.resources._client_cache import client_for
from pulumi_sig.resources._settings import program_settings


def lookup_latest_image_version(resource_group_name: str, gallery_name: str, image_name: str, *,
                                skip_end_of_life: bool = False) -> dict[str, Any] | None:
    """{"name", "id", "location", "end_of_life_date"} of the latest version, or None."""
    client = client_for(program_settings())
    version = client.latest_version(resource_group_name, gallery_name, image_name,
                                    skip_end_of_life=skip_end_of_life)
    if version is None:
        return None
    profile = version.properties.publishing_profile
    eol = profile.end_of_life_date.isoformat() if profile and profile.end_of_life_date else None
    return {"name": version.name, "id": version.id, "location": version.location, "end_of_life_date": eol}


def get_latest_image_version(resource_group_name: pulumi.Input[str], gallery_name: pulumi.Input[str],
                             image_name: pulumi.Input[str], *, skip_end_of_life: bool = False
                             ) -> pulumi.Output[dict[str, Any] | None]:
    """The latest version as an Output (resolved once its inputs are known), usable as an input.

    Versions marked exclude-from-latest are skipped; with skip_end_of_life, so are versions past
    their end-of-life date. 1.0.12 is later than 1.0.9.
    """
    return pulumi.Output.all(resource_group_name, gallery_name, image_name).apply(
        lambda names: lookup_latest_image_version(*names, skip_end_of_life=skip_end_of_life))
