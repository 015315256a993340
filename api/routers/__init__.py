"""One router module per resource; ``ROUTERS`` is what the app includes, in order."""

from fastapi import APIRouter

from api.routers import auth, health

ROUTERS: list[APIRouter] = [
    health.router,
    auth.router,
]
