"""Liveness and readiness."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from api.deps import StateDep
from api.errors import problem
from core.logging import get_logger

router = APIRouter(tags=["health"])
log = get_logger("courseflow.api.health")
READY_CHECK_TIMEOUT_S = 3.0


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    return Health(status="ok")


async def _check_database(state: StateDep) -> None:
    async with state.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def _check_temporal(state: StateDep) -> None:
    await state.temporal.service_client.check_health()


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"description": "a dependency is unreachable (problem+json naming it)"}},
)
async def readyz(state: StateDep) -> Readiness | JSONResponse:
    checks: dict[str, str] = {}
    for name, check in (("database", _check_database), ("temporal", _check_temporal)):
        try:
            await asyncio.wait_for(check(state), READY_CHECK_TIMEOUT_S)
            checks[name] = "ok"
        except Exception as exc:
            log.warning("readyz.check_failed", check=name, error_type=type(exc).__name__)
            checks[name] = "unreachable"
    failed = [name for name, result in checks.items() if result != "ok"]
    if failed:
        return problem(
            503, "not-ready", "Not ready", f"unreachable: {', '.join(failed)}", checks=checks
        )
    return Readiness(status="ready", checks=checks)
