"""Which provider serves which resource: by ARM id (imports) and by Pulumi type token."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.ids import classify_managed_id

TYPE_PACKAGE = "pulumi-python:dynamic/sig"  # each resource's type: f"{TYPE_PACKAGE}:{class name}"
LEGACY_TYPE = "pulumi-python:dynamic:Resource"  # every resource's type before 0.2 (kept as an alias)


def provider_classes() -> dict[str, Any]:
    """ResourceKind value -> the provider class that manages that kind."""
    from pulumi_sig.resources.gallery import GalleryProvider
    from pulumi_sig.resources.gallery_sharing import GallerySharingProvider
    from pulumi_sig.resources.image_definition import ImageDefinitionProvider
    from pulumi_sig.resources.image_source import ImageSourceProvider
    from pulumi_sig.resources.image_version import ImageVersionProvider
    from pulumi_sig.resources.resource_group import ResourceGroupProvider
    from pulumi_sig.resources.role_assignment import RoleAssignmentProvider

    classes = (ResourceGroupProvider, GalleryProvider, GallerySharingProvider, ImageDefinitionProvider,
               ImageVersionProvider, ImageSourceProvider, RoleAssignmentProvider)
    return {cls.kind.value: cls for cls in classes}


def provider_class_for_id(arm_id: str) -> Any:
    """The provider class of the resource an ARM id names exactly, or None."""
    managed = classify_managed_id(arm_id)
    return None if managed is None else provider_classes()[managed.kind]


def _class_name(provider_class: Any) -> str:
    return str(provider_class.__name__.removesuffix("Provider"))


def reader_for_id(arm_id: str, config: dict[str, Any], type_token: str | None = None) -> Any:
    """A configured provider for importing the resource an ARM id names, as the type being imported.

    type_token is the resource's type from its URN: one of ours must agree with the id (a gallery's id
    imported as an ImageDefinition is refused, not read as a gallery); the legacy shared type and an
    unknown one leave the choice to the id.
    """
    from pulumi.dynamic import ConfigureRequest
    from pulumi.dynamic.config import Config
    from pulumi.metadata import get_project

    from pulumi_sig.resources._base import SigProviderError

    provider_class = provider_class_for_id(arm_id)
    if provider_class is None:
        raise SigProviderError(f"InvalidImportId: '{arm_id}' is not the ARM id of a resource pulumi-sig "
                               "manages (resource group, gallery, gallery sharing ('<gallery id>/share'), image "
                               "definition, image version, image source or role assignment)")
    if type_token and type_token.startswith(f"{TYPE_PACKAGE}:"):
        wanted = type_token.split(":")[-1]
        if wanted != _class_name(provider_class):
            raise SigProviderError(f"InvalidImportId: '{arm_id}' is the id of a {_class_name(provider_class)}, "
                                   f"not of a {wanted}: import it as {TYPE_PACKAGE}:{_class_name(provider_class)}, "
                                   f"or give the id of the {wanted} to import")
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
