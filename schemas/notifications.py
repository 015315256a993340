"""Inputs of the shared notification activity, and the inbox's answers."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class NotifyUserInput(BaseModel):
    user_id: uuid.UUID
    kind: str = Field(max_length=64, description="e.g. enrollment.active, course.published")
    subject: str = Field(max_length=300)
    body: str
    # The same key on a retry (or a replayed workflow) finds the earlier notification.
    dedupe_key: str = Field(max_length=300)
    email: bool = True


class NotifyUserResult(BaseModel):
    notification_id: uuid.UUID
    emailed: bool


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None


class InboxOut(BaseModel):
    items: list[NotificationOut] = Field(description="unread first, then newest first")
    total: int
    unread: int
    limit: int
    offset: int


class ReadAllOut(BaseModel):
    marked_read: int
