"""The provider's preview-time check applies the same ASCII name rules as the emulator (issue 11)."""
from __future__ import annotations

import pytest

from pulumi_sig.resources.gallery import GalleryProvider
from pulumi_sig.resources.image_version import ImageVersionProvider

VERSION = {"resource_group_name": "rg", "gallery_name": "g", "image_name": "i", "location": "westeurope",
           "source_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/x"}


@pytest.mark.parametrize("name", ["bad-name", "名前", "g_"])
def test_gallery_names_azure_refuses_fail_at_preview(name: str) -> None:
    inputs = {"resource_group_name": "rg", "gallery_name": name, "location": "westus"}
    assert {f.property for f in GalleryProvider().check({}, inputs).failures} == {"gallery_name"}


def test_gallery_name_with_underscore_and_period_passes() -> None:
    inputs = {"resource_group_name": "rg", "gallery_name": "my_gallery.1", "location": "westus"}
    assert GalleryProvider().check({}, inputs).failures == []


@pytest.mark.parametrize("name", ["١.٠.٠", "1.0.٣"])
def test_version_names_need_ascii_digits_at_preview(name: str) -> None:
    failures = ImageVersionProvider().check({}, {**VERSION, "version_name": name}).failures
    assert "version_name" in {f.property for f in failures}
