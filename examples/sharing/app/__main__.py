"""The app team's stack: signed in as its own principal, it reads the latest version of the platform's
shared definition and exports its id, the image reference a VM or scale set would use."""
import pulumi

from pulumi_sig import get_latest_image_version

config = pulumi.Config()
latest = get_latest_image_version(config.require("resourceGroupName"), config.require("galleryName"),
                                  config.get("imageName") or "ubuntu")
pulumi.export("imageReference", latest.apply(lambda version: version["id"] if version else None))
pulumi.export("imageVersion", latest.apply(lambda version: version["name"] if version else None))
