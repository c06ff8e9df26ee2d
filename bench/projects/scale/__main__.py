"""Benchmark stack: one gallery, `definitions` definitions with `versions` versions each."""
import pulumi

from pulumi_sig import Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup

config = pulumi.Config()
location = "westeurope"
group = ResourceGroup("rg", resource_group_name="bench-rg", location=location)
gallery = Gallery("gallery", resource_group_name=group.resource_group_name, gallery_name="benchGallery",
                  location=location)
source = ImageSource("source", resource_group_name=group.resource_group_name, source_name="bench-image",
                     location=location, os_type="Linux")
definitions = config.get_int("definitions")
versions = config.get_int("versions")
for d in range(10 if definitions is None else definitions):
    definition = ImageDefinition(f"def{d}", resource_group_name=group.resource_group_name,
                                 gallery_name=gallery.gallery_name, image_name=f"def{d}", location=location,
                                 os_type="Linux", os_state="Generalized", publisher="Bench",
                                 offer="Offer", sku=f"sku{d}")
    for v in range(10 if versions is None else versions):
        ImageVersion(f"def{d}-1.0.{v}", resource_group_name=group.resource_group_name,
                     gallery_name=gallery.gallery_name, image_name=definition.image_name,
                     version_name=f"1.0.{v}", location=location, source_id=source.id)
