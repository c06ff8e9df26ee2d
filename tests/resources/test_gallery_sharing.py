"""GallerySharing's check and diff (no backend): groups change in place, the share calls that get there;
community settings are all required, exclusive with groups, and replace (EnableCommunity is one-way)."""
from __future__ import annotations

from pulumi_sig.models.gallery_sharing import share_updates, sharing_of
from pulumi_sig.resources.gallery_sharing import GallerySharingProvider

SUB_A, SUB_B = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b"
TENANT = "22222222-0000-0000-0000-000000000022"
SHARE = {"resource_group_name": "rg", "gallery_name": "g", "subscription_ids": [SUB_B, SUB_A, SUB_A]}


def test_ids_are_kept_once_and_sorted_and_changes_are_in_place() -> None:
    provider = GallerySharingProvider()
    olds = provider.check({}, SHARE).inputs
    assert olds["subscription_ids"] == [SUB_A, SUB_B]
    news = provider.check(olds, {**SHARE, "tenant_ids": [TENANT]}).inputs
    diff = provider.diff("id", olds, news)
    assert diff.changes and diff.replaces == []
    assert provider.diff("id", olds, {**news, "gallery_name": "other"}).replaces == ["gallery_name"]


def test_ids_must_be_guids() -> None:
    failures = GallerySharingProvider().check({}, {**SHARE, "tenant_ids": ["contoso.onmicrosoft.com"]}).failures
    assert [f.property for f in failures] == ["tenant_ids"]


def test_the_share_calls_remove_then_add_what_differs() -> None:
    gallery = {"id": "/g", "properties": {"sharingProfile": {"permissions": "Groups", "groups": [
        {"type": "Subscriptions", "ids": [SUB_A, SUB_B]}]}}}
    current = sharing_of(gallery)["properties"]
    assert current == {"subscriptionIds": [SUB_A, SUB_B], "tenantIds": None, "community": None}
    assert share_updates(current, {"subscriptionIds": [SUB_B], "tenantIds": [TENANT]}) == [
        ("Remove", [{"type": "Subscriptions", "ids": [SUB_A]}]), ("Add", [{"type": "AADTenants", "ids": [TENANT]}])]
    assert share_updates(current, current) == []


COMMUNITY = {"resource_group_name": "rg", "gallery_name": "g", "community_publisher_uri": "https://contoso.example",
             "community_publisher_contact": "images@contoso.example", "community_eula": "https://contoso.example/eula",
             "community_public_name_prefix": "contoso"}


def test_community_settings_replace_and_the_old_sharing_is_reset_first() -> None:
    provider = GallerySharingProvider()
    olds = provider.check({}, COMMUNITY).inputs
    assert provider.check({}, COMMUNITY).failures == []
    for field in ("community_eula", "community_public_name_prefix", "community_publisher_uri"):
        changed = {**olds, field: "https://other.example"}
        diff = provider.diff("id", olds, changed)
        assert diff.replaces == [field] and diff.delete_before_replace is True, field
    gone = {k: v for k, v in olds.items() if not k.startswith("community_")}
    assert provider.diff("id", olds, gone).replaces  # turning community sharing off is a Reset: a replace


def test_community_needs_all_four_settings_a_uri_and_no_groups() -> None:
    provider = GallerySharingProvider()
    partial = provider.check({}, {**COMMUNITY, "community_eula": None, "community_publisher_uri": "contoso"})
    assert sorted(f.property for f in partial.failures) == ["community_eula", "community_publisher_uri"]
    assert all("community" in f.reason for f in partial.failures)
    both = provider.check({}, {**COMMUNITY, "subscription_ids": [SUB_A]}).failures
    assert [f.property for f in both] == ["subscription_ids"] and "not both" in both[0].reason


def test_a_community_sharing_body_shows_only_while_enabled() -> None:
    info = {"publisherUri": "u", "publisherContact": "c", "eula": "e", "publicNamePrefix": "p"}
    enabled = {"id": "/g", "properties": {"sharingProfile": {"permissions": "Community", "communityGalleryInfo": {
        **info, "publicNames": ["p-1"], "communityGalleryEnabled": True}}}}
    assert sharing_of(enabled)["properties"]["community"] == {**info, "publicNames": ["p-1"]}
    outputs = GallerySharingProvider().from_body(sharing_of(enabled))
    assert outputs["community_public_names"] == ["p-1"] and outputs["community_public_name_prefix"] == "p"
    reset = {"id": "/g", "properties": {"sharingProfile": {"permissions": "Private", "communityGalleryInfo": {
        **info, "publicNames": ["p-1"], "communityGalleryEnabled": False}}}}
    assert sharing_of(reset)["properties"]["community"] is None
