"""Routes of the emulator as a cloud: metadata endpoints, subscriptions and tenants."""
from __future__ import annotations

from pulumi_sig.models.api_versions import SUBSCRIPTION_TYPE, TENANT_TYPE
from pulumi_sig.emulator.http_support import ArmRequest, ArmResponse, arm_json
from pulumi_sig.emulator.router import ADMIN, RouteTable
from pulumi_sig.emulator.service_cloud import cloud_metadata

routes = RouteTable()
METADATA_PATH = "/metadata/endpoints"


@routes.get(METADATA_PATH, api=ADMIN)  # any api-version: tools send 2019-05-01 or 2022-09-01
async def metadata_endpoints(request: ArmRequest) -> ArmResponse:
    return arm_json(cloud_metadata(request.base_url))


@routes.get("/subscriptions", api=SUBSCRIPTION_TYPE)
async def list_subscriptions(request: ArmRequest) -> ArmResponse:
    return arm_json({"value": request.service.subscriptions.visible()})


@routes.get("/subscriptions/{subscription}", api=SUBSCRIPTION_TYPE)
async def get_subscription(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.subscriptions.get(request.params["subscription"]))


@routes.get("/tenants", api=TENANT_TYPE)
async def list_tenants(request: ArmRequest) -> ArmResponse:
    return arm_json({"value": request.service.subscriptions.tenants()})
