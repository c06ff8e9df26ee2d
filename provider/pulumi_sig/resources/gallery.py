"""Gallery: an Azure compute gallery (description and tags change in place)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from pulumi_sig.models.gallery import Gallery as GalleryModel
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.rules import Violation, location_violations
from pulumi_sig.resources._base import ArmProvider, SigProviderError, fetch_or_none
from pulumi_sig.resources._fields import Field, from_wire, get_path, region
from pulumi_sig.resources._inputs import ResourceArgs, SigResource


class GalleryProvider(ArmProvider):
    """Dynamic provider for Microsoft.Compute/galleries."""

    kind = ResourceKind.GALLERY
    model = GalleryModel
    fields = (
        Field("resource_group_name", None, names_resource=True),
        Field("gallery_name", None, names_resource=True),
        Field("location", "location", to_wire=region, from_wire=region),
        Field("description", "properties.description"),
        Field("tags", "tags"),
        # Private (default), Groups (direct sharing) or Community (see GallerySharing); fixed once created.
        Field("sharing_permissions", "properties.sharingProfile.permissions"),
    )
    name_kinds = {"resource_group_name": "resourceGroupName", "gallery_name": "galleryName"}
    outputs = ("provisioning_state", "unique_name")

    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "location": region(inputs.get("location") or self.settings.location)}

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        return location_violations(body["location"]) if body.get("location") else []

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        gallery = GalleryModel.model_validate(body)
        return self.client().galleries.create_or_update(
            inputs["resource_group_name"], inputs["gallery_name"], gallery).to_wire()

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        return fetch_or_none(lambda: self.client().galleries.get(
            inputs["resource_group_name"], inputs["gallery_name"]))

    def remove(self, inputs: dict[str, Any]) -> None:
        from pulumi_sig.client.errors import ConflictError

        try:
            self.client().galleries.delete(inputs["resource_group_name"], inputs["gallery_name"])
        except ConflictError as error:
            if error.code != "OperationNotAllowed" or "while it is shared" not in error.message:
                raise
            # Shared by something this stack does not manage (a GallerySharing of the stack is deleted first).
            raise SigProviderError(f"{error.code}: {error.message} No GallerySharing of this stack shares it: "
                                   "whoever shared it must reset its sharing (e.g. `az sig share reset "
                                   f"--gallery-name {inputs['gallery_name']} --resource-group "
                                   f"{inputs['resource_group_name']}`).") from None

    def children(self, inputs: dict[str, Any]) -> list[str]:
        """Its image definitions and every version under them."""
        from pulumi_sig.client.errors import ResourceNotFoundError

        client, group, gallery = self.client(), inputs["resource_group_name"], inputs["gallery_name"]
        try:
            definitions = client.image_definitions.list_by_gallery(group, gallery)
        except ResourceNotFoundError:
            return []
        found = []
        for definition in definitions:
            found.append(f"definition {definition.name}")
            found += [f"version {definition.name}/{version.name}"
                      for version in client.image_versions.list_by_image(group, gallery, definition.name)]
        return found

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**from_wire(self.fields, body),
                "provisioning_state": get_path(body, "properties.provisioningState"),
                "unique_name": get_path(body, "properties.identifier.uniqueName")}


@dataclass
class GalleryArgs(ResourceArgs):
    """Arguments of a Gallery.

    resource_group_name: the resource group (replaces).
    gallery_name: ARM name (default: the Pulumi resource name; replaces).
    location: region in either form (default: config `sig:location`; replaces).
    description: changes in place.  tags: change in place.
    sharing_permissions: "Groups" to share directly with subscriptions and tenants, "Community" to share with
        everyone (both through a GallerySharing); default private. Replaces (Azure cannot change it).
    """

    resource_group_name: pulumi.Input[str] | None = None
    gallery_name: pulumi.Input[str] | None = None
    location: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    tags: pulumi.Input[dict[str, str]] | None = None
    sharing_permissions: pulumi.Input[str] | None = None


class Gallery(SigResource):
    """An Azure compute gallery."""

    _sig_provider = GalleryProvider
    _sig_args = GalleryArgs
    _sig_name_input = "gallery_name"

    resource_group_name: pulumi.Output[str]
    gallery_name: pulumi.Output[str]
    location: pulumi.Output[str]
    description: pulumi.Output[Optional[str]]
    tags: pulumi.Output[Optional[dict[str, str]]]
    sharing_permissions: pulumi.Output[Optional[str]]
    provisioning_state: pulumi.Output[str]
    unique_name: pulumi.Output[str]
