"""Emulator-only admin routes: health, reset, stats and manual replication control."""
from __future__ import annotations

import os

from pulumi_sig.emulator.http_security import identity_proof
from pulumi_sig.emulator.http_support import ArmRequest, ArmResponse, arm_json, read_json, run_blocking
from pulumi_sig.emulator.router import ADMIN, RouteTable

routes = RouteTable()


@routes.get("/_emulator/health", api=ADMIN)
async def health(request: ArmRequest) -> ArmResponse:
    """Liveness; with ?challenge= and a token, the process id and an HMAC proving who answers."""
    body = request.service.health()
    challenge, token = request.query.get("challenge"), request.state.settings.auth_token
    body["authentication"] = "token" if token else "none"
    if challenge and token:
        pid = os.getpid()
        body.update(pid=pid, proof=identity_proof(token, challenge[:256], pid))
    return arm_json(body)


@routes.post("/_emulator/reset", api=ADMIN)
async def reset(request: ArmRequest) -> ArmResponse:
    await run_blocking(request.service.reset)
    request.state.stats.reset()
    return arm_json({"status": "reset"})


@routes.get("/_emulator/stats", api=ADMIN)
async def stats(request: ArmRequest) -> ArmResponse:
    return arm_json(request.state.stats.snapshot())


@routes.post("/_emulator/replication/advance", api=ADMIN)
async def advance_replication(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return arm_json(await run_blocking(request.service.advance_replication, body))
