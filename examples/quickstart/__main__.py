"""Quickstart: a gallery with two definitions (same publisher and offer, different SKUs) and
versions replicated to two regions with different replica counts; one version is excluded from
latest, and the latest version is an output. Runs against the embedded emulator by default."""
import pulumi

from pulumi_sig import (Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup,
                        TargetRegionArgs, get_latest_image_version)

config = pulumi.Config()
location = pulumi.Config("sig").get("location") or "westeurope"
secondary = config.get("secondaryRegion") or "northeurope"

group = ResourceGroup("sig-quickstart", location=location, tags={"team": "platform"})
gallery = Gallery("platformImages", resource_group_name=group.resource_group_name,
                  location=location, description="Golden images for the platform team")

definitions = {
    sku: ImageDefinition(
        f"ubuntu-{sku}", resource_group_name=group.resource_group_name,
        gallery_name=gallery.gallery_name, location=location, os_type="Linux",
        os_state="Generalized", hyper_v_generation="V2", publisher="Contoso", offer="UbuntuServer",
        sku=sku, description=f"Ubuntu {sku} with the platform agent",
        recommended_vcpus_min=2, recommended_vcpus_max=16)
    for sku in ("22_04-lts", "24_04-lts")
}

# The build pipeline's output; on real Azure this is a managed image made by Packer or similar.
base_image = ImageSource("ubuntu-base-image", resource_group_name=group.resource_group_name,
                         location=location, os_type="Linux", hyper_v_generation="V2", disk_size_gb=30)

regions = [TargetRegionArgs(name=location, regional_replica_count=2),
           TargetRegionArgs(name=secondary, regional_replica_count=1)]
versions = [
    ImageVersion(f"ubuntu-22_04-{name}", version_name=name,
                 resource_group_name=group.resource_group_name, gallery_name=gallery.gallery_name,
                 image_name=definitions["22_04-lts"].image_name, location=location,
                 source_id=base_image.id, target_regions=regions, exclude_from_latest=excluded)
    for name, excluded in (("1.0.9", False), ("1.0.12", False), ("1.1.0", True))
]

latest = get_latest_image_version(group.resource_group_name, gallery.gallery_name,
                                  definitions["22_04-lts"].image_name,
                                  depends_on=[v.id for v in versions])
pulumi.export("gallery", gallery.unique_name)
pulumi.export("latestVersion", latest.apply(lambda v: v["name"] if v else None))
pulumi.export("replication", versions[1].replication)
