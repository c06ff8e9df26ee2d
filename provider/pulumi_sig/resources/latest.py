"""The latest version of a definition, for programs: numeric MAJOR.MINOR.PATCH, exclude-aware."""
from __future__ import annotations

from typing import Any, Sequence

import pulumi

from pulumi_sig.resources._client_cache import client_for
from pulumi_sig.resources._settings import program_settings


def lookup_latest_image_version(resource_group_name: str, gallery_name: str, image_name: str, *,
                                skip_end_of_life: bool = False) -> dict[str, Any] | None:
    """{"name", "id", "location", "end_of_life_date"} of the latest version, or None."""
    client = client_for(program_settings())
    version = client.latest_version(resource_group_name, gallery_name, image_name,
                                    skip_end_of_life=skip_end_of_life)
    if version is None:
        return None
    profile = version.properties.publishing_profile
    eol = profile.end_of_life_date.isoformat() if profile and profile.end_of_life_date else None
    return {"name": version.name, "id": version.id, "location": version.location, "end_of_life_date": eol}


def get_latest_image_version(resource_group_name: pulumi.Input[str], gallery_name: pulumi.Input[str],
                             image_name: pulumi.Input[str], *, skip_end_of_life: bool = False,
                             depends_on: Sequence[pulumi.Input[Any]] = ()
                             ) -> pulumi.Output[dict[str, Any] | None]:
    """The latest version as an Output (resolved once its inputs are known), usable as an input.

    Versions marked exclude-from-latest are skipped; with skip_end_of_life, so are versions past
    their end-of-life date. 1.0.12 is later than 1.0.9. The lookup waits for `depends_on`
    (e.g. the ids of the versions the program creates).
    """
    return pulumi.Output.all(resource_group_name, gallery_name, image_name, *depends_on).apply(
        lambda values: lookup_latest_image_version(*values[:3], skip_end_of_life=skip_end_of_life))


def lookup_shared_image_version(location: str, gallery_name: str, image_name: str, *, community: bool = False,
                                skip_end_of_life: bool = False) -> dict[str, Any] | None:
    """The consumer's side: {"name", "id", "location"} of the latest version of a gallery shared with this
    stack's subscription or tenant (gallery_name: its unique name) or, with community, a community gallery
    (its public name). "id" is the version's /SharedGalleries/... (or /CommunityGalleries/...) id, the image
    reference a VM or scale set takes (sharedGalleryImageId / communityGalleryImageId)."""
    client = client_for(program_settings())
    version = client.shared_galleries.latest_version(location, gallery_name, image_name, community=community,
                                                     skip_end_of_life=skip_end_of_life)
    if version is None:
        return None
    return {"name": version.name, "id": version.identifier.unique_id if version.identifier else None,
            "location": version.location}


def get_shared_image_version(location: pulumi.Input[str], gallery_name: pulumi.Input[str],
                             image_name: pulumi.Input[str], *, community: bool = False,
                             skip_end_of_life: bool = False,
                             depends_on: Sequence[pulumi.Input[Any]] = ()) -> pulumi.Output[dict[str, Any] | None]:
    """lookup_shared_image_version as an Output, usable as a VM's image reference."""
    return pulumi.Output.all(location, gallery_name, image_name, *depends_on).apply(
        lambda values: lookup_shared_image_version(*values[:3], community=community,
                                                   skip_end_of_life=skip_end_of_life))


def lookup_community_image_version(location: str, public_gallery_name: str, image_name: str,
                                   version_name: str | None = None, *,
                                   skip_end_of_life: bool = False) -> dict[str, Any] | None:
    """Any Azure user's side of a community gallery, found by its public name ('<prefix>-<GUID>'): {"name", "id",
    "location", "public_gallery_name"} of the named version (else the latest), or None when the gallery, image
    or version is not (or no longer) shared with the community. "id" is its /CommunityGalleries/... id, a VM's
    imageReference.communityGalleryImageId."""
    from pulumi_sig.client.errors import ResourceNotFoundError

    shared = client_for(program_settings()).shared_galleries
    try:
        if version_name is None:
            version = shared.latest_version(location, public_gallery_name, image_name, community=True,
                                            skip_end_of_life=skip_end_of_life)
        else:
            version = shared.get_community_version(location, public_gallery_name, image_name, version_name)
    except ResourceNotFoundError:
        return None
    if version is None:
        return None
    return {"name": version.name, "id": version.identifier.unique_id if version.identifier else None,
            "location": version.location, "public_gallery_name": public_gallery_name}


def get_community_image_version(location: pulumi.Input[str], public_gallery_name: pulumi.Input[str],
                                image_name: pulumi.Input[str], version_name: pulumi.Input[str] | None = None, *,
                                skip_end_of_life: bool = False, depends_on: Sequence[pulumi.Input[Any]] = ()
                                ) -> pulumi.Output[dict[str, Any] | None]:
    """lookup_community_image_version as an Output: a community image version by the gallery's public name,
    usable as a VM's image reference (its "id")."""
    return pulumi.Output.all(location, public_gallery_name, image_name, version_name, *depends_on).apply(
        lambda values: lookup_community_image_version(*values[:4], skip_end_of_life=skip_end_of_life))
