"""What a consumer sees of galleries shared with it: direct sharing (sharedGalleries, to a subscription or a
tenant) and community galleries (communityGalleries, to everyone), as read-only regional views.

A gallery is in a consumer's `sharedGalleries` when its sharingProfile.permissions is Groups and a group names
the consumer's subscription (`sharedTo` absent) or the caller's tenant (`sharedTo=tenant`) and that consumer has
not rejected it (service_gallery_invites); it is a community
gallery once EnableCommunity gave it a public name. Views are served in the gallery's own location.
Not shared (or not in that location) answers 404 ResourceNotFound, as for any resource the caller cannot see.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from pulumi_sig.models.errors import InvalidParameter, ResourceNotFound
from pulumi_sig.models.regions import normalize_region
from pulumi_sig.emulator.gallery_declines import SUBSCRIPTIONS, TENANTS, declined_by
from pulumi_sig.emulator.identity import Principal
from pulumi_sig.emulator.service_common import Context, Page
from pulumi_sig.emulator.store import Record

ALL = 100_000
COMMUNITY = "Community"


class SharedGalleryService:
    """The consumer's read endpoints; what is visible is decided from the publisher's sharingProfile."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    # Which galleries a consumer sees ------------------------------------------------------------------
    def _galleries(self) -> Iterable[Record]:
        store = self.ctx.store
        for subscription in store.subscriptions():
            yield from store.list_by_subscription(subscription.lower(), "gallery", after=None, limit=ALL)

    @staticmethod
    def shared_with(record: Record, subscription: str, tenant: str | None) -> bool:
        """Whether a gallery is shared directly with the subscription (or, given, the tenant) and that consumer
        has not rejected it."""
        kind, wanted = (TENANTS, tenant) if tenant is not None else (SUBSCRIPTIONS, subscription)
        return offered_to(record, kind, wanted) and not declined_by(record, kind, wanted)

    def _direct(self, subscription: str, location: str, unique_name: str, caller: Principal) -> Record:
        for record in self._galleries():
            unique = record.body["properties"].get("identifier", {}).get("uniqueName", "")
            if unique.lower() == unique_name.lower() and record.location == normalize_region(location) and (
                    self.shared_with(record, subscription, None) or self.shared_with(record, subscription,
                                                                                      caller.tenant_id)):
                return record
        raise not_found(location, "sharedGalleries", unique_name)

    def _community(self, location: str, public_name: str) -> Record:
        for record in self._galleries():
            info = (record.body["properties"].get("sharingProfile") or {}).get("communityGalleryInfo") or {}
            if info.get("communityGalleryEnabled") and public_name.lower() in (n.lower() for n in info.get(
                    "publicNames") or []) and record.location == normalize_region(location):
                return record
        raise not_found(location, "communityGalleries", public_name)

    # sharedGalleries --------------------------------------------------------------------------------
    def list_shared(self, subscription: str, location: str, shared_to: str | None, caller: Principal) -> Page:
        """The galleries shared with the subscription (or, sharedTo=tenant, with the caller's tenant) here."""
        tenant = _tenant_scope(shared_to, caller)
        items = [shared_gallery(r, location) for r in self._galleries()
                 if r.location == normalize_region(location) and self.shared_with(r, subscription, tenant)]
        return Page(items, None)

    def get_shared(self, subscription: str, location: str, unique_name: str, caller: Principal) -> dict[str, Any]:
        return shared_gallery(self._direct(subscription, location, unique_name, caller), location)

    def shared_images(self, subscription: str, location: str, unique_name: str, caller: Principal) -> Page:
        gallery = self._direct(subscription, location, unique_name, caller)
        return Page([_image(r, location, f"/SharedGalleries/{unique_name}", _shared_extra)
                     for r in self._children(gallery, "image")], None)

    def shared_image(self, subscription: str, location: str, unique_name: str, image: str,
                     caller: Principal) -> dict[str, Any]:
        gallery = self._direct(subscription, location, unique_name, caller)
        return _image(self._child(gallery, "image", image, location), location, f"/SharedGalleries/{unique_name}",
                      _shared_extra)

    def shared_versions(self, subscription: str, location: str, unique_name: str, image: str,
                        caller: Principal) -> Page:
        definition = self._child(self._direct(subscription, location, unique_name, caller), "image", image, location)
        prefix = f"/SharedGalleries/{unique_name}/Images/{image}"
        return Page([_version(r, location, prefix) for r in self._children(definition, "version")], None)

    def shared_version(self, subscription: str, location: str, unique_name: str, image: str, version: str,
                       caller: Principal) -> dict[str, Any]:
        definition = self._child(self._direct(subscription, location, unique_name, caller), "image", image, location)
        record = self._child(definition, "version", version, location)
        return _version(record, location, f"/SharedGalleries/{unique_name}/Images/{image}")

    # communityGalleries -----------------------------------------------------------------------------
    def get_community(self, location: str, public_name: str) -> dict[str, Any]:
        return community_gallery(self._community(location, public_name), location, public_name)

    def community_images(self, location: str, public_name: str) -> Page:
        gallery = self._community(location, public_name)
        return Page([_image(r, location, f"/CommunityGalleries/{public_name}", _community_extra)
                     for r in self._children(gallery, "image")], None)

    def community_image(self, location: str, public_name: str, image: str) -> dict[str, Any]:
        record = self._child(self._community(location, public_name), "image", image, location)
        return _image(record, location, f"/CommunityGalleries/{public_name}", _community_extra)

    def community_versions(self, location: str, public_name: str, image: str) -> Page:
        definition = self._child(self._community(location, public_name), "image", image, location)
        prefix = f"/CommunityGalleries/{public_name}/Images/{image}"
        return Page([_version(r, location, prefix) for r in self._children(definition, "version")], None)

    def community_version(self, location: str, public_name: str, image: str, version: str) -> dict[str, Any]:
        definition = self._child(self._community(location, public_name), "image", image, location)
        record = self._child(definition, "version", version, location)
        return _version(record, location, f"/CommunityGalleries/{public_name}/Images/{image}")

    # Children ---------------------------------------------------------------------------------------
    def _children(self, parent: Record, kind: str) -> list[Record]:
        return self.ctx.store.list_children(parent.key, kind, after=None, limit=ALL)

    def _child(self, parent: Record, kind: str, name: str, location: str) -> Record:
        record = self.ctx.store.get(f"{parent.key}/{'images' if kind == 'image' else 'versions'}/{name.lower()}")
        if record is None:
            raise not_found(location, "images" if kind == "image" else "versions", name)
        return record


def offered_to(record: Record, kind: str, consumer: str) -> bool:
    """Whether the publisher shares the gallery directly (permissions Groups) with this consumer: a group of
    `kind` (Subscriptions or AADTenants) names it. Whether the consumer rejected it is another question."""
    profile = (record.body.get("properties") or {}).get("sharingProfile") or {}
    if profile.get("permissions") != "Groups":
        return False
    return any(group.get("type") == kind and consumer.lower() in (i.lower() for i in group.get("ids") or [])
               for group in profile.get("groups") or [])


def _tenant_scope(shared_to: str | None, caller: Principal) -> str | None:
    if shared_to is None or shared_to == "":
        return None
    if shared_to.lower() != "tenant":
        raise InvalidParameter(f"sharedTo must be 'tenant' when given, not '{shared_to}'.", target="sharedTo")
    return caller.tenant_id


def not_found(location: str, kind: str, name: str) -> ResourceNotFound:
    """The consumer's 404 for a gallery (or image, version) it cannot see."""
    return ResourceNotFound(f"The Resource 'Microsoft.Compute/locations/{location}/{kind}/{name}' under resource "
                            "group '<null>' was not found.", target=kind)


def shared_gallery(record: Record, location: str) -> dict[str, Any]:
    """A SharedGallery (PirSharedGalleryResource): name, location, identifier.uniqueId."""
    unique = record.body["properties"]["identifier"]["uniqueName"]
    return {"name": unique, "location": location, "identifier": {"uniqueId": f"/SharedGalleries/{unique}"},
            "properties": {"artifactTags": {}}}


def community_gallery(record: Record, location: str, public_name: str) -> dict[str, Any]:
    """A CommunityGallery with the publisher's metadata (publicly visible)."""
    info = record.body["properties"]["sharingProfile"].get("communityGalleryInfo") or {}
    metadata = {key: info[key] for key in ("publisherUri", "publisherContact", "eula") if info.get(key)}
    metadata["publicNames"] = list(info.get("publicNames") or [])
    metadata.setdefault("publisherContact", "")
    return {"name": public_name, "location": location, "type": "Microsoft.Compute/locations/communityGalleries",
            "identifier": {"uniqueId": f"/CommunityGalleries/{public_name}"},
            "properties": {"artifactTags": {}, "communityMetadata": metadata}}


IMAGE_FIELDS = ("osType", "osState", "endOfLifeDate", "identifier", "recommended", "disallowed", "hyperVGeneration",
                "features", "purchasePlan", "architecture", "privacyStatementUri", "eula")


def _shared_extra(props: dict[str, Any]) -> dict[str, Any]:
    return {"artifactTags": {}}


def _community_extra(props: dict[str, Any]) -> dict[str, Any]:
    return {"artifactTags": {}, "disclaimer": ""}


def _image(record: Record, location: str, prefix: str,
           extra: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    stored = record.body.get("properties") or {}
    props = {key: stored[key] for key in IMAGE_FIELDS if key in stored}
    props.update(extra(stored))
    name = record.body["name"]
    return {"name": name, "location": location, "identifier": {"uniqueId": f"{prefix}/Images/{name}"},
            "properties": props}


def _version(record: Record, location: str, prefix: str) -> dict[str, Any]:
    stored = record.body.get("properties") or {}
    publishing = stored.get("publishingProfile") or {}
    storage = stored.get("storageProfile") or {}
    os_disk = storage.get("osDiskImage") or {}
    props: dict[str, Any] = {"publishedDate": publishing.get("publishedDate"),
                             "excludeFromLatest": bool(publishing.get("excludeFromLatest", False)),
                             "storageProfile": {"osDiskImage": {"diskSizeGB": os_disk.get("sizeInGB"),
                                                                "hostCaching": os_disk.get("hostCaching", "ReadOnly")},
                                                "dataDiskImages": [{"lun": d.get("lun"), "diskSizeGB": d.get("sizeInGB"),
                                                                    "hostCaching": d.get("hostCaching", "None")}
                                                                   for d in storage.get("dataDiskImages") or []]},
                             "artifactTags": {}}
    if publishing.get("endOfLifeDate"):
        props["endOfLifeDate"] = publishing["endOfLifeDate"]
    name = record.body["name"]
    return {"name": name, "location": location, "identifier": {"uniqueId": f"{prefix}/Versions/{name}"},
            "properties": props}
