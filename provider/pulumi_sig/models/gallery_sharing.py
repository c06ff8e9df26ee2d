"""A gallery's sharing as one resource: the subscriptions and tenants in its sharingProfile.groups (direct
sharing), or its community sharing (sharingProfile.communityGalleryInfo, enabled).

Not an ARM resource of its own: ARM keeps both on the gallery and changes them with POST .../share
(Add, Remove, Reset, EnableCommunity). The provider presents them as {id: <gallery id>/share, properties: {...}}.
"""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.base import ArmModel

GROUP_TYPES = {"subscriptionIds": "Subscriptions", "tenantIds": "AADTenants"}


class CommunitySharing(ArmModel):
    """The publisher's community gallery info (all four are visible to everyone) and the public names."""

    publisher_uri: str | None = None
    publisher_contact: str | None = None
    eula: str | None = None
    public_name_prefix: str | None = None
    public_names: list[str] | None = None


class GallerySharingProperties(ArmModel):
    """Who the gallery is shared with."""

    subscription_ids: list[str] | None = None
    tenant_ids: list[str] | None = None
    community: CommunitySharing | None = None


class GallerySharing(ArmModel):
    """The sharing state of one gallery."""

    id: str | None = None
    properties: GallerySharingProperties


def community_of(profile: dict[str, Any]) -> dict[str, Any] | None:
    """The community part of a sharing body: the gallery's communityGalleryInfo while community sharing is
    enabled (after a Reset the info may stay on the gallery, but nothing is shared)."""
    info = profile.get("communityGalleryInfo") or {}
    if not isinstance(info, dict) or not info.get("communityGalleryEnabled"):
        return None
    return {field: info.get(field) for field in (*COMMUNITY_INFO_FIELDS, "publicNames")}


def sharing_of(gallery_body: dict[str, Any]) -> dict[str, Any]:
    """The sharing body of a gallery's wire body (read with $expand=SharingProfile/Groups)."""
    profile = (gallery_body.get("properties") or {}).get("sharingProfile") or {}
    props: dict[str, Any] = {}
    for key, kind in GROUP_TYPES.items():
        ids = sorted({i for g in profile.get("groups") or [] if g.get("type") == kind for i in g.get("ids") or []})
        props[key] = ids or None
    props["community"] = community_of(profile)
    return {"id": f"{gallery_body.get('id', '')}/share", "properties": props}


def share_updates(current: dict[str, Any], wanted: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The POST .../share calls (operation, groups) that turn the current sharing into the wanted one."""
    removes, adds = [], []
    for key, kind in GROUP_TYPES.items():
        have, want = set(current.get(key) or []), set(wanted.get(key) or [])
        if have - want:
            removes.append({"type": kind, "ids": sorted(have - want)})
        if want - have:
            adds.append({"type": kind, "ids": sorted(want - have)})
    return ([("Remove", removes)] if removes else []) + ([("Add", adds)] if adds else [])


# The publisher's part of sharingProfile.communityGalleryInfo (the spec's CommunityGalleryInfo, not read-only);
# publicNames and communityGalleryEnabled are the service's.
COMMUNITY_INFO_FIELDS = ("publisherUri", "publisherContact", "eula", "publicNamePrefix")
RESET_HINT = "reset sharing first (POST .../share with operationType 'Reset')"


def sharing_in_effect(gallery_body: dict[str, Any]) -> list[str]:
    """Why a gallery counts as shared: groups left in its sharingProfile, community sharing enabled. Azure
    refuses to delete such a gallery (or to make it Private by PUT) until sharing is reset."""
    profile = (gallery_body.get("properties") or {}).get("sharingProfile") or {}
    reasons = []
    groups = [f"{g.get('type')}: {', '.join(g.get('ids') or [])}" for g in profile.get("groups") or []
              if isinstance(g, dict) and g.get("ids")]
    if groups:
        reasons.append(f"its sharingProfile still has groups ({'; '.join(groups)})")
    info = profile.get("communityGalleryInfo") or {}
    if isinstance(info, dict) and info.get("communityGalleryEnabled"):
        names = ", ".join(info.get("publicNames") or [])
        reasons.append(f"it is shared to the community{f' as {names}' if names else ''}")
    return reasons


def still_shared_message(gallery_name: str, reasons: list[str], action: str) -> str:
    """The refusal of an action on a gallery that is still shared, naming the rule."""
    return (f"Gallery '{gallery_name}' cannot be {action} while it is shared: {' and '.join(reasons)}. "
            f"A shared gallery must stop being shared before it is {action}: {RESET_HINT}, then retry.")
