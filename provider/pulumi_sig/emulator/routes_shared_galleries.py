"""Routes of the consumer's views: Microsoft.Compute/locations/{location}/sharedGalleries and communityGalleries."""
from __future__ import annotations

from pulumi_sig.models.api_versions import COMMUNITY_GALLERY_TYPE, SHARED_GALLERY_TYPE
from pulumi_sig.emulator.http_support import ArmRequest, ArmResponse, arm_json, page_response
from pulumi_sig.emulator.identity import Principal
from pulumi_sig.emulator.router import RouteTable
from pulumi_sig.emulator.service_authorization import OPERATOR

routes = RouteTable()
LOCATION = "/subscriptions/{subscription}/providers/microsoft.compute/locations/{location}"
SHARED = LOCATION + "/sharedgalleries"
COMMUNITY = LOCATION + "/communitygalleries/{public_name}"


def _where(request: ArmRequest) -> tuple[str, str]:
    return request.params["subscription"], request.params["location"]


def _caller(request: ArmRequest) -> Principal:
    return request.principal or OPERATOR


@routes.get(SHARED, api=SHARED_GALLERY_TYPE)
async def list_shared_galleries(request: ArmRequest) -> ArmResponse:
    page = request.service.shared_galleries.list_shared(*_where(request), request.query.get("sharedTo"),
                                                        _caller(request))
    return page_response(request, page)


@routes.get(SHARED + "/{unique_name}", api=SHARED_GALLERY_TYPE)
async def get_shared_gallery(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.shared_galleries.get_shared(*_where(request), request.params["unique_name"],
                                                                _caller(request)))


@routes.get(SHARED + "/{unique_name}/images", api=SHARED_GALLERY_TYPE)
async def list_shared_images(request: ArmRequest) -> ArmResponse:
    return page_response(request, request.service.shared_galleries.shared_images(
        *_where(request), request.params["unique_name"], _caller(request)))


@routes.get(SHARED + "/{unique_name}/images/{image}", api=SHARED_GALLERY_TYPE)
async def get_shared_image(request: ArmRequest) -> ArmResponse:
    params = request.params
    return arm_json(request.service.shared_galleries.shared_image(*_where(request), params["unique_name"],
                                                                  params["image"], _caller(request)))


@routes.get(SHARED + "/{unique_name}/images/{image}/versions", api=SHARED_GALLERY_TYPE)
async def list_shared_versions(request: ArmRequest) -> ArmResponse:
    params = request.params
    return page_response(request, request.service.shared_galleries.shared_versions(
        *_where(request), params["unique_name"], params["image"], _caller(request)))


@routes.get(SHARED + "/{unique_name}/images/{image}/versions/{version}", api=SHARED_GALLERY_TYPE)
async def get_shared_version(request: ArmRequest) -> ArmResponse:
    params = request.params
    return arm_json(request.service.shared_galleries.shared_version(
        *_where(request), params["unique_name"], params["image"], params["version"], _caller(request)))


@routes.get(COMMUNITY, api=COMMUNITY_GALLERY_TYPE)
async def get_community_gallery(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.shared_galleries.get_community(request.params["location"],
                                                                   request.params["public_name"]))


@routes.get(COMMUNITY + "/images", api=COMMUNITY_GALLERY_TYPE)
async def list_community_images(request: ArmRequest) -> ArmResponse:
    params = request.params
    return page_response(request, request.service.shared_galleries.community_images(params["location"],
                                                                                    params["public_name"]))


@routes.get(COMMUNITY + "/images/{image}", api=COMMUNITY_GALLERY_TYPE)
async def get_community_image(request: ArmRequest) -> ArmResponse:
    params = request.params
    return arm_json(request.service.shared_galleries.community_image(params["location"], params["public_name"],
                                                                     params["image"]))


@routes.get(COMMUNITY + "/images/{image}/versions", api=COMMUNITY_GALLERY_TYPE)
async def list_community_versions(request: ArmRequest) -> ArmResponse:
    params = request.params
    return page_response(request, request.service.shared_galleries.community_versions(
        params["location"], params["public_name"], params["image"]))


@routes.get(COMMUNITY + "/images/{image}/versions/{version}", api=COMMUNITY_GALLERY_TYPE)
async def get_community_version(request: ArmRequest) -> ArmResponse:
    params = request.params
    return arm_json(request.service.shared_galleries.community_version(
        params["location"], params["public_name"], params["image"], params["version"]))
