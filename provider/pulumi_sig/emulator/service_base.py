"""The create/replace/update/get/delete/list flow every tracked Compute resource follows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from pydantic import BaseModel

from pulumi_sig.models.errors import Conflict, InvalidRequestContent, ParentResourceNotFound, ResourceNotFound
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.emulator.ids import key_of
from pulumi_sig.emulator.service_common import (Context, Outcome, Page, check_name, check_unchanged,
                                                delete_role_assignments_within, iso, merge_patch,
                                                strip_read_only, validate_schema)
from pulumi_sig.emulator.store import IdentifierTaken, Record, StoreReader, StoreWriter


@dataclass(frozen=True)
class ResourcePath:
    """Where a resource lives: subscription, resource group and the names from the gallery down."""

    subscription: str
    resource_group: str
    names: tuple[str, ...]

    def parent(self) -> "ResourcePath":
        """The path of the enclosing resource (the resource group when names is empty)."""
        return ResourcePath(self.subscription, self.resource_group, self.names[:-1])


def require_object(body: Any, what: str = "request body") -> dict[str, Any]:
    """A JSON object, or InvalidRequestContent."""
    if not isinstance(body, dict):
        raise InvalidRequestContent(f"The {what} must be a JSON object.", target="body")
    return body


class TrackedService:
    """Shared flow; subclasses say how to build, check and present their resource."""

    kind: str = ""
    mutability: ResourceKind
    model: type[BaseModel]
    resource_type: str = ""
    name_kinds: tuple[str, ...] = ()

    def __init__(self, context: Context) -> None:
        self.ctx = context

    # Hooks --------------------------------------------------------------------------------------
    def resource_id(self, path: ResourcePath) -> str:
        raise NotImplementedError

    def require_parent(self, reader: StoreReader, path: ResourcePath) -> Record:
        raise NotImplementedError

    def build(self, reader: StoreReader, path: ResourcePath, body: dict[str, Any], *,
              stored: Record | None, parent: Record) -> Record:
        raise NotImplementedError

    def before_create(self, reader: StoreReader, record: Record) -> None:
        """Quotas and uniqueness, checked inside the write transaction."""

    def comparable(self, body: dict[str, Any]) -> dict[str, Any]:
        """The body as compared against the mutability table."""
        return body

    def state_of(self, record: Record) -> str:
        """provisioningState on read: galleries and definitions complete on first read."""
        return "Succeeded"

    def present(self, record: Record, *, provisioning_state: str | None = None,
                expand: str | None = None) -> dict[str, Any]:
        body = record.body  # records are decoded afresh from the store on every read: ours to change
        body.setdefault("properties", {})["provisioningState"] = provisioning_state or self.state_of(record)
        # ARM's systemData: creation survives in-place updates, so clients can tell update from replace.
        body["systemData"] = {"createdAt": iso(record.created_at), "lastModifiedAt": iso(record.updated_at)}
        return body

    # Flow ---------------------------------------------------------------------------------------
    def check_names(self, path: ResourcePath) -> None:
        check_name("resourceGroupName", path.resource_group)
        for kind, name in zip(self.name_kinds, path.names):
            check_name(kind, name)

    def put(self, path: ResourcePath, body: Any) -> Outcome:
        """Create (201) or replace (200)."""
        self.check_names(path)
        body = require_object(body)
        validate_schema(self.model, body)
        with self.ctx.store.transaction() as tx:
            parent = self.require_parent(tx, path)
            stored = tx.get(key_of(self.resource_id(path)))
            return self._write(tx, path, body, stored=stored, parent=parent)

    def patch(self, path: ResourcePath, patch: Any) -> Outcome:
        """Merge-patch the stored resource, then validate the result as a whole."""
        self.check_names(path)
        patch = require_object(patch)
        with self.ctx.store.transaction() as tx:
            parent = self.require_parent(tx, path)
            stored = tx.get(key_of(self.resource_id(path)))
            if stored is None:
                raise self.not_found(path)
            merged = merge_patch(strip_read_only(stored.body), patch)
            validate_schema(self.model, merged)
            return self._write(tx, path, merged, stored=stored, parent=parent)

    def _write(self, tx: StoreWriter, path: ResourcePath, body: dict[str, Any], *,
               stored: Record | None, parent: Record) -> Outcome:
        record = self.build(tx, path, body, stored=stored, parent=parent)
        if stored is not None:
            check_unchanged(self.mutability, self.comparable(stored.body), self.comparable(record.body))
        else:
            self.before_create(tx, record)
        try:
            tx.put(record)
        except IdentifierTaken:
            raise Conflict("An image definition with the same publisher, offer and sku already exists "
                           "in this gallery.", target="properties.identifier") from None
        action = "update" if stored else "create"
        operation = self.ctx.new_operation(tx, subscription=path.subscription, location=record.location or "",
                                           record_key=record.key, action=action, kind=self.kind)
        state = "Updating" if stored else "Creating"
        return Outcome(200 if stored else 201, self.present(record, provisioning_state=state), operation)

    def get(self, path: ResourcePath, *, expand: str | None = None) -> dict[str, Any]:
        """The resource, or ResourceNotFound / ParentResourceNotFound."""
        record = self.ctx.store.get(key_of(self.resource_id(path)))
        if record is None:
            self.require_parent(self.ctx.store, path)
            raise self.not_found(path)
        return self.present(record, expand=expand)

    def delete(self, path: ResourcePath) -> Outcome:
        """202 with an operation, or 204 when there was nothing to delete."""
        with self.ctx.store.transaction() as tx:
            stored = tx.get(key_of(self.resource_id(path)))
            if stored is None:
                return Outcome(204, None)
            self.check_delete(tx, stored)
            tx.delete(stored.key)
            delete_role_assignments_within(tx, self.resource_id(path))
            operation = self.ctx.new_operation(tx, subscription=path.subscription,
                                               location=stored.location or "", record_key=stored.key,
                                               action="delete", kind=self.kind)
        return Outcome(202, None, operation)

    def check_delete(self, reader: StoreReader, record: Record) -> None:
        """Refuse to delete a resource that still has children."""

    def list(self, path: ResourcePath, *, after: str | None, top: int | None) -> Page:
        """One page of the resources under `path` (the parent)."""
        parent = self.require_parent(self.ctx.store, ResourcePath(path.subscription, path.resource_group,
                                                                  path.names + ("",)))
        limit = self.ctx.page_limit(top)
        records = self.ctx.store.list_children(parent.key, self.kind, after=after, limit=limit + 1)
        return self.page(records, limit)

    def page(self, records: Sequence[Record], limit: int) -> Page:
        """Presented items plus the continuation key when there are more."""
        more = len(records) > limit
        records = records[:limit]
        return Page([self.present(r) for r in records], records[-1].key if more else None)

    def not_found(self, path: ResourcePath) -> ResourceNotFound:
        names = "/".join(path.names)
        return ResourceNotFound(f"The Resource '{self.resource_type}/{names}' under resource group "
                                f"'{path.resource_group}' was not found.", target=self.resource_type)


def parent_not_found(kind: str, name: str) -> ParentResourceNotFound:
    """ARM's error when the enclosing resource of a request is missing."""
    return ParentResourceNotFound(f"Can not perform requested operation on nested resource. Parent "
                                  f"resource '{name}' of type '{kind}' not found.", target=kind)
