"""A gallery stack whose fields come from config, so each test changes exactly one of them."""
import json

import pulumi

from pulumi_sig import (Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup,
                        TargetRegionArgs, get_latest_image_version)

config = pulumi.Config()
location = config.get("location") or "westeurope"


def optional_json(key: str, default=None):
    raw = config.get(key)
    return json.loads(raw) if raw else default


group = ResourceGroup("rg", resource_group_name="sig-e2e-rg", location=location,
                      tags=optional_json("groupTags"))
gallery = Gallery("gallery", resource_group_name=group.resource_group_name, gallery_name="e2eGallery",
                  location=config.get("galleryLocation") or location,
                  description=config.get("galleryDescription") or "first")
source = ImageSource("source", resource_group_name=group.resource_group_name, source_name=config.get("sourceName") or "base-image",
                     location=location, os_type="Linux", disk_size_gb=config.get_int("sourceSize") or 30)
definition = ImageDefinition(
    "definition", resource_group_name=group.resource_group_name, gallery_name=gallery.gallery_name,
    image_name="ubuntu", location=location, os_type="Linux", os_state="Generalized",
    publisher="Contoso", offer=config.get("offer") or "UbuntuServer", sku="22_04",
    description=config.get("definitionDescription"), end_of_life_date=config.get("definitionEol"),
    recommended_vcpus_max=config.get_int("maxVcpus"))
regions = optional_json("regions", [[location, 1]])
version = ImageVersion(
    "version", resource_group_name=group.resource_group_name, gallery_name=gallery.gallery_name,
    image_name=definition.image_name, version_name=config.get("versionName") or "1.0.0",
    location=location, source_id=source.id,
    target_regions=[TargetRegionArgs(name=name, regional_replica_count=count) for name, count in regions],
    exclude_from_latest=config.get_bool("exclude") or False, end_of_life_date=config.get("versionEol"))

if config.get("importGallery"):
    Gallery("imported", resource_group_name=group.resource_group_name,
            gallery_name=config.get("importGallery"), location=location,
            description=config.get("importDescription"),
            opts=pulumi.ResourceOptions(import_=config.get("importId")))

if config.get("importDefinition"):
    ImageDefinition("importedDefinition", resource_group_name=group.resource_group_name,
                    gallery_name=gallery.gallery_name, image_name=config.get("importDefinition"),
                    location=location, os_type="Linux", os_state="Generalized", publisher="Hand",
                    offer="Made", sku="1", opts=pulumi.ResourceOptions(import_=config.get("importId")))

if config.get("importVersion"):
    ImageVersion("importedVersion", resource_group_name=group.resource_group_name,
                 gallery_name=gallery.gallery_name, image_name=definition.image_name,
                 version_name=config.get("importVersion"), location=location, source_id=source.id,
                 opts=pulumi.ResourceOptions(import_=config.get("importId")))

latest = get_latest_image_version(group.resource_group_name, gallery.gallery_name, definition.image_name,
                                  depends_on=[version.id])
pulumi.export("latest", latest.apply(lambda v: v["name"] if v else None))
pulumi.export("versionId", version.id)
pulumi.export("replication", version.replication)
