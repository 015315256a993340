"""One router module per domain (plus the cross-cutting ops routes: health, metrics, codec);
``ROUTERS`` is what the app includes, in order."""

from fastapi import APIRouter

from api.routers import (
    accounts,
    catalog,
    codec,
    enrollment,
    generation,
    health,
    learning,
    metrics,
    notifications,
    reports,
)

ROUTERS: list[APIRouter] = [
    health.router,
    metrics.router,
    accounts.router,
    codec.router,
    generation.router,
    catalog.router,
    enrollment.router,
    learning.router,
    notifications.router,
    reports.router,
]
