"""ImageDefinition: a gallery image definition (description, recommendations, end of life and
tags change in place; everything else replaces)."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from pulumi_sig.models.image_definition import GalleryImage
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.rules import Violation, definition_violations
from pulumi_sig.resources._base import ArmProvider, SigProviderError, fetch_or_none
from pulumi_sig.resources._fields import (ARCHITECTURE, HYPER_V_GENERATION, OS_STATE, OS_TYPE, Field, from_wire,
                                          get_path, region, utc_date)
from pulumi_sig.resources._inputs import ResourceArgs, SigResource



def _plan_to_wire(plan: dict[str, Any]) -> dict[str, Any]:
    return {key: plan.get(key) for key in ("name", "publisher", "product") if plan.get(key) is not None}


def _plan_from_wire(plan: dict[str, Any]) -> dict[str, Any]:
    return {key: plan.get(key) for key in ("name", "publisher", "product")}


def _features_to_wire(features: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in sorted(features.items())]


def _features_from_wire(features: list[dict[str, Any]]) -> dict[str, str]:
    return {str(item.get("name")): str(item.get("value")) for item in features if isinstance(item, dict)}


# (resource group, gallery, publisher, offer, sku) -> image name, for the definitions checked in
# this provider process (one per deployment): a triple names one definition of a gallery.
_TRIPLES: dict[tuple[str, ...], str] = {}
_TRIPLES_LOCK = threading.Lock()


class ImageDefinitionProvider(ArmProvider):
    """Dynamic provider for Microsoft.Compute/galleries/images."""

    kind = ResourceKind.IMAGE_DEFINITION
    model = GalleryImage
    fields = (
        Field("resource_group_name", None, names_resource=True),
        Field("gallery_name", None, names_resource=True),
        Field("image_name", None, names_resource=True),
        Field("location", "location", to_wire=region, from_wire=region),
        Field("os_type", "properties.osType", from_wire=OS_TYPE),
        Field("os_state", "properties.osState", from_wire=OS_STATE),
        Field("hyper_v_generation", "properties.hyperVGeneration", from_wire=HYPER_V_GENERATION),
        Field("publisher", "properties.identifier.publisher"),
        Field("offer", "properties.identifier.offer"),
        Field("sku", "properties.identifier.sku"),
        Field("description", "properties.description"),
        Field("eula", "properties.eula"),
        Field("privacy_statement_uri", "properties.privacyStatementUri"),
        Field("release_note_uri", "properties.releaseNoteUri"),
        Field("end_of_life_date", "properties.endOfLifeDate", from_wire=utc_date),
        Field("recommended_vcpus_min", "properties.recommended.vCPUs.min"),
        Field("recommended_vcpus_max", "properties.recommended.vCPUs.max"),
        Field("recommended_memory_min", "properties.recommended.memory.min"),
        Field("recommended_memory_max", "properties.recommended.memory.max"),
        Field("architecture", "properties.architecture", from_wire=ARCHITECTURE),
        Field("disallowed_disk_types", "properties.disallowed.diskTypes"),
        Field("purchase_plan", "properties.purchasePlan", to_wire=_plan_to_wire, from_wire=_plan_from_wire),
        Field("features", "properties.features", to_wire=_features_to_wire, from_wire=_features_from_wire),
        Field("tags", "tags"),
    )
    name_kinds = {"resource_group_name": "resourceGroupName", "gallery_name": "galleryName",
                  "image_name": "galleryImageName"}

    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {
            **inputs,
            "location": region(inputs.get("location") or self.settings.location),
            "os_type": OS_TYPE(inputs.get("os_type")),
            "os_state": OS_STATE(inputs.get("os_state")),
            # ARM's default: Hyper-V generation 1 (the seed: "Default is generation 1").
            "hyper_v_generation": HYPER_V_GENERATION(inputs.get("hyper_v_generation") or "V1"),
            "architecture": ARCHITECTURE(inputs.get("architecture")),
            "end_of_life_date": utc_date(inputs.get("end_of_life_date")),
        }

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        return definition_violations(body) if body.get("location") else []

    def stack_violations(self, inputs: dict[str, Any]) -> list[Violation]:
        """Two definitions of this deployment may not share a gallery's publisher/offer/sku."""
        parts = [inputs.get(k) for k in ("resource_group_name", "gallery_name", "publisher", "offer", "sku")]
        if not all(isinstance(part, str) for part in parts):
            return []
        key, name = tuple(str(part).lower() for part in parts), str(inputs.get("image_name"))
        with _TRIPLES_LOCK:
            owner = _TRIPLES.setdefault(key, name)
        if owner.lower() == name.lower():
            return []
        publisher, offer, sku = parts[2:]
        return [("properties.identifier.sku",
                 f"publisher/offer/sku {publisher}/{offer}/{sku} is also declared by image definition '{owner}' "
                 f"of gallery {parts[1]} in this stack; a gallery's definitions each need their own triple")]

    def children(self, inputs: dict[str, Any]) -> list[str]:
        return [f"version {version.name}" for version in self._versions(inputs)]

    def _versions(self, inputs: dict[str, Any]) -> list[Any]:
        from pulumi_sig.client.errors import ResourceNotFoundError

        try:
            return self.client().image_versions.list_by_image(*self._names(inputs))
        except ResourceNotFoundError:
            return []

    def collides(self, olds: dict[str, Any], news: dict[str, Any]) -> bool:
        same_gallery = all(olds.get(k) == news.get(k) for k in ("resource_group_name", "gallery_name"))
        same_triple = all(olds.get(k) == news.get(k) for k in ("publisher", "offer", "sku"))
        return super().collides(olds, news) or (same_gallery and same_triple)

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        return self.client().image_definitions.create_or_update(
            *self._names(inputs), GalleryImage.model_validate(body)).to_wire()

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        return fetch_or_none(lambda: self.client().image_definitions.get(*self._names(inputs)))

    def remove(self, inputs: dict[str, Any]) -> None:
        from pulumi_sig.client.errors import ConflictError

        try:
            self.client().image_definitions.delete(*self._names(inputs))
        except ConflictError:
            versions = [v.name for v in self._versions(inputs)]
            if not versions:
                raise
            raise SigProviderError(
                f"image definition {'/'.join(self._names(inputs))} was not deleted: it still has versions "
                f"{', '.join(sorted(versions))} that this stack does not manage (versions this stack "
                "manages are deleted before it). Delete or import them, then run the delete again.") from None

    @staticmethod
    def _names(inputs: dict[str, Any]) -> tuple[str, str, str]:
        return inputs["resource_group_name"], inputs["gallery_name"], inputs["image_name"]

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**from_wire(self.fields, body),
                "provisioning_state": get_path(body, "properties.provisioningState")}


@dataclass
class ImageDefinitionArgs(ResourceArgs):
    """Arguments of an ImageDefinition.

    In place: description, end_of_life_date, recommended_vcpus_min/max, recommended_memory_min/max,
    tags. Everything else replaces (delete first when the name or publisher/offer/sku stays).
    os_type ("Linux"/"Windows") and os_state ("Generalized"/"Specialized") are required;
    hyper_v_generation defaults to "V1"; publisher/offer/sku are unique within a gallery.
    disallowed_disk_types: disk types VMs from this image may not use (e.g. ["Standard_LRS"]);
    purchase_plan: {"name", "publisher", "product"} of a Marketplace plan; features: e.g.
    {"SecurityType": "TrustedLaunch", "IsAcceleratedNetworkSupported": "true"}.
    A replace also replaces every version under the definition: preview warns, and
    `sig:allowCascadingReplace false` refuses it.
    """

    resource_group_name: pulumi.Input[str] | None = None
    gallery_name: pulumi.Input[str] | None = None
    image_name: pulumi.Input[str] | None = None
    location: pulumi.Input[str] | None = None
    os_type: pulumi.Input[str] | None = None
    os_state: pulumi.Input[str] | None = None
    hyper_v_generation: pulumi.Input[str] | None = None
    publisher: pulumi.Input[str] | None = None
    offer: pulumi.Input[str] | None = None
    sku: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    eula: pulumi.Input[str] | None = None
    privacy_statement_uri: pulumi.Input[str] | None = None
    release_note_uri: pulumi.Input[str] | None = None
    end_of_life_date: pulumi.Input[str] | None = None
    recommended_vcpus_min: pulumi.Input[int] | None = None
    recommended_vcpus_max: pulumi.Input[int] | None = None
    recommended_memory_min: pulumi.Input[int] | None = None
    recommended_memory_max: pulumi.Input[int] | None = None
    architecture: pulumi.Input[str] | None = None
    disallowed_disk_types: pulumi.Input[list[str]] | None = None
    purchase_plan: pulumi.Input[dict[str, str]] | None = None
    features: pulumi.Input[dict[str, str]] | None = None
    tags: pulumi.Input[dict[str, str]] | None = None


class ImageDefinition(SigResource):
    """A gallery image definition."""

    _sig_provider = ImageDefinitionProvider
    _sig_args = ImageDefinitionArgs
    _sig_name_input = "image_name"

    resource_group_name: pulumi.Output[str]
    gallery_name: pulumi.Output[str]
    image_name: pulumi.Output[str]
    location: pulumi.Output[str]
    os_type: pulumi.Output[str]
    os_state: pulumi.Output[str]
    hyper_v_generation: pulumi.Output[str]
    publisher: pulumi.Output[str]
    offer: pulumi.Output[str]
    sku: pulumi.Output[str]
    description: pulumi.Output[Optional[str]]
    end_of_life_date: pulumi.Output[Optional[str]]
    tags: pulumi.Output[Optional[dict[str, str]]]
    provisioning_state: pulumi.Output[str]
