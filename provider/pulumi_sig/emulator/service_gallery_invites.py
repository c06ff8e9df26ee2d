"""The consumer's answer to direct sharing: accept or reject a gallery shared with its subscription
(sharedGallerySubscriptions/{publisher subscription}/sharedGalleries/{gallery}/accept|reject) or with its
tenant (tenantLevelSharedGallerySubscriptions/...).

Reject records, durably and in one transaction, that this consumer declined the gallery: it leaves that
consumer's sharedGalleries views (list, get, images, versions) and no one else's. Accept undoes a reject and is
harmless without one. The gallery is named by its publisher's subscription and its name (the spec's 2025-12-03
examples: `originalGalleryName`) or its unique name (`{subscription}-{NAME}`, what the consumer's list shows),
in the location of the path; a gallery not shared with the consumer is the consumer GET's 404.
"""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.ids import parse_arm_id
from pulumi_sig.models.regions import normalize_region
from pulumi_sig.emulator.gallery_declines import SUBSCRIPTIONS, TENANTS, set_declined
from pulumi_sig.emulator.service_common import Context, Outcome
from pulumi_sig.emulator.service_shared_galleries import not_found, offered_to
from pulumi_sig.emulator.store import Record, StoreReader

INVITE_KIND = "sharedGalleryInvite"  # the kind of an accept/reject operation (resolved by InvitePresenter)
MAX_GALLERIES = 100_000


class GalleryInviteService:
    """Accept / reject of a directly shared gallery, by a subscription or by a tenant."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def answer(self, *, consumer_subscription: str | None, tenant: str | None, location: str,
               publisher_subscription: str, gallery_name: str, accept: bool) -> Outcome:
        """Accept (accept=True) or reject the gallery for the consumer subscription, or, when
        consumer_subscription is None, for the tenant. 200 with the SharedGalleryInvite when done at once
        (--replication immediate), else 202 with an operation that is already finished."""
        kind, consumer = (SUBSCRIPTIONS, consumer_subscription) if consumer_subscription else (TENANTS, tenant or "")
        with self.ctx.store.transaction() as tx:
            galleries = self._offered(tx, kind=kind, consumer=consumer, location=location,
                                      publisher_subscription=publisher_subscription, gallery_name=gallery_name)
            for record in galleries:
                set_declined(record, kind, consumer, declined=not accept)
                tx.put(record)
            body = invite(galleries[0], location)
            if self.ctx.settings.replication == "immediate":
                return Outcome(200, body)
            operation = self.ctx.new_operation(tx, subscription=consumer_subscription or "", location=location,
                                               record_key=galleries[0].key, action="accept" if accept else "reject",
                                               kind=INVITE_KIND, answer=body)
        return Outcome(202, body, operation)

    @staticmethod
    def _offered(reader: StoreReader, *, kind: str, consumer: str, location: str, publisher_subscription: str,
                 gallery_name: str) -> list[Record]:
        """The publisher's galleries of that name (or unique name) here that are shared with the consumer
        (declined or not); none is the consumer's 404."""
        wanted = gallery_name.lower()
        found = [record for record in reader.list_by_subscription(publisher_subscription.lower(), "gallery",
                                                                  after=None, limit=MAX_GALLERIES)
                 if record.location == normalize_region(location) and offered_to(record, kind, consumer)
                 and wanted in (record.body["name"].lower(), _unique_name(record).lower())]
        if not found:
            raise not_found(location, "sharedGalleries", gallery_name)
        return found


def _unique_name(record: Record) -> str:
    return str(((record.body.get("properties") or {}).get("identifier") or {}).get("uniqueName", ""))


def invite(record: Record, location: str) -> dict[str, Any]:
    """The answer, a SharedGalleryInvite / TenantLevelSharedGalleryInvite (GalleryRP 2025-03-03): the shared
    gallery's name and identifier, and properties.id, the subscription that hosts it."""
    unique = _unique_name(record)
    return {"name": unique, "location": location, "identifier": {"uniqueId": f"/SharedGalleries/{unique}"},
            "properties": {"id": parse_arm_id(str(record.body["id"])).get("subscriptions", record.subscription)}}


class InvitePresenter:
    """How operations read an accept/reject: done as soon as it is stored; its result is the stored answer."""

    def state_of(self, record: Record) -> str:
        return "Succeeded"

    def present(self, record: Record, *, provisioning_state: str | None = None,
                expand: str | None = None) -> dict[str, Any]:
        return {}  # the answer travels in the operation itself (OperationService.result)
