"""The shared rules: names, regions, mutability, latest, body rules."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from pulumi_sig.models import GalleryImageVersion, ResourceKind, immutable_changes, is_mutable
from pulumi_sig.models.names import name_violation, parse_version_name
from pulumi_sig.models.regions import Cloud, cloud_of, normalize_region, region_display_name, UnknownRegion
from pulumi_sig.models.rules import schema_violations, version_violations
from pulumi_sig.models.versions import select_latest


@pytest.mark.parametrize("name", ["1.0.0", "0.0.1", "2147483647.0.12"])
def test_version_names_accepted(name: str) -> None:
    assert name_violation("galleryImageVersionName", name) is None


@pytest.mark.parametrize("name", ["1.0", "1.0.0.0", "1.0.x", "-1.0.0", "2147483648.0.0", "v1.0.0", ""])
def test_version_names_refused(name: str) -> None:
    assert "MAJOR.MINOR.PATCH" in (name_violation("galleryImageVersionName", name) or "")


def test_version_name_parts_are_numbers() -> None:
    assert parse_version_name("1.0.12") > parse_version_name("1.0.9")


@pytest.mark.parametrize(("kind", "good", "bad"), [
    ("galleryName", "my_Gallery.1", "-starts-with-dash"),
    ("galleryName", "a", "ends."),
    ("galleryImageName", "ubuntu-22.04", "_under"),
    ("resourceGroupName", "rg(1)", "ends."),
])
def test_name_formats(kind: str, good: str, bad: str) -> None:
    assert name_violation(kind, good) is None
    assert name_violation(kind, bad) is not None


def test_regions_both_forms_and_clouds() -> None:
    assert normalize_region("China East 2") == normalize_region("chinaeast2") == "chinaeast2"
    assert region_display_name("chinanorth2") == "China North 2"
    assert cloud_of("China North 2") is Cloud.CHINA and cloud_of("westus") is Cloud.PUBLIC
    with pytest.raises(UnknownRegion):
        normalize_region("atlantis")


def test_mutability_table_matches_the_seed() -> None:
    assert is_mutable(ResourceKind.GALLERY, "properties.description")
    assert not is_mutable(ResourceKind.GALLERY, "location")
    assert is_mutable(ResourceKind.IMAGE_DEFINITION, "properties.recommended.vCPUs.max")
    assert is_mutable(ResourceKind.IMAGE_DEFINITION, "properties.endOfLifeDate")
    assert not is_mutable(ResourceKind.IMAGE_DEFINITION, "properties.identifier.offer")
    assert not is_mutable(ResourceKind.IMAGE_DEFINITION, "properties.osType")
    for path in ("properties.publishingProfile.targetRegions", "properties.publishingProfile.excludeFromLatest",
                 "properties.publishingProfile.endOfLifeDate", "tags"):
        assert is_mutable(ResourceKind.IMAGE_VERSION, path)
    assert not is_mutable(ResourceKind.IMAGE_VERSION, "properties.storageProfile.source.id")
    assert not is_mutable(ResourceKind.IMAGE_VERSION, "properties.publishingProfile.storageAccountType")


def test_immutable_changes_names_the_property() -> None:
    old = {"location": "westus", "properties": {"identifier": {"publisher": "a", "offer": "b", "sku": "c"},
                                                 "description": "x"}}
    new = {"location": "westus", "properties": {"identifier": {"publisher": "z", "offer": "b", "sku": "c"},
                                                 "description": "y"}}
    assert immutable_changes(ResourceKind.IMAGE_DEFINITION, old, new) == ["properties.identifier.publisher"]


def _version(name: str, exclude: bool = False, eol: datetime | None = None) -> SimpleNamespace:
    return SimpleNamespace(name=name, exclude_from_latest=exclude, end_of_life=eol)


def test_latest_is_numeric_and_skips_excluded() -> None:
    versions = [_version("1.0.9"), _version("1.0.12"), _version("2.0.0", exclude=True)]
    assert select_latest(versions).name == "1.0.12"


def test_latest_can_skip_end_of_life() -> None:
    past = datetime.now(timezone.utc) - timedelta(days=1)
    versions = [_version("1.0.9"), _version("1.0.12", eol=past)]
    assert select_latest(versions).name == "1.0.12"
    assert select_latest(versions, skip_end_of_life=True).name == "1.0.9"
    assert select_latest([_version("1.0.0", exclude=True)]) is None


def test_version_rules_name_the_field() -> None:
    body = {"location": "China East 2", "properties": {"storageProfile": {}, "publishingProfile": {
        "replicaCount": 11, "storageAccountType": "PremiumV2_LRS",
        "targetRegions": [{"name": "chinaeast2"}, {"name": "West US"}, {"name": "chinaeast2"}]}}}
    targets = {target for target, _ in version_violations(body)}
    assert targets == {"properties.publishingProfile.replicaCount",
                       "properties.publishingProfile.storageAccountType",
                       "properties.publishingProfile.targetRegions[1].name",
                       "properties.publishingProfile.targetRegions[2].name"}


def test_source_region_must_be_a_target_region() -> None:
    body = {"location": "westus", "properties": {"publishingProfile": {"targetRegions": [{"name": "eastus"}]}}}
    assert version_violations(body) == [("properties.publishingProfile.targetRegions",
                                         "the source region 'westus' must be one of the target regions")]


def test_schema_violations_name_types_and_enums() -> None:
    body = {"location": "westus", "properties": {"storageProfile": {}, "publishingProfile": {
        "replicaCount": "3", "storageAccountType": "Gold"}}}
    targets = dict(schema_violations(GalleryImageVersion, body))
    assert set(targets) == {"properties.publishingProfile.replicaCount",
                            "properties.publishingProfile.storageAccountType"}
