"""A full enrollment through the API and the real workers: what the history and the logs
tests inspect afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload
from temporalio.api.history.v1 import History
from temporalio.client import Client

from core.settings import Settings
from db.models import Course, User
from db.session import transaction
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.factories import auth_headers, create_course
from tests.security.conftest import token_only_user
from worker import build_deps, build_workers


@dataclass
class SagaRun:
    student: User
    course: Course
    workflow_id: str
    history: History


async def run_priced_enrollment(
    api_factory: ApiFactory, settings: Settings, client: Client
) -> SagaRun:
    """Enroll a student with a unique name and e-mail in a priced course with a unique title."""
    deps = build_deps(settings)
    tag = uuid.uuid4().hex[:10]
    try:
        async with transaction(deps.sessionmaker) as session:
            author = await token_only_user(session, Role.instructor)
            student = await token_only_user(session, Role.student, full_name=f"Lin Private {tag}")
            student.email = f"lin.private.{tag}@example.org"
            course = await create_course(
                session, author, title=f"Confidential Course {tag}", price_cents=1500
            )
        api = await api_factory(settings, client)
        headers = auth_headers(settings, student)
        async with AsyncExitStack() as stack:
            for worker in build_workers(
                client, deps, task_queue=settings.task_queue, llm_task_queue=settings.llm_task_queue
            ):
                await stack.enter_async_context(worker)
            enrolled = await api.post(
                f"/api/v1/courses/{course.id}/enrollments",
                json={"payment_token": "tok_visa"},
                headers=headers,
            )
            assert enrolled.status_code in {200, 201, 202}, enrolled.text
            assert enrolled.json()["status"] == "active", enrolled.text
            # Cancel inside the refund window: charge, refund and notifications all ran.
            cancelled = await api.delete(
                f"/api/v1/enrollments/{enrolled.json()['id']}", headers=headers
            )
            assert cancelled.status_code in {200, 202}, cancelled.text
            handle = client.get_workflow_handle(enrolled.json()["workflow_id"])
            await handle.result()
    finally:
        await deps.engine.dispose()
    history = await handle.fetch_history()
    return SagaRun(student, course, handle.id, History(events=history.events))


def payloads_in(message: Message) -> Iterator[Payload]:
    """Every Payload nested anywhere in a proto message (inputs, results, memos, headers...)."""
    if isinstance(message, Payload):
        yield message
        return
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            values = list(value.values())
        elif isinstance(value, Message):
            values = [value]
        else:  # a repeated field
            values = list(value)
        for item in values:
            if isinstance(item, Message):
                yield from payloads_in(item)
