"""Resource groups (Microsoft.Resources/resourceGroups): the containers every resource needs."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.errors import OperationNotAllowed, ResourceGroupNotFound
from pulumi_sig.models.gallery_sharing import sharing_in_effect, still_shared_message
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.resource_group import ResourceGroup
from pulumi_sig.models.ids import resource_group_id
from pulumi_sig.emulator.ids import key_of
from pulumi_sig.emulator.service_base import require_object
from pulumi_sig.emulator.service_common import (Context, Outcome, Page, check_name, check_unchanged,
                                                delete_role_assignments_within, json_copy, merge_patch,
                                                new_record, short_location, validate_schema)
from pulumi_sig.emulator.store import Record, StoreReader

KIND = "resourceGroup"
DELETE_ORDER = {"version": 0, "image": 1, "gallery": 2, "source": 3}
ALL = -1  # SQLite's LIMIT -1: no limit
GENERIC_FIELDS = ("id", "name", "type", "location", "tags", "kind", "managedBy", "sku", "identity")


def generic_resource(body: dict[str, Any]) -> dict[str, Any]:
    """A resource as ARM's resource list shows it: the envelope fields, no properties."""
    return {field: body[field] for field in GENERIC_FIELDS if body.get(field) is not None}


def require_resource_group(reader: StoreReader, subscription: str, name: str) -> Record:
    """The stored resource group, or ResourceGroupNotFound."""
    record = reader.get(key_of(resource_group_id(subscription, name)))
    if record is None:
        raise ResourceGroupNotFound(f"Resource group '{name}' could not be found.", target="resourceGroupName")
    return record


class ResourceGroupService:
    """PUT/GET/DELETE/HEAD/list of resource groups."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def put(self, subscription: str, name: str, body: Any) -> Outcome:
        """Create (201) or update tags (200)."""
        check_name("resourceGroupName", name)
        body = require_object(body)
        validate_schema(ResourceGroup, body)
        location = short_location(body.get("location"))
        rid = resource_group_id(subscription, name)
        with self.ctx.store.transaction() as tx:
            stored = tx.get(key_of(rid))
            wire = {"id": stored.body["id"] if stored else rid, "name": stored.body["name"] if stored else name,
                    "type": "Microsoft.Resources/resourceGroups", "location": location,
                    "tags": body.get("tags") or {}}
            if body.get("managedBy"):
                wire["managedBy"] = body["managedBy"]
            if stored is not None:
                check_unchanged(ResourceKind.RESOURCE_GROUP, stored.body, wire)
            tx.put(new_record(key=key_of(rid), kind=KIND, parent=None, subscription=subscription,
                              location=location, body=wire, stored=stored, now=self.ctx.clock()))
        return Outcome(200 if stored else 201, self.present(wire))

    def patch(self, subscription: str, name: str, patch: Any) -> Outcome:
        """Merge-patch an existing group (in practice its tags; location cannot change)."""
        check_name("resourceGroupName", name)
        stored = require_resource_group(self.ctx.store, subscription, name).body
        current = {key: stored[key] for key in ("location", "tags", "managedBy") if key in stored}
        return self.put(subscription, name, merge_patch(current, require_object(patch)))

    def present(self, body: dict[str, Any]) -> dict[str, Any]:
        wire = json_copy(body)
        wire["properties"] = {"provisioningState": "Succeeded"}
        return wire

    def get(self, subscription: str, name: str) -> dict[str, Any]:
        """The resource group, or ResourceGroupNotFound."""
        return self.present(require_resource_group(self.ctx.store, subscription, name).body)

    def exists(self, subscription: str, name: str) -> bool:
        """Whether the group exists (HEAD)."""
        return self.ctx.store.get(key_of(resource_group_id(subscription, name))) is not None

    def delete(self, subscription: str, name: str) -> Outcome:
        """Delete the group and everything in it, as ARM does, in one transaction (all or nothing)."""
        with self.ctx.store.transaction() as tx:
            stored = tx.get(key_of(resource_group_id(subscription, name)))
            if stored is None:
                return Outcome(204, None)
            contents = tx.list_under(stored.key, after=None, limit=ALL)
            _refuse_shared_galleries(contents)
            # ARM's order: what depends on something goes before it (versions, definitions, galleries, sources).
            for record in sorted(contents, key=lambda r: DELETE_ORDER.get(r.kind, len(DELETE_ORDER))):
                tx.delete(record.key)
            tx.delete(stored.key)
            delete_role_assignments_within(tx, resource_group_id(subscription, name))
        return Outcome(200, None)

    def resources(self, subscription: str, name: str, *, after: str | None, top: int | None) -> Page:
        """One page of every resource in the group (nested ones too), as ARM's generic resource list."""
        group = require_resource_group(self.ctx.store, subscription, name)
        limit = self.ctx.page_limit(top)
        records = self.ctx.store.list_under(group.key, after=after, limit=limit + 1)
        more = len(records) > limit
        records = records[:limit]
        return Page([generic_resource(r.body) for r in records], records[-1].key if more else None)

    def list(self, subscription: str, *, after: str | None, top: int | None) -> Page:
        """One page of the subscription's resource groups."""
        limit = self.ctx.page_limit(top)
        records = self.ctx.store.list_by_subscription(subscription.lower(), KIND, after=after, limit=limit + 1)
        more = len(records) > limit
        records = records[:limit]
        return Page([self.present(r.body) for r in records], records[-1].key if more else None)


def _refuse_shared_galleries(contents: list[Record]) -> None:
    """ARM deletes a group's resources one by one; a gallery that is still shared refuses, so the group stays
    (here: before anything is deleted)."""
    for record in contents:
        reasons = sharing_in_effect(record.body) if record.kind == "gallery" else []
        if reasons:
            raise OperationNotAllowed(still_shared_message(record.body["name"], reasons, "deleted"),
                                      target="properties.sharingProfile")
