"""Resource group (Microsoft.Resources/resourceGroups)."""
from __future__ import annotations

from pulumi_sig.models.base import ArmModel, TrackedResource


class ResourceGroupProperties(ArmModel):
    """Read-only state of a resource group."""

    provisioning_state: str | None = None


class ResourceGroup(TrackedResource):
    """A resource group."""

    managed_by: str | None = None
    properties: ResourceGroupProperties | None = None
