"""The FastAPI app factory. Long-lived clients are built once in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI
from temporalio.client import Client

from adapters.storage import make_storage
from api.errors import install_error_handlers
from api.middleware import install_middleware
from api.routers import ROUTERS
from api.routers.metrics import install_request_metrics
from api.state import AppState
from core.prometheus import worker_started, worker_stopped
from core.settings import Settings, get_settings
from core.telemetry import instrument_app
from core.temporal import connect
from db.session import make_engine, make_sessionmaker


def create_app(settings: Settings | None = None, *, temporal: Client | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.resolved_database_url, pool_size=settings.database_pool_size)
        # lazy: the API starts (and /readyz says why it is not ready) while Temporal is down.
        client = temporal or await connect(settings, lazy=True)
        app.state.courseflow = AppState(
            settings=settings,
            engine=engine,
            sessionmaker=make_sessionmaker(engine),
            temporal=client,
            make_storage=partial(make_storage, settings),
        )
        worker_started()
        try:
            yield
        finally:
            worker_stopped()
            await engine.dispose()

    app = FastAPI(
        title="courseflow",
        version="0.1.0",
        summary="Backend for AI-assisted learning platforms, on durable Temporal workflows.",
        lifespan=lifespan,
        docs_url="/docs",
    )
    install_error_handlers(app)
    install_middleware(app, settings)
    for router in ROUTERS:
        app.include_router(router)
    install_request_metrics(app)
    instrument_app(app, settings)
    return app
