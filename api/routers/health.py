"""Liveness and readiness (the checks are ``services.ops.readiness``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import StateDep
from api.errors import problem
from services import ops

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"description": "a dependency is unreachable (problem+json naming it)"}},
)
async def readyz(state: StateDep) -> Readiness | JSONResponse:
    checks = await ops.readiness(state.engine, state.temporal)
    failed = [name for name, result in checks.items() if result != "ok"]
    if failed:
        return problem(
            503, "not-ready", "Not ready", f"unreachable: {', '.join(failed)}", checks=checks
        )
    return Readiness(status="ready", checks=checks)
