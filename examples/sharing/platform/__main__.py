"""The platform team's stack: a gallery with one Ubuntu definition and version, shared with the app team's
principal at the gallery level (the seed: share at the gallery level, never single versions)."""
import pulumi

from pulumi_sig import Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup, RoleAssignment

config = pulumi.Config()
location = pulumi.Config("sig").get("location") or "westeurope"

group = ResourceGroup("platform-images", location=location)
gallery = Gallery("platformGallery", resource_group_name=group.resource_group_name, location=location,
                  description="Golden images, shared with the app teams")
ubuntu = ImageDefinition("ubuntu", resource_group_name=group.resource_group_name,
                         gallery_name=gallery.gallery_name, location=location, os_type="Linux",
                         os_state="Generalized", publisher="Contoso", offer="Ubuntu", sku="22_04")
base = ImageSource("ubuntu-base", resource_group_name=group.resource_group_name, location=location,
                   os_type="Linux")
ImageVersion("ubuntu-1.0.0", resource_group_name=group.resource_group_name, gallery_name=gallery.gallery_name,
             image_name=ubuntu.image_name, version_name="1.0.0", location=location, source_id=base.id)

# Reader on the gallery reaches its definitions and versions (the seed's sharing matrix); the app team can
# deploy from them and change nothing.
RoleAssignment("app-team-reads-images", scope=gallery.id, principal_id=config.require("appTeamPrincipalId"),
               role="Reader", principal_type="ServicePrincipal",
               description="The app team deploys VMs from the platform's golden images")

pulumi.export("resourceGroupName", group.resource_group_name)
pulumi.export("galleryName", gallery.gallery_name)
pulumi.export("galleryId", gallery.id)
