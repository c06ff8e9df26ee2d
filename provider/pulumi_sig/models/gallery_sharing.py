"""A gallery's direct sharing as one resource: the subscriptions and tenants in its sharingProfile.groups.

Not an ARM resource of its own: ARM keeps the groups on the gallery and changes them with POST .../share
(Add, Remove, Reset). The provider presents them as {id: <gallery id>/share, properties: {...}}.
"""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.base import ArmModel

GROUP_TYPES = {"subscriptionIds": "Subscriptions", "tenantIds": "AADTenants"}


class GallerySharingProperties(ArmModel):
    """Who the gallery is shared with."""

    subscription_ids: list[str] | None = None
    tenant_ids: list[str] | None = None


class GallerySharing(ArmModel):
    """The sharing state of one gallery."""

    id: str | None = None
    properties: GallerySharingProperties


def sharing_of(gallery_body: dict[str, Any]) -> dict[str, Any]:
    """The sharing body of a gallery's wire body (its sharingProfile.groups)."""
    profile = (gallery_body.get("properties") or {}).get("sharingProfile") or {}
    props: dict[str, Any] = {}
    for key, kind in GROUP_TYPES.items():
        ids = sorted({i for g in profile.get("groups") or [] if g.get("type") == kind for i in g.get("ids") or []})
        props[key] = ids or None
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
