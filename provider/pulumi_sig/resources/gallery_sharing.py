"""GallerySharing: share a gallery directly with subscriptions and tenants, or with everyone (community).

Direct sharing: the gallery is created with sharing_permissions="Groups". Every user of a named subscription or
tenant can then read the gallery's definitions and versions under their own subscription (sharedGalleries) and
deploy from them; it grants no RBAC on the gallery itself. The ids change in place (POST .../share Add/Remove);
deleting this resource removes the groups it shared (the gallery stays open to direct sharing).

Community sharing: the gallery is created with sharing_permissions="Community"; the community_* inputs set its
sharingProfile.communityGalleryInfo and enable it (EnableCommunity). From then on every Azure user, in any
tenant, can read it under communityGalleries by its public name. Azure's EnableCommunity is one-way: it is
turned off only by Reset, which also makes the gallery Private. So any change of the community inputs is a
replace (Reset, then enable again; a new prefix gives a new public name), and deleting this resource resets
sharing.
Azure refuses to delete a gallery that is still shared, so a stack's destroy removes this resource first.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from pulumi_sig.models.authorization import is_guid
from pulumi_sig.models.gallery_sharing import COMMUNITY_INFO_FIELDS, community_of, share_updates, sharing_of
from pulumi_sig.models.gallery_sharing import GallerySharing as GallerySharingModel
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.rules import Violation, uri_violations
from pulumi_sig.resources._base import ArmProvider, SigProviderError, fetch_or_none, progress
from pulumi_sig.resources._fields import Field, from_wire, get_path, is_unknown
from pulumi_sig.resources._inputs import ResourceArgs, SigResource

EXPAND_GROUPS = "SharingProfile/Groups"


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
        # communityGalleryInfo (the spec's CommunityGalleryInfo); fixed once enabled: a change replaces.
        Field("community_publisher_uri", "properties.community.publisherUri"),
        Field("community_publisher_contact", "properties.community.publisherContact"),
        Field("community_eula", "properties.community.eula"),
        Field("community_public_name_prefix", "properties.community.publicNamePrefix"),
    )
    name_kinds = {"resource_group_name": "resourceGroupName", "gallery_name": "galleryName"}
    outputs = ("community_public_names",)

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
        community = get_path(body, "properties.community") or {}
        if not any(value is not None for value in community.values()):
            return found
        if inputs.get("subscription_ids") or inputs.get("tenant_ids"):
            found.append(("properties.subscriptionIds", "a gallery is shared either directly (subscription_ids, "
                          "tenant_ids; sharing_permissions='Groups') or with the community (community_*; "
                          "sharing_permissions='Community'), not both"))
        for field in COMMUNITY_INFO_FIELDS:
            if not community.get(field):
                found.append((f"properties.community.{field}", "required for community sharing: Azure shows the "
                              "publisher URI, contact, EULA and public name prefix to everyone"))
        found += uri_violations(community.get("publisherUri"), "properties.community.publisherUri")
        return found

    def stack_violations(self, inputs: dict[str, Any]) -> list[Violation]:
        """Not a rule: preview states who gains access."""
        if inputs.get("community_public_name_prefix"):
            progress(f"GallerySharing: gallery {inputs['gallery_name']} becomes a community gallery, readable by "
                     "everyone: every Azure subscription in any tenant can list it under communityGalleries as "
                     f"'{inputs['community_public_name_prefix']}-<GUID>' and deploy its images; the publisher URI, "
                     "contact and EULA are public. Azure turns community sharing off only by Reset "
                     "(deleting or replacing this resource), which also makes the gallery Private")
            return []
        whom = [f"subscriptions {', '.join(inputs['subscription_ids'])}"] if inputs.get("subscription_ids") else []
        whom += [f"tenants {', '.join(inputs['tenant_ids'])}"] if inputs.get("tenant_ids") else []
        progress(f"GallerySharing: every user of {' and '.join(whom) or 'no one'} can read gallery "
                 f"{inputs['gallery_name']}'s definitions and versions (sharedGalleries) and deploy from them")
        return []

    def _gallery(self, inputs: dict[str, Any]) -> dict[str, Any]:
        # Without $expand=SharingProfile/Groups ARM leaves the groups out of a gallery.
        return self.client().galleries.get(inputs["resource_group_name"], inputs["gallery_name"],
                                           expand=EXPAND_GROUPS).to_wire()

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        gallery = self._gallery(inputs)
        wanted = body.get("properties") or {}
        if wanted.get("community"):
            self._enable_community(inputs, gallery, wanted["community"])
        else:
            for operation, groups in share_updates(sharing_of(gallery)["properties"], wanted):
                self.client().galleries.share(inputs["resource_group_name"], inputs["gallery_name"], operation,
                                              groups)
        return sharing_of(self._gallery(inputs))

    def _enable_community(self, inputs: dict[str, Any], gallery: dict[str, Any], community: dict[str, Any]) -> None:
        """Set the gallery's communityGalleryInfo, then EnableCommunity (nothing when already enabled: a change
        of the info is a replace, which resets first)."""
        profile = (gallery.get("properties") or {}).get("sharingProfile") or {}
        if community_of(profile) is not None:
            return
        permissions = profile.get("permissions") or "Private"
        if permissions == "Groups" or (permissions == "Private" and not profile.get("communityGalleryInfo")):
            raise SigProviderError(f"OperationNotAllowed: gallery '{inputs['gallery_name']}' has sharing permissions "
                                   f"'{permissions}'; community sharing needs a gallery created with "
                                   "sharing_permissions='Community' (Azure cannot change it afterwards). Nothing "
                                   "was changed.")
        names = (inputs["resource_group_name"], inputs["gallery_name"])
        info = {field: community[field] for field in COMMUNITY_INFO_FIELDS}
        self.client().galleries.update(*names, {"properties": {"sharingProfile": {"communityGalleryInfo": info}}})
        self.client().galleries.share(*names, "EnableCommunity")

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        gallery = fetch_or_none(lambda: self.client().galleries.get(inputs["resource_group_name"],
                                                                   inputs["gallery_name"], expand=EXPAND_GROUPS))
        if gallery is None:
            return None
        sharing = sharing_of(gallery)
        return sharing if any(sharing["properties"].values()) else None

    def remove(self, inputs: dict[str, Any]) -> None:
        from pulumi_sig.client.errors import ResourceNotFoundError

        names = (inputs["resource_group_name"], inputs["gallery_name"])
        try:
            current = sharing_of(self._gallery(inputs))["properties"]
        except ResourceNotFoundError:
            return
        if current.get("community"):
            self.client().galleries.share(*names, "Reset")  # the only way Azure turns community sharing off
            return
        for operation, groups in share_updates(current, {}):
            self.client().galleries.share(*names, operation, groups)

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**from_wire(self.fields, body),
                "community_public_names": get_path(body, "properties.community.publicNames")}


@dataclass
class GallerySharingArgs(ResourceArgs):
    """Arguments of a GallerySharing.

    resource_group_name, gallery_name: the gallery (created with sharing_permissions="Groups" for direct
        sharing, "Community" for community sharing); replace.
    subscription_ids: subscriptions to share with (GUIDs); change in place.
    tenant_ids: Azure AD tenants to share with (GUIDs); change in place.
    community_publisher_uri, community_publisher_contact, community_eula, community_public_name_prefix: set
        all four to share the gallery with the community (everyone); a change replaces (Reset, then enable
        again). Not together with subscription_ids / tenant_ids.
    """

    resource_group_name: pulumi.Input[str] | None = None
    gallery_name: pulumi.Input[str] | None = None
    subscription_ids: pulumi.Input[list[str]] | None = None
    tenant_ids: pulumi.Input[list[str]] | None = None
    community_publisher_uri: pulumi.Input[str] | None = None
    community_publisher_contact: pulumi.Input[str] | None = None
    community_eula: pulumi.Input[str] | None = None
    community_public_name_prefix: pulumi.Input[str] | None = None


class GallerySharing(SigResource):
    """Direct sharing of a gallery with subscriptions and tenants, or community sharing with everyone."""

    _sig_provider = GallerySharingProvider
    _sig_args = GallerySharingArgs
    _sig_name_input = "gallery_name"

    resource_group_name: pulumi.Output[str]
    gallery_name: pulumi.Output[str]
    subscription_ids: pulumi.Output[Optional[list[str]]]
    tenant_ids: pulumi.Output[Optional[list[str]]]
    community_publisher_uri: pulumi.Output[Optional[str]]
    community_publisher_contact: pulumi.Output[Optional[str]]
    community_eula: pulumi.Output[Optional[str]]
    community_public_name_prefix: pulumi.Output[Optional[str]]
    community_public_names: pulumi.Output[Optional[list[str]]]  # the gallery's public name(s), once enabled
