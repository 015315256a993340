"""``<data_dir>/stack.json``: where a running ``courseflow dev`` stack can be reached.

``courseflow dev`` writes it once its processes are up and removes it when it stops; every
other command reads it first (from ``--data-dir``, else ``COURSEFLOW_DATA_DIR``, else
``var/``), so a second terminal needs only the data dir to find the API, Temporal and the
database of the stack it belongs to. A setting given explicitly (an option or a
``COURSEFLOW_*`` variable) wins over the file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

STACK_FILE = "stack.json"

# stack.json field -> the Settings field it fills when the setting is not given explicitly.
STACK_SETTINGS = {
    "database_url": "database_url",
    "temporal_address": "temporal_address",
    "temporal_namespace": "temporal_namespace",
    "task_queue": "task_queue",
    "llm_task_queue": "llm_task_queue",
}


class StackFileInvalid(ValueError):
    """stack.json exists but cannot be read."""


class StackInfo(BaseModel):
    """What ``courseflow dev`` tells the other commands."""

    api_url: str
    temporal_address: str
    temporal_namespace: str
    temporal_ui_url: str | None = None
    database_url: str
    data_dir: str
    codec_key_file: str | None = None
    task_queue: str
    llm_task_queue: str
    pid: int
    started_at: datetime


def stack_path(data_dir: Path) -> Path:
    return data_dir / STACK_FILE


def write_stack(data_dir: Path, info: StackInfo) -> Path:
    """Atomically (a reader never sees half a file), readable by its owner only."""
    path = stack_path(data_dir)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(info.model_dump_json(indent=2) + "\n")
    tmp.chmod(0o600)
    tmp.replace(path)
    return path


def read_stack(data_dir: Path) -> StackInfo | None:
    path = stack_path(data_dir)
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StackFileInvalid(f"{path}: {exc.strerror}") from None
    try:
        return StackInfo.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        raise StackFileInvalid(f"{path} is not a courseflow stack file: {exc}") from None


def remove_stack(data_dir: Path, pid: int) -> None:
    """Remove the file if this process wrote it (a newer stack's file stays)."""
    try:
        info = read_stack(data_dir)
    except StackFileInvalid:
        return
    if info is not None and info.pid == pid:
        stack_path(data_dir).unlink(missing_ok=True)


def now() -> datetime:
    return datetime.now(UTC)
