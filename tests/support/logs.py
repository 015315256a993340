"""Capture the production (JSON) log set-up into a buffer, restoring the previous one."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import structlog
from temporalio import activity, workflow

from core.logging import configure_logging


@contextmanager
def captured_json_logs(monkeypatch: pytest.MonkeyPatch, level: str) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, structlog.get_config())
    saved_flags = (
        activity.logger.activity_info_on_message,
        workflow.logger.workflow_info_on_message,
    )
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    configure_logging(json=True, level=level)
    try:
        yield stream
    finally:
        root.handlers[:], root_level, config = saved
        root.setLevel(root_level)
        structlog.configure(**config)
        activity.logger.activity_info_on_message, workflow.logger.workflow_info_on_message = (
            saved_flags
        )
