"""No route of the API runs a dependency in FastAPI's thread pool.

A plain ``def`` dependency (or endpoint) is called through ``run_in_threadpool``: a thread hop
on every request, for what is usually a field read off the app state. The saga benchmark's
API profile showed three of them on every enrollment request.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.app import create_app
from core.settings import Settings


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield from _calls(sub)
        yield sub.call


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # app.include_router(...)
        if included is not None:
            yield from _api_routes(included.routes)


def _runs_in_thread_pool(call: Any) -> bool:
    if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
        return False
    # Security schemes (OAuth2PasswordBearer) are instances with an async __call__.
    return not inspect.iscoroutinefunction(type(call).__call__)


def test_every_dependency_and_endpoint_is_async(tmp_path: Any) -> None:
    app = create_app(Settings(environment="test", data_dir=tmp_path))
    routes = list(_api_routes(app.routes))
    assert len(routes) > 20  # the whole API, not an empty app
    offenders = sorted(
        {
            f"{route.path}: {getattr(call, '__qualname__', call)}"
            for route in routes
            for call in [route.endpoint, *_calls(route.dependant)]
            if _runs_in_thread_pool(call)
        }
    )
    assert offenders == []
