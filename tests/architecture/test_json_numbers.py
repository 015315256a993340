"""Every number in an API answer is a JSON number.

Pydantic writes a bare ``Decimal`` as a JSON string ("33.33"); the API's decimals are
``schemas.numbers.JsonDecimal``, which writes a number. This walks every model any route
answers with (and the models inside them) and fails on a bare ``Decimal`` field, so a new
field cannot bring strings back.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, get_args, get_origin

from fastapi.routing import APIRoute
from pydantic import BaseModel, PlainSerializer

import api.routers
from schemas.numbers import JsonDecimal


def _bare_decimal(annotation: Any, metadata: list[Any]) -> bool:
    if annotation is Decimal:
        return not any(isinstance(m, PlainSerializer) for m in metadata)
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return _bare_decimal(base, [*metadata, *extra])
    return any(_bare_decimal(arg, []) for arg in get_args(annotation))


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models(arg)


def string_numbers(roots: list[type[BaseModel]]) -> list[str]:
    """``Model.field`` for every bare Decimal reachable from ``roots``."""
    found, seen, todo = [], set(), list(roots)
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            if _bare_decimal(field.annotation, list(field.metadata)):
                found.append(f"{model.__name__}.{name}")
            todo.extend(_models(field.annotation))
    return sorted(found)


def _answer_models() -> list[type[BaseModel]]:
    """The response models of every route of every router module."""
    routes = []
    for module in pkgutil.iter_modules(api.routers.__path__, "api.routers."):
        router = getattr(importlib.import_module(module.name), "router", None)
        routes += [r for r in getattr(router, "routes", []) if isinstance(r, APIRoute)]
    return [m for r in routes if r.response_model is not None for m in _models(r.response_model)]


def test_no_api_answer_writes_a_number_as_a_string() -> None:
    models = _answer_models()
    assert len(models) > 20
    assert string_numbers(models) == []


def test_the_check_finds_a_bare_decimal_however_deep() -> None:
    class Inner(BaseModel):
        cost: Decimal | None
        fine: JsonDecimal

    class Outer(BaseModel):
        percent: JsonDecimal
        items: list[Inner]

    assert string_numbers([Outer]) == ["Inner.cost"]
    assert Outer(percent=Decimal("33.33"), items=[]).model_dump_json() == (
        '{"percent":33.33,"items":[]}'
    )
