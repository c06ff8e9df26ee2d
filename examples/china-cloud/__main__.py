"""The quickstart in the Azure China cloud: source region China East 2, replicated to China North 2.

Region names are accepted in both forms ("China East 2" or "chinaeast2") and never show as a diff.
Against real Azure China set `sig:cloud` to `china` and `sig:subscriptionId`; by default it runs
on the embedded emulator, which serves the China regions too.
"""
import pulumi

from pulumi_sig import (Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup,
                        TargetRegionArgs, get_latest_image_version)

source_region = pulumi.Config("sig").get("location") or "China East 2"
replica_region = "China North 2"

group = ResourceGroup("sig-china", location=source_region)
gallery = Gallery("chinaImages", resource_group_name=group.resource_group_name, location=source_region,
                  description="Golden images for Azure China")
definitions = {
    sku: ImageDefinition(f"windows-{sku}", resource_group_name=group.resource_group_name,
                         gallery_name=gallery.gallery_name, location=source_region, os_type="Windows",
                         os_state="Generalized", publisher="Contoso", offer="WindowsServer", sku=sku)
    for sku in ("2022-datacenter", "2025-datacenter")
}
base_image = ImageSource("windows-base-image", resource_group_name=group.resource_group_name,
                         location=source_region, os_type="Windows", disk_size_gb=127)
regions = [TargetRegionArgs(name=source_region, regional_replica_count=2),
           TargetRegionArgs(name=replica_region, regional_replica_count=1)]
versions = [
    ImageVersion(f"windows-2022-{name}", version_name=name, resource_group_name=group.resource_group_name,
                 gallery_name=gallery.gallery_name, image_name=definitions["2022-datacenter"].image_name,
                 location=source_region, source_id=base_image.id, target_regions=regions,
                 exclude_from_latest=excluded)
    for name, excluded in (("1.0.0", False), ("1.0.1", True))
]
latest = get_latest_image_version(group.resource_group_name, gallery.gallery_name,
                                  definitions["2022-datacenter"].image_name,
                                  depends_on=[v.id for v in versions])
pulumi.export("latestVersion", latest.apply(lambda v: v["name"] if v else None))
pulumi.export("replication", versions[0].replication)
