"""The latest version of an image definition: numeric MAJOR.MINOR.PATCH, exclude- and EOL-aware."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, cast

from pulumi_sig.models.image_version import GalleryImageVersion
from pulumi_sig.models.versions import select_latest

from pulumi_sig.client.image_versions import ImageVersionOperations


def latest_version(versions: ImageVersionOperations, resource_group: str, gallery_name: str, image_name: str, *,
                   skip_end_of_life: bool = False, now: datetime | None = None) -> GalleryImageVersion | None:
    """The version ARM would pick as "latest", or None when no version qualifies.

    1.0.12 is later than 1.0.9 (numeric, not lexical), versions with excludeFromLatest are skipped,
    and with skip_end_of_life so are versions past their end-of-life date — the two points where
    Terraform's azurerm data source went wrong (#10516, #10633).
    """
    candidates = versions.list_by_image(resource_group, gallery_name, image_name)
    # GalleryImageVersion.name is Optional on the wire model; listed versions always carry one.
    chosen = select_latest(cast(Iterable[Any], candidates), now=now, skip_end_of_life=skip_end_of_life)
    return chosen if isinstance(chosen, GalleryImageVersion) else None
