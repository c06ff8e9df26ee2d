"""Routes of Microsoft.Authorization at any scope (tenant root, subscription, resource group, and a resource
up to three type/name pairs deep: gallery, definition, version), plus the admin route issuing test principals."""
from __future__ import annotations

from pulumi_sig.models.api_versions import ROLE_ASSIGNMENT_TYPE, ROLE_DEFINITION_TYPE
from pulumi_sig.models.authorization import arm_scope
from pulumi_sig.emulator.http_support import (ArmRequest, ArmResponse, arm_json, outcome_response, page_response,
                                              read_json, run_blocking)
from pulumi_sig.emulator.identity import DEFAULT_TENANT
from pulumi_sig.emulator.router import ADMIN, RouteTable
from pulumi_sig.emulator.service_authorization import OPERATOR, register_principal

routes = RouteTable()
_GROUP = "/subscriptions/{subscription}/resourcegroups/{resource_group}"
_RESOURCE = _GROUP + "/providers/{namespace}/{type1}/{name1}"
SCOPES = ("", "/subscriptions/{subscription}", _GROUP, _RESOURCE, _RESOURCE + "/{type2}/{name2}",
          _RESOURCE + "/{type2}/{name2}/{type3}/{name3}")
AUTHORIZATION = "/providers/microsoft.authorization"


def _scope(request: ArmRequest) -> str:
    """The scope an Authorization request is made at, in ARM's casing."""
    return arm_scope(request.path.split(AUTHORIZATION, 1)[0])


async def put_assignment(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    outcome = await run_blocking(lambda: request.service.authorization.put(
        _scope(request), request.params["assignment"], body, caller=request.principal or OPERATOR))
    return outcome_response(request, outcome)


async def get_assignment(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.authorization.get(_scope(request), request.params["assignment"]))


async def delete_assignment(request: ArmRequest) -> ArmResponse:
    return outcome_response(request, await run_blocking(request.service.authorization.delete, _scope(request),
                                                        request.params["assignment"]))


async def list_assignments(request: ArmRequest) -> ArmResponse:
    return page_response(request, request.service.authorization.list(_scope(request), request.query.get("$filter")))


async def list_definitions(request: ArmRequest) -> ArmResponse:
    page = request.service.authorization.list_definitions(_scope(request), request.query.get("$filter"))
    return page_response(request, page)


async def get_definition(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.authorization.get_definition(_scope(request), request.params["definition"]))


for _scope_template in SCOPES:
    _assignments = _scope_template + AUTHORIZATION + "/roleassignments"
    _definitions = _scope_template + AUTHORIZATION + "/roledefinitions"
    routes.put(_assignments + "/{assignment}", api=ROLE_ASSIGNMENT_TYPE)(put_assignment)
    routes.get(_assignments + "/{assignment}", api=ROLE_ASSIGNMENT_TYPE)(get_assignment)
    routes.delete(_assignments + "/{assignment}", api=ROLE_ASSIGNMENT_TYPE)(delete_assignment)
    routes.get(_assignments, api=ROLE_ASSIGNMENT_TYPE)(list_assignments)
    routes.get(_definitions, api=ROLE_DEFINITION_TYPE)(list_definitions)
    routes.get(_definitions + "/{definition}", api=ROLE_DEFINITION_TYPE)(get_definition)


@routes.post("/_emulator/principals", api=ADMIN)
async def create_principal(request: ArmRequest) -> ArmResponse:
    """A named test principal with an access token (and, optionally, role assignments made for it)."""
    body = await read_json(request)
    tenant = body.get("tenantId") if isinstance(body, dict) else None
    issuer = f"{request.base_url}/{tenant or DEFAULT_TENANT}/v2.0"
    answer = await run_blocking(lambda: register_principal(body, request.service.authorization,
                                                           key=request.state.settings.token_key, issuer=issuer))
    return arm_json(answer, 201)
