"""Inputs of the shared notification activity."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


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
