"""GallerySharing: share a gallery directly with subscriptions and tenants (POST .../share), in place.

The gallery must be created with sharing_permissions="Groups". Every user of a named subscription or tenant
can then read the gallery's definitions and versions under their own subscription (sharedGalleries) and
deploy from them; it grants no RBAC on the gallery itself. Deleting this resource removes the groups it
shared (the gallery stays open to direct sharing).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from pulumi_sig.models.authorization import is_guid
from pulumi_sig.models.gallery_sharing import GallerySharing as GallerySharingModel
from pulumi_sig.models.gallery_sharing import share_updates, sharing_of
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.rules import Violation
from pulumi_sig.resources._base import ArmProvider, fetch_or_none, progress
from pulumi_sig.resources._fields import Field, from_wire, is_unknown
from pulumi_sig.resources._inputs import ResourceArgs, SigResource


def _ids(value: Any) -> Any:
    """A list of ids as ARM keeps them: each once, sorted; none is None."""
    if value is None or is_unknown(value) or not isinstance(value, list):
        return value
    return sorted({str(item) for item in value}) or None


class GallerySharingProvider(ArmProvider):
    """Dynamic provider for a gallery's sharingProfile.groups."""

    kind = ResourceKind.GALLERY_SHARING
    model = GallerySharingModel
    fields = (
        Field("resource_group_name", None, names_resource=True),
        Field("gallery_name", None, names_resource=True),
        Field("subscription_ids", "properties.subscriptionIds"),
        Field("tenant_ids", "properties.tenantIds"),
    )
    name_kinds = {"resource_group_name": "resourceGroupName", "gallery_name": "galleryName"}
    outputs = ()

    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "subscription_ids": _ids(inputs.get("subscription_ids")),
                "tenant_ids": _ids(inputs.get("tenant_ids"))}

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        found: list[Violation] = []
        for key, wire in (("subscription_ids", "properties.subscriptionIds"), ("tenant_ids", "properties.tenantIds")):
            for item in inputs.get(key) or []:
                if isinstance(item, str) and not is_unknown(item) and not is_guid(item):
                    found.append((wire, f"'{item}' is not a subscription or tenant id (a GUID)"))
        return found

    def stack_violations(self, inputs: dict[str, Any]) -> list[Violation]:
        """Not a rule: preview states who gains access."""
        whom = [f"subscriptions {', '.join(inputs['subscription_ids'])}"] if inputs.get("subscription_ids") else []
        whom += [f"tenants {', '.join(inputs['tenant_ids'])}"] if inputs.get("tenant_ids") else []
        progress(f"GallerySharing: every user of {' and '.join(whom) or 'no one'} can read gallery "
                 f"{inputs['gallery_name']}'s definitions and versions (sharedGalleries) and deploy from them")
        return []

    def _gallery(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return self.client().galleries.get(inputs["resource_group_name"], inputs["gallery_name"]).to_wire()

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        current = sharing_of(self._gallery(inputs))["properties"]
        for operation, groups in share_updates(current, body.get("properties") or {}):
            self.client().galleries.share(inputs["resource_group_name"], inputs["gallery_name"], operation, groups)
        return sharing_of(self._gallery(inputs))

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        gallery = fetch_or_none(lambda: self.client().galleries.get(inputs["resource_group_name"],
                                                                   inputs["gallery_name"]))
        if gallery is None:
            return None
        sharing = sharing_of(gallery)
        return sharing if any(sharing["properties"].values()) else None

    def remove(self, inputs: dict[str, Any]) -> None:
        from pulumi_sig.client.errors import ResourceNotFoundError

        try:
            current = sharing_of(self._gallery(inputs))["properties"]
        except ResourceNotFoundError:
            return
        for operation, groups in share_updates(current, {}):
            self.client().galleries.share(inputs["resource_group_name"], inputs["gallery_name"], operation, groups)

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return from_wire(self.fields, body)


@dataclass
class GallerySharingArgs(ResourceArgs):
    """Arguments of a GallerySharing.

    resource_group_name, gallery_name: the gallery (created with sharing_permissions="Groups"); replace.
    subscription_ids: subscriptions to share with (GUIDs); change in place.
    tenant_ids: Azure AD tenants to share with (GUIDs); change in place.
    """

    resource_group_name: pulumi.Input[str] | None = None
    gallery_name: pulumi.Input[str] | None = None
    subscription_ids: pulumi.Input[list[str]] | None = None
    tenant_ids: pulumi.Input[list[str]] | None = None


class GallerySharing(SigResource):
    """Direct sharing of a gallery with subscriptions and tenants."""

    _sig_provider = GallerySharingProvider
    _sig_args = GallerySharingArgs
    _sig_name_input = "gallery_name"

    resource_group_name: pulumi.Output[str]
    gallery_name: pulumi.Output[str]
    subscription_ids: pulumi.Output[Optional[list[str]]]
    tenant_ids: pulumi.Output[Optional[list[str]]]
