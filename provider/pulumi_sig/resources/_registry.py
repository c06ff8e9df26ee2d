"""Which provider serves which resource: by ARM id (imports) and by Pulumi type token."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.image_source import SOURCE_TYPES
from pulumi_sig.resources._ids import parse_arm_id

TYPE_PACKAGE = "pulumi-python:dynamic/sig"  # each resource's type: f"{TYPE_PACKAGE}:{class name}"
LEGACY_TYPE = "pulumi-python:dynamic:Resource"  # every resource's type before 0.2 (kept as an alias)


def provider_class_for_id(arm_id: str) -> Any:
    """The provider class of the resource type an ARM id names."""
    from pulumi_sig.resources.gallery import GalleryProvider
    from pulumi_sig.resources.image_definition import ImageDefinitionProvider
    from pulumi_sig.resources.image_source import ImageSourceProvider
    from pulumi_sig.resources.image_version import ImageVersionProvider
    from pulumi_sig.resources.resource_group import ResourceGroupProvider

    from pulumi_sig.resources.role_assignment import ASSIGNMENTS, RoleAssignmentProvider

    if ASSIGNMENTS in arm_id.lower():  # an extension resource: checked before the scope it sits on
        return RoleAssignmentProvider
    parts = parse_arm_id(arm_id)
    if "versions" in parts:
        return ImageVersionProvider
    if "galleries" in parts:
        return ImageDefinitionProvider if "images" in parts else GalleryProvider
    if any(kind.lower() in parts for kind in SOURCE_TYPES):
        return ImageSourceProvider
    if "resourcegroups" in parts and "provider" not in parts:
        return ResourceGroupProvider
    return None


def reader_for_id(arm_id: str, config: dict[str, Any]) -> Any:
    """A configured provider for importing the resource an ARM id names."""
    from pulumi.dynamic import ConfigureRequest
    from pulumi.dynamic.config import Config
    from pulumi.metadata import get_project

    from pulumi_sig.resources._base import SigProviderError

    provider_class = provider_class_for_id(arm_id)
    if provider_class is None:
        raise SigProviderError(f"InvalidImportId: '{arm_id}' is not the ARM id of a resource pulumi-sig "
                               "manages (resource group, gallery, image definition, image version, image source "
                               "or role assignment)")
    provider = provider_class()
    provider.configure(ConfigureRequest(Config(raw_config=config, project_name=get_project())))
    return provider


def is_refusal(error: BaseException) -> bool:
    """Errors told as one line instead of a traceback: backend refusals and settings errors."""
    from pulumi_sig.resources._base import SigProviderError

    return isinstance(error, SigProviderError)


def install_host_patches() -> bool:
    """Adapt the dynamic host of this process (if it is one) with pulumi-sig's hooks."""
    from pulumi_sig.resources._host import Hooks, install

    return install(Hooks(reader_for_id=reader_for_id, is_refusal=is_refusal))
