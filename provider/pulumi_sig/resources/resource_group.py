"""ResourceGroup: an Azure resource group (only tags change in place)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.resource_group import ResourceGroup as ResourceGroupModel
from pulumi_sig.models.rules import Violation, location_violations
from pulumi_sig.resources._base import ArmProvider, fetch_or_none
from pulumi_sig.resources._fields import Field, from_wire, get_path, region
from pulumi_sig.resources._inputs import ResourceArgs, SigResource


class ResourceGroupProvider(ArmProvider):
    """Dynamic provider for Microsoft.Resources/resourceGroups."""

    kind = ResourceKind.RESOURCE_GROUP
    model = ResourceGroupModel
    fields = (
        Field("resource_group_name", None, names_resource=True),
        Field("location", "location", to_wire=region, from_wire=region),
        Field("tags", "tags"),
    )
    name_kinds = {"resource_group_name": "resourceGroupName"}

    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "location": region(inputs.get("location") or self.settings.location)}

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        return location_violations(body["location"]) if body.get("location") else []

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        group = ResourceGroupModel.model_validate(body)
        return self.client().resource_groups.create_or_update(inputs["resource_group_name"], group).to_wire()

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        return fetch_or_none(lambda: self.client().resource_groups.get(inputs["resource_group_name"]))

    def remove(self, inputs: dict[str, Any]) -> None:
        self.client().resource_groups.delete(inputs["resource_group_name"])

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**from_wire(self.fields, body),
                "provisioning_state": get_path(body, "properties.provisioningState")}


@dataclass
class ResourceGroupArgs(ResourceArgs):
    """Arguments of a ResourceGroup.

    resource_group_name: the ARM name (default: the Pulumi resource name).
    location: region ("westeurope" or "West Europe"; default: config `sig:location`). Replaces.
    tags: tags; change in place.
    """

    resource_group_name: pulumi.Input[str] | None = None
    location: pulumi.Input[str] | None = None
    tags: pulumi.Input[dict[str, str]] | None = None


class ResourceGroup(SigResource):
    """An Azure resource group."""

    _sig_provider = ResourceGroupProvider
    _sig_args = ResourceGroupArgs
    _sig_name_input = "resource_group_name"

    resource_group_name: pulumi.Output[str]
    location: pulumi.Output[str]
    tags: pulumi.Output[Optional[dict[str, str]]]
    provisioning_state: pulumi.Output[str]
