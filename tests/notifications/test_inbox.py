"""The inbox: the caller's own notifications, unread first then newest, paginated; marking
one or all read touches only the caller's."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.base import utcnow
from db.models import Notification, User
from schemas.enums import Role
from tests.factories import auth_headers, create_token_user

ApiFactory = Callable[..., Any]


def _notice(user: User, subject: str, minutes_ago: int, read: bool = False) -> Notification:
    created = utcnow() - timedelta(minutes=minutes_ago)
    return Notification(
        user_id=user.id, dedupe_key=f"test:{uuid.uuid4()}", kind="test", subject=subject,
        body=subject, created_at=created, read_at=created if read else None,
    )  # fmt: skip


async def test_inbox_lists_unread_first_and_marks_only_own_notifications(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    async with sessionmaker() as session, session.begin():
        me = await create_token_user(session, Role.student)
        other = await create_token_user(session, Role.student)
        mine = [_notice(me, "old read", 50, read=True), _notice(me, "old unread", 40),
                _notice(me, "new read", 5, read=True), _notice(me, "new unread", 1)]  # fmt: skip
        theirs = _notice(other, "not yours", 2)
        session.add_all([*mine, theirs])
    api = await api_client_factory(settings)
    headers = auth_headers(settings, me)

    page = (await api.get("/api/v1/me/notifications?limit=3", headers=headers)).json()
    assert [n["subject"] for n in page["items"]] == ["new unread", "old unread", "new read"]
    assert (page["total"], page["unread"]) == (4, 2)
    rest = (await api.get("/api/v1/me/notifications?limit=3&offset=3", headers=headers)).json()
    assert [n["subject"] for n in rest["items"]] == ["old read"]
    bad = await api.get("/api/v1/me/notifications?limit=0", headers=headers)
    assert bad.status_code == 422

    stolen = await api.post(f"/api/v1/me/notifications/{theirs.id}/read", headers=headers)
    assert stolen.status_code == 404
    assert "not yours" not in stolen.text
    one = await api.post(f"/api/v1/me/notifications/{mine[1].id}/read", headers=headers)
    assert one.status_code == 200 and one.json()["read_at"] is not None
    everything = await api.post("/api/v1/me/notifications/read-all", headers=headers)
    assert everything.json() == {"marked_read": 1}
    after = (await api.get("/api/v1/me/notifications", headers=headers)).json()
    assert after["unread"] == 0
    theirs_now = (
        await api.get("/api/v1/me/notifications", headers=auth_headers(settings, other))
    ).json()
    assert theirs_now["unread"] == 1  # read-all touched only the caller's
    anonymous = await api.get("/api/v1/me/notifications")
    assert anonymous.status_code == 401
