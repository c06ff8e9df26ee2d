"""Image definitions (Microsoft.Compute/galleries/images): publisher/offer/sku unique per gallery."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.base import HYPER_V_GENERATIONS, OS_STATES, OS_TYPES
from pulumi_sig.models.defaults import DEFAULT_HYPER_V_GENERATION
from pulumi_sig.models.errors import CannotDeleteResource, Conflict
from pulumi_sig.models.image_definition import GalleryImage
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.rules import DEFINITION_URI_FIELDS, definition_violations
from pulumi_sig.models.ids import gallery_id, image_id
from pulumi_sig.emulator.ids import key_of
from pulumi_sig.emulator.service_base import ResourcePath, TrackedService, parent_not_found
from pulumi_sig.emulator.service_common import (check_quota, json_copy, new_record, raise_violations,
                                                short_location)
from pulumi_sig.emulator.service_resource_groups import require_resource_group
from pulumi_sig.emulator.store import Record, StoreReader


def require_gallery(reader: StoreReader, path: ResourcePath) -> Record:
    """The gallery at path.names[0], or ResourceGroupNotFound / ParentResourceNotFound."""
    record = reader.get(key_of(gallery_id(path.subscription, path.resource_group, path.names[0])))
    if record is None:
        require_resource_group(reader, path.subscription, path.resource_group)
        raise parent_not_found("Microsoft.Compute/galleries", path.names[0])
    return record


class ImageDefinitionService(TrackedService):
    """Image definitions of a gallery."""

    kind = "image"
    mutability = ResourceKind.IMAGE_DEFINITION
    model = GalleryImage
    resource_type = "Microsoft.Compute/galleries/images"
    name_kinds = ("galleryName", "galleryImageName")

    def resource_id(self, path: ResourcePath) -> str:
        return image_id(path.subscription, path.resource_group, *path.names[:2])

    def require_parent(self, reader: StoreReader, path: ResourcePath) -> Record:
        return require_gallery(reader, path)

    def build(self, reader: StoreReader, path: ResourcePath, body: dict[str, Any], *,
              stored: Record | None, parent: Record) -> Record:
        # The seed's FAQ: a definition may be in another location than its gallery ("Yes, it is possible").
        location = short_location(body.get("location"))
        raise_violations(definition_violations(body))
        props = json_copy(body["properties"])
        props.pop("provisioningState", None)
        for field in DEFINITION_URI_FIELDS:
            if props.get(field) == "":
                del props[field]  # unset, so a later PUT without the field is no change
        props["osType"] = _canonical(props["osType"], OS_TYPES)
        props["osState"] = _canonical(props["osState"], OS_STATES)
        props["hyperVGeneration"] = _canonical(props.get("hyperVGeneration") or DEFAULT_HYPER_V_GENERATION,
                                               HYPER_V_GENERATIONS)
        wire: dict[str, Any] = {"id": stored.body["id"] if stored else self.resource_id(path),
                                "name": stored.body["name"] if stored else path.names[1],
                                "type": self.resource_type, "location": location}
        if body.get("tags") is not None:
            wire["tags"] = body["tags"]
        wire["properties"] = props
        record = new_record(key=key_of(wire["id"]), kind=self.kind, parent=parent.key,
                            subscription=path.subscription, location=location, body=wire, stored=stored,
                            now=self.ctx.clock())
        ident = props["identifier"]
        record.identifier = (ident["publisher"].lower(), ident["offer"].lower(), ident["sku"].lower())
        return record

    def before_create(self, reader: StoreReader, record: Record) -> None:
        check_quota(reader, subscription=record.subscription, kind=self.kind, location=record.location or "",
                    limit=self.ctx.settings.limits.definitions, label="image definitions")
        assert record.identifier is not None and record.parent is not None
        other = reader.find_identifier(record.parent, record.identifier)
        if other is not None and other.key != record.key:
            raise Conflict(f"Image definition '{other.body['name']}' of this gallery already has publisher, "
                           "offer and sku " + "/".join(record.identifier) + " (case-insensitive); the "
                           "triple must be unique within a gallery.", target="properties.identifier")

    def check_delete(self, reader: StoreReader, record: Record) -> None:
        count = reader.count_children(record.key)
        if count:
            raise CannotDeleteResource(f"Image definition '{record.body['name']}' still has {count} "
                                       "version(s); delete them first.", target="galleryImageName")


def _canonical(value: str, choices: tuple[str, ...]) -> str:
    return next((choice for choice in choices if choice.lower() == str(value).lower()), value)
