"""The emulator's domain: every resource service behind one object; knows nothing of HTTP."""
from __future__ import annotations

import time
from typing import Any, Callable

from pulumi_sig.models.errors import InvalidParameter, ResourceNotFound
from pulumi_sig.models.regions import is_known_region, normalize_region
from pulumi_sig.emulator import replication
from pulumi_sig.emulator.gallery_sharing_status import SHARING_KIND, SharingPresenter, advance_sharing
from pulumi_sig.emulator.ids import key_of
from pulumi_sig.emulator.service_cloud import SubscriptionService
from pulumi_sig.emulator.service_authorization import AuthorizationService
from pulumi_sig.emulator.service_shared_galleries import SharedGalleryService
from pulumi_sig.emulator.service_gallery_invites import INVITE_KIND, GalleryInviteService, InvitePresenter
from pulumi_sig.emulator.service_common import Context, Settings
from pulumi_sig.emulator.service_galleries import GalleryService
from pulumi_sig.emulator.service_images import ImageDefinitionService
from pulumi_sig.emulator.service_operations import OperationService
from pulumi_sig.emulator.service_resource_groups import ResourceGroupService
from pulumi_sig.emulator.service_sources import SourceService
from pulumi_sig.emulator.service_versions import ImageVersionService
from pulumi_sig.emulator.store import Store


class EmulatorService:
    """Resource groups, galleries, definitions, versions, sources and operations over one store."""

    def __init__(self, store: Store, settings: Settings | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.context = Context(store, settings or Settings(), clock)
        self.resource_groups = ResourceGroupService(self.context)
        self.galleries = GalleryService(self.context)
        self.images = ImageDefinitionService(self.context)
        self.versions = ImageVersionService(self.context)
        self.sources = SourceService(self.context)
        self.authorization = AuthorizationService(self.context)
        self.shared_galleries = SharedGalleryService(self.context)
        self.gallery_invites = GalleryInviteService(self.context)
        self.subscriptions = SubscriptionService(self.context)
        self.operations = OperationService(self.context, {"gallery": self.galleries, "image": self.images,
                                                          "version": self.versions,
                                                          SHARING_KIND: SharingPresenter(self.context),
                                                          INVITE_KIND: InvitePresenter()})

    @property
    def settings(self) -> Settings:
        """How this instance behaves."""
        return self.context.settings

    def reset(self) -> None:
        """Wipe every resource and operation."""
        self.context.store.reset()

    def health(self) -> dict[str, Any]:
        """Liveness plus the settings that shape answers."""
        settings = self.settings
        return {"status": "ok", "replication": settings.replication, "timeScale": settings.time_scale,
                "pageSize": settings.page_size,
                "limits": {"galleries": settings.limits.galleries, "definitions": settings.limits.definitions,
                           "versions": settings.limits.versions}}

    def advance_replication(self, body: Any) -> dict[str, Any]:
        """Admin (manual mode): set a region's progress, complete it, or fail it; all regions if none named.
        With galleryId instead of versionId: complete or fail the gallery's pending share update."""
        if isinstance(body, dict) and isinstance(body.get("galleryId"), str):
            return self._advance_sharing(body)
        if not isinstance(body, dict) or not isinstance(body.get("versionId"), str):
            raise InvalidParameter("Body must be a JSON object with versionId.", target="versionId")
        progress, complete, fail = body.get("progress"), bool(body.get("complete")), body.get("fail")
        if progress is not None and (not isinstance(progress, int) or isinstance(progress, bool)):
            raise InvalidParameter("progress must be an integer 0..100.", target="progress")
        if fail is not None and not isinstance(fail, str):
            raise InvalidParameter("fail must be a string: the reason.", target="fail")
        with self.context.store.transaction() as tx:
            record = tx.get(key_of(body["versionId"]))
            if record is None or record.kind != "version":
                raise ResourceNotFound(f"Image version '{body['versionId']}' was not found.", target="versionId")
            regions = record.state.setdefault("regions", {})
            for region in self._selected_regions(regions, body.get("region")):
                regions[region] = replication.advance_region(regions[region], progress=progress,
                                                             complete=complete, fail=fail)
            tx.put(record)
        return self.versions.replication_status(record)

    def _advance_sharing(self, body: dict[str, Any]) -> dict[str, Any]:
        fail = body.get("fail")
        if fail is not None and not isinstance(fail, str):
            raise InvalidParameter("fail must be a string: the reason.", target="fail")
        with self.context.store.transaction() as tx:
            record = tx.get(key_of(body["galleryId"]))
            if record is None or record.kind != "gallery":
                raise ResourceNotFound(f"Gallery '{body['galleryId']}' was not found.", target="galleryId")
            advance_sharing(record, complete=bool(body.get("complete")), fail=fail)
            tx.put(record)
        return self.galleries.present(record)["properties"].get("sharingStatus") or {}

    @staticmethod
    def _selected_regions(regions: dict[str, Any], region: Any) -> list[str]:
        if region is None:
            return list(regions)
        if not isinstance(region, str) or not is_known_region(region) or normalize_region(region) not in regions:
            raise InvalidParameter(f"'{region}' is not a target region of this version.", target="region")
        return [normalize_region(region)]
