"""Image sources a version can be made from: managed images, snapshots, disks, VMs and VHD blobs."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.errors import InvalidParameter, ResourceNotFound
from pulumi_sig.models.image_source import ImageSource, VhdBlob
from pulumi_sig.models.ids import source_id
from pulumi_sig.models.image_source import CREATED_STATUS, SOURCE_TYPES, canonical_source_type
from pulumi_sig.emulator.ids import key_of, vhd_key
from pulumi_sig.emulator.service_base import require_object
from pulumi_sig.emulator.service_common import (Context, Outcome, check_name, delete_role_assignments_within,
                                                json_copy, new_record, short_location, validate_schema)
from pulumi_sig.emulator.service_resource_groups import require_resource_group

SOURCE_KIND = "source"
VHD_KIND = "vhd"


def source_type(segment: str) -> str:
    """The canonical type segment ('virtualmachines' -> 'virtualMachines'), or InvalidParameter."""
    known = canonical_source_type(segment)
    if known is not None:
        return known
    raise InvalidParameter(f"'{segment}' is not a source type: use one of {', '.join(SOURCE_TYPES)}.")


class SourceService:
    """Stand-ins for the Compute resources a version's storageProfile points at."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def put(self, subscription: str, resource_group: str, segment: str, name: str, body: Any) -> Outcome:
        """Create (201) or replace (200) a source; synchronous, no operation."""
        kind = source_type(segment)
        check_name("resourceGroupName", resource_group)
        check_name("sourceName", name)
        body = require_object(body)
        validate_schema(ImageSource, body)
        location = short_location(body.get("location"))
        rid = source_id(subscription, resource_group, kind, name)
        with self.ctx.store.transaction() as tx:
            group = require_resource_group(tx, subscription, resource_group)
            stored = tx.get(key_of(rid))
            props = json_copy(body["properties"])
            props["provisioningState"] = "Succeeded"
            wire = {"id": stored.body["id"] if stored else rid, "name": stored.body["name"] if stored else name,
                    "type": f"Microsoft.Compute/{kind}", "location": location, "tags": body.get("tags") or {},
                    "properties": props}
            tx.put(new_record(key=key_of(rid), kind=SOURCE_KIND, parent=group.key, subscription=subscription,
                              location=location, body=wire, stored=stored, now=self.ctx.clock()))
        return Outcome(200 if stored else CREATED_STATUS[kind], wire)

    def get(self, subscription: str, resource_group: str, segment: str, name: str) -> dict[str, Any]:
        """The source, or ResourceNotFound."""
        kind = source_type(segment)
        record = self.ctx.store.get(key_of(source_id(subscription, resource_group, kind, name)))
        if record is None:
            require_resource_group(self.ctx.store, subscription, resource_group)
            raise ResourceNotFound(f"The Resource 'Microsoft.Compute/{kind}/{name}' under resource group "
                                   f"'{resource_group}' was not found.", target=f"Microsoft.Compute/{kind}")
        return record.body

    def delete(self, subscription: str, resource_group: str, segment: str, name: str) -> Outcome:
        """Delete (200), or 204 when absent. Versions made from it keep their copy, as in Azure."""
        kind = source_type(segment)
        key = key_of(source_id(subscription, resource_group, kind, name))
        with self.ctx.store.transaction() as tx:
            if tx.get(key) is None:
                return Outcome(204, None)
            tx.delete(key)
            delete_role_assignments_within(tx, source_id(subscription, resource_group, kind, name))
        return Outcome(200, None)

    def put_vhd(self, body: Any) -> Outcome:
        """Register a VHD blob (its URI, location, OS and size) so a version can name it."""
        body = require_object(body)
        validate_schema(VhdBlob, body)
        blob = VhdBlob.model_validate(body).to_wire()
        blob["location"] = short_location(body.get("location"))
        key = vhd_key(blob["uri"])
        with self.ctx.store.transaction() as tx:
            stored = tx.get(key)
            tx.put(new_record(key=key, kind=VHD_KIND, parent=None, subscription="", location=blob["location"],
                              body=blob, stored=stored, now=self.ctx.clock()))
        return Outcome(200 if stored else 201, blob)

    def list_vhds(self) -> list[dict[str, Any]]:
        """Every registered VHD blob."""
        records = self.ctx.store.list_by_subscription("", VHD_KIND, after=None, limit=100_000)
        return [record.body for record in records]
