"""Deterministic workflow definitions. ``ALL_WORKFLOWS`` is what the worker registers."""

from __future__ import annotations

from typing import Any

ALL_WORKFLOWS: list[type[Any]] = []
