"""What a consumer reads of galleries shared with it: sharedGalleries (direct sharing to its subscription or
tenant) and communityGalleries (public), under its own subscription and a location."""
from __future__ import annotations

from pulumi_sig.models.rules import parse_datetime
from pulumi_sig.models.shared_gallery import SharedGalleryInvite, SharedGalleryResource
from pulumi_sig.models.versions import select_latest

from pulumi_sig.client.errors import json_object
from pulumi_sig.client.lro import LroPoller
from pulumi_sig.client.operations import ResourceOperations, segment, validated


class SharedGalleryOperations(ResourceOperations):
    """Read-only: shared and community galleries, their image definitions and versions."""

    def _location(self, location: str) -> str:
        return f"{self.ctx.subscription_path}/providers/Microsoft.Compute/locations/{segment(location, 'location')}"

    def _shared(self, location: str, unique_name: str, *tail: str) -> str:
        parts = [segment(p) for p in tail]
        return "/".join([self._location(location), "sharedGalleries", segment(unique_name, "galleryUniqueName"),
                         *parts])

    def _community(self, location: str, public_name: str, *tail: str) -> str:
        parts = [segment(p) for p in tail]
        return "/".join([self._location(location), "communityGalleries", segment(public_name, "publicGalleryName"),
                         *parts])

    def get(self, location: str, unique_name: str) -> SharedGalleryResource:
        """One shared gallery by its unique name ({subscription}-{NAME}), or ResourceNotFoundError."""
        return self._get(self._shared(location, unique_name), SharedGalleryResource)

    def list_images(self, location: str, unique_name: str) -> list[SharedGalleryResource]:
        return self._list(self._shared(location, unique_name, "images"), SharedGalleryResource)

    def get_image(self, location: str, unique_name: str, image: str) -> SharedGalleryResource:
        return self._get(self._shared(location, unique_name, "images", image), SharedGalleryResource)

    def list_versions(self, location: str, unique_name: str, image: str) -> list[SharedGalleryResource]:
        return self._list(self._shared(location, unique_name, "images", image, "versions"), SharedGalleryResource)

    def get_version(self, location: str, unique_name: str, image: str, version: str) -> SharedGalleryResource:
        return self._get(self._shared(location, unique_name, "images", image, "versions", version),
                         SharedGalleryResource)

    def get_community(self, location: str, public_name: str) -> SharedGalleryResource:
        """A community gallery by its public name, with the publisher's communityMetadata."""
        return self._get(self._community(location, public_name), SharedGalleryResource)

    def list_community_images(self, location: str, public_name: str) -> list[SharedGalleryResource]:
        return self._list(self._community(location, public_name, "images"), SharedGalleryResource)

    def list_community_versions(self, location: str, public_name: str, image: str) -> list[SharedGalleryResource]:
        return self._list(self._community(location, public_name, "images", image, "versions"),
                          SharedGalleryResource)

    def get_community_version(self, location: str, public_name: str, image: str,
                              version: str) -> SharedGalleryResource:
        return self._get(self._community(location, public_name, "images", image, "versions", version),
                         SharedGalleryResource)

    def list(self, location: str, *, shared_to_tenant: bool = False) -> list[SharedGalleryResource]:
        """Galleries shared with this subscription (or, shared_to_tenant, with the caller's tenant)."""
        params = {"sharedTo": "tenant"} if shared_to_tenant else None
        return self._list(f"{self._location(location)}/sharedGalleries", SharedGalleryResource, params=params)

    def accept(self, location: str, publisher_subscription: str, gallery_name: str, *, tenant_level: bool = False,
               deadline: float | None = None) -> SharedGalleryInvite:
        """Accept a gallery shared with this subscription (or, tenant_level, with the caller's tenant): undoes a
        reject, harmless without one. The gallery is named by its publisher's subscription and its name or
        unique name. Not shared with the consumer: ResourceNotFoundError; no right to decide: ForbiddenError."""
        return self._answer("accept", location, publisher_subscription, gallery_name, tenant_level=tenant_level,
                            deadline=deadline)

    def reject(self, location: str, publisher_subscription: str, gallery_name: str, *, tenant_level: bool = False,
               deadline: float | None = None) -> SharedGalleryInvite:
        """Reject (decline) a gallery shared with this subscription (or, tenant_level, with the caller's
        tenant): it leaves that consumer's sharedGalleries views until accepted again. Errors as accept."""
        return self._answer("reject", location, publisher_subscription, gallery_name, tenant_level=tenant_level,
                            deadline=deadline)

    def _answer(self, verb: str, location: str, publisher_subscription: str, gallery_name: str, *,
                tenant_level: bool, deadline: float | None) -> SharedGalleryInvite:
        where = (f"/providers/Microsoft.Compute/locations/{segment(location, 'location')}/"
                 "tenantLevelSharedGallerySubscriptions" if tenant_level
                 else f"{self._location(location)}/sharedGallerySubscriptions")
        path = (f"{where}/{segment(publisher_subscription, 'sharedGallerySubscriptionId')}/sharedGalleries/"
                f"{segment(gallery_name, 'sharedGalleryName')}/{verb}")
        poller: LroPoller[SharedGalleryInvite] = self._begin("POST", path, None)
        poller.result(deadline)
        # final-state-via location: the answer is the first reply when done at once (200), else the Location's.
        response = poller.last_response
        return validated(SharedGalleryInvite, json_object(response), response)

    def latest_version(self, location: str, gallery_name: str, image: str, *, community: bool = False,
                       skip_end_of_life: bool = False) -> SharedGalleryResource | None:
        """The version a consumer's VM gets for "latest" (the seed's rule: numeric, excludeFromLatest skipped),
        of a shared gallery (its unique name) or, with community, a community gallery (its public name)."""
        if community:
            versions = self.list_community_versions(location, gallery_name, image)
        else:
            versions = self.list_versions(location, gallery_name, image)
        chosen = select_latest([_Candidate(v) for v in versions if v.name], skip_end_of_life=skip_end_of_life)
        return chosen.resource if isinstance(chosen, _Candidate) else None


class _Candidate:
    """A consumer's view of a version, as the latest rule reads it."""

    def __init__(self, resource: SharedGalleryResource) -> None:
        self.resource = resource
        self.name = resource.name or ""
        props = resource.properties or {}
        self.exclude_from_latest = bool(props.get("excludeFromLatest"))
        self.end_of_life = parse_datetime(props["endOfLifeDate"]) if props.get("endOfLifeDate") else None
