"""The notifications domain's routes: the caller's inbox. The rules (own notifications
only, unread first) are ``services.notifications``'s."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, SessionDep
from api.errors import problem_responses
from schemas.notifications import InboxOut, NotificationOut, ReadAllOut
from services import notifications

router = APIRouter(prefix="/api/v1", tags=["notifications"])


@router.get("/me/notifications", response_model=InboxOut, responses=problem_responses(401, 422))
async def inbox(
    user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> InboxOut:
    """The caller's notifications, unread first, then newest first."""
    return await notifications.inbox(session, user, limit=limit, offset=offset)


@router.post(
    "/me/notifications/read-all",
    response_model=ReadAllOut,
    responses=problem_responses(401),
)
async def read_all(user: CurrentUser, session: SessionDep) -> ReadAllOut:
    """Mark every unread notification of the caller read."""
    return await notifications.mark_all_read(session, user)


@router.post(
    "/me/notifications/{notification_id}/read",
    response_model=NotificationOut,
    responses=problem_responses(401, 404, 422),
)
async def read_one(
    notification_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> NotificationOut:
    """Mark one of the caller's notifications read; another user's is not found."""
    return await notifications.mark_read(session, user, notification_id)
