"""GallerySharing's check and diff (no backend): groups change in place, the share calls that get there."""
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
    assert current == {"subscriptionIds": [SUB_A, SUB_B], "tenantIds": None}
    assert share_updates(current, {"subscriptionIds": [SUB_B], "tenantIds": [TENANT]}) == [
        ("Remove", [{"type": "Subscriptions", "ids": [SUB_A]}]), ("Add", [{"type": "AADTenants", "ids": [TENANT]}])]
    assert share_updates(current, current) == []
