"""Routes of the consumer's accept / reject of direct sharing: .../sharedGallerySubscriptions/{publisher
subscription}/sharedGalleries/{gallery}/accept|reject, under the consumer's subscription or tenant-level."""
from __future__ import annotations

from functools import partial

from pulumi_sig.models.api_versions import (SHARED_GALLERY_INVITE_TYPE, TENANT_SHARED_GALLERY_INVITE_TYPE,
                                            invite_done_status)
from pulumi_sig.emulator.http_support import ArmRequest, ArmResponse, outcome_response, run_blocking
from pulumi_sig.emulator.router import RouteTable
from pulumi_sig.emulator.service_authorization import OPERATOR
from pulumi_sig.emulator.service_common import Outcome

routes = RouteTable()
IN_SUBSCRIPTION = ("/subscriptions/{subscription}/providers/microsoft.compute/locations/{location}"
                   "/sharedgallerysubscriptions/{publisher}/sharedgalleries/{gallery_name}")
TENANT_LEVEL = ("/providers/microsoft.compute/locations/{location}/tenantlevelsharedgallerysubscriptions/{publisher}"
                "/sharedgalleries/{gallery_name}")


@routes.post(IN_SUBSCRIPTION + "/accept", api=SHARED_GALLERY_INVITE_TYPE)
async def accept_for_subscription(request: ArmRequest) -> ArmResponse:
    return await _answer(request, subscription=request.params["subscription"], accept=True)


@routes.post(IN_SUBSCRIPTION + "/reject", api=SHARED_GALLERY_INVITE_TYPE)
async def reject_for_subscription(request: ArmRequest) -> ArmResponse:
    return await _answer(request, subscription=request.params["subscription"], accept=False)


@routes.post(TENANT_LEVEL + "/accept", api=TENANT_SHARED_GALLERY_INVITE_TYPE)
async def accept_for_tenant(request: ArmRequest) -> ArmResponse:
    return await _answer(request, subscription=None, accept=True)


@routes.post(TENANT_LEVEL + "/reject", api=TENANT_SHARED_GALLERY_INVITE_TYPE)
async def reject_for_tenant(request: ArmRequest) -> ArmResponse:
    return await _answer(request, subscription=None, accept=False)


async def _answer(request: ArmRequest, *, subscription: str | None, accept: bool) -> ArmResponse:
    """Run the answer for the subscription (or, None, the caller's tenant); 204 instead of 200 from
    api-version 2025-12-03; the 202 with Location and Retry-After, as the spec declares."""
    params = request.params
    outcome = await run_blocking(partial(
        request.service.gallery_invites.answer, consumer_subscription=subscription,
        tenant=(request.principal or OPERATOR).tenant_id, location=params["location"],
        publisher_subscription=params["publisher"], gallery_name=params["gallery_name"], accept=accept))
    if outcome.status == 200 and invite_done_status(request.api_version) == 204:
        outcome = Outcome(204, None)
    response = outcome_response(request, outcome)
    if response.headers:
        response.headers.pop("Azure-AsyncOperation", None)
    return response
