"""ImageSource: a managed image, snapshot, disk or VM on the emulator, to make versions from.

On real Azure these come from elsewhere (a VM build pipeline, pulumi-azure-native); the emulator
needs them to exist, in the version's region and with a matching OS type and generation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from pulumi_sig.models.defaults import DEFAULT_HYPER_V_GENERATION
from pulumi_sig.models.image_source import ImageSource as ImageSourceModel
from pulumi_sig.models.image_source import ImageSourceType
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.rules import Violation, location_violations
from pulumi_sig.resources._base import ArmProvider, fetch_or_none
from pulumi_sig.resources._fields import (HYPER_V_GENERATION, OS_STATE, OS_TYPE, Field, from_wire, get_path,
                                          region)
from pulumi_sig.resources._inputs import ResourceArgs, SigResource

_KINDS = {kind.value.lower(): kind for kind in ImageSourceType}


def _data_disks_to_wire(sizes: list[int]) -> list[dict[str, int]]:
    return [{"lun": lun, "diskSizeGB": size} for lun, size in enumerate(sizes)]


def _data_disks_from_wire(disks: list[dict[str, Any]]) -> list[int]:
    return [disk.get("diskSizeGB", 0) for disk in sorted(disks, key=lambda d: d.get("lun", 0))]


class ImageSourceProvider(ArmProvider):
    """Dynamic provider for emulator image sources (Microsoft.Compute/images|snapshots|disks|virtualMachines)."""

    kind = ResourceKind.IMAGE_SOURCE
    model = ImageSourceModel
    fields = (
        Field("source_type", None, names_resource=True),
        Field("resource_group_name", None, names_resource=True),
        Field("source_name", None, names_resource=True),
        Field("location", "location", to_wire=region, from_wire=region),
        Field("os_type", "properties.osType", from_wire=OS_TYPE),
        Field("os_state", "properties.osState", from_wire=OS_STATE),
        Field("hyper_v_generation", "properties.hyperVGeneration", from_wire=HYPER_V_GENERATION),
        Field("disk_size_gb", "properties.diskSizeGB"),
        Field("data_disk_sizes_gb", "properties.dataDisks", to_wire=_data_disks_to_wire,
              from_wire=_data_disks_from_wire),
        Field("tags", "tags"),
    )
    name_kinds = {"resource_group_name": "resourceGroupName"}

    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        kind = inputs.get("source_type") or "images"
        return {**inputs, "source_type": _KINDS[kind.lower()].value if kind.lower() in _KINDS else kind,
                "location": region(inputs.get("location") or self.settings.location),
                "os_type": OS_TYPE(inputs.get("os_type")),
                "os_state": OS_STATE(inputs.get("os_state") or "Generalized"),
                "hyper_v_generation": HYPER_V_GENERATION(inputs.get("hyper_v_generation")
                                                         or DEFAULT_HYPER_V_GENERATION),
                "disk_size_gb": inputs.get("disk_size_gb") or 30,
                "data_disk_sizes_gb": inputs.get("data_disk_sizes_gb") or []}

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        found = location_violations(body["location"]) if body.get("location") else []
        if str(inputs.get("source_type")).lower() not in _KINDS:
            found.append(("source_type", f"'{inputs.get('source_type')}' is not one of {', '.join(_KINDS)}"))
        return found

    def _target(self, inputs: dict[str, Any]) -> tuple[ImageSourceType, str, str]:
        return _KINDS[inputs["source_type"].lower()], inputs["resource_group_name"], inputs["source_name"]

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        source = ImageSourceModel.model_validate(body)
        return self.client().image_sources.create_or_update(*self._target(inputs), source).to_wire()

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        return fetch_or_none(lambda: self.client().image_sources.get(*self._target(inputs)))

    def remove(self, inputs: dict[str, Any]) -> None:
        self.client().image_sources.delete(*self._target(inputs))

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**from_wire(self.fields, body),
                "provisioning_state": get_path(body, "properties.provisioningState")}


@dataclass
class ImageSourceArgs(ResourceArgs):
    """Arguments of an ImageSource (emulator only; any change replaces but tags).

    source_type: "images" (managed image, default), "snapshots", "disks" or "virtualMachines".
    os_type: "Linux"/"Windows"; os_state defaults to Generalized; hyper_v_generation to V1.
    disk_size_gb: OS disk size (default 30); data_disk_sizes_gb: sizes of data disks (LUN 0..n).
    """

    resource_group_name: pulumi.Input[str] | None = None
    source_name: pulumi.Input[str] | None = None
    source_type: pulumi.Input[str] | None = None
    location: pulumi.Input[str] | None = None
    os_type: pulumi.Input[str] | None = None
    os_state: pulumi.Input[str] | None = None
    hyper_v_generation: pulumi.Input[str] | None = None
    disk_size_gb: pulumi.Input[int] | None = None
    data_disk_sizes_gb: pulumi.Input[list[int]] | None = None
    tags: pulumi.Input[dict[str, str]] | None = None


class ImageSource(SigResource):
    """An image source on the emulator."""

    _sig_provider = ImageSourceProvider
    _sig_args = ImageSourceArgs
    _sig_name_input = "source_name"

    source_name: pulumi.Output[str]
    location: pulumi.Output[str]
    os_type: pulumi.Output[str]
    provisioning_state: pulumi.Output[Optional[str]]
