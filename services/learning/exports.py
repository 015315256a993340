"""Course export to other LMSs: an IMS Common Cartridge 1.3 package (``cartridge``), built by
the ``CourseExportWorkflow`` (ID ``course-export-<course>-<export>``) and stored in object
storage under ``exports/<course>/<export>.imscc``.

**Who**: the package carries every lesson's content *and the quizzes' answer keys*, which the
content-access rule gives only to those who manage the course (its author and admins). So
starting an export, reading its status and downloading it are theirs; anyone else who may
see the course is refused (403), and a course they may not see does not exist (404), as for
every other route.

**Status** needs no table: the stored object is the durable fact (present: completed, even
after Temporal has forgotten the run); otherwise the run's state says running or failed, and
an export ID that names no run of this course is 404.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import (
    Client,
    WorkflowExecutionDescription,
    WorkflowExecutionStatus,
    WorkflowFailureError,
)
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError, RPCStatusCode

from adapters.storage.port import ObjectNotFound, ObjectStorage
from core.logging import get_logger
from core.settings import Settings
from db.models import Course, User
from db.queries.catalog import course_tree
from schemas.learning import (
    CARTRIDGE_MEDIA_TYPE,
    COURSE_EXPORT_WORKFLOW,
    CourseExportInput,
    CourseExportResult,
    ExportOut,
)
from schemas.temporal import COURSE_ID, course_export_workflow_id
from services import catalog
from services.errors import Forbidden, NotFound, Unavailable
from services.learning.cartridge import build_package

log = get_logger("courseflow.learning.exports")


class ExportNotFound(NotFound):
    pass


class ExportForbidden(Forbidden):
    pass


class ExportCourseGone(NotFound):
    """The course was deleted before its export was built (the run fails, not retries)."""


def export_key(course_id: uuid.UUID, export_id: uuid.UUID) -> str:
    return f"exports/{course_id}/{export_id}.imscc"


def _base_url(course_id: uuid.UUID, export_id: uuid.UUID) -> str:
    return f"/api/v1/courses/{course_id}/exports/{export_id}"


async def exportable_course(session: AsyncSession, user: User, course_id: uuid.UUID) -> Course:
    """The course, when ``user`` manages it; 404 for a course they may not see."""
    course = await session.get(Course, course_id)
    if course is None or not catalog.can_read_course(user, course):
        raise catalog.CourseNotFound("no such course")
    if not catalog.can_manage_course(user, course):
        raise ExportForbidden(
            "only the course's instructor or an admin may export it (the package carries "
            "the quizzes' answer keys)"
        )
    return course


async def start_export(
    session: AsyncSession, client: Client, settings: Settings, user: User, course_id: uuid.UUID
) -> ExportOut:
    """Start a new export run of the course; each request is a new export."""
    await exportable_course(session, user, course_id)
    export_id = uuid.uuid4()
    attributes = TypedSearchAttributes([SearchAttributePair(COURSE_ID, str(course_id))])
    try:
        await client.start_workflow(
            COURSE_EXPORT_WORKFLOW,
            CourseExportInput(course_id=course_id, export_id=export_id, requested_by=user.id),
            id=course_export_workflow_id(course_id, export_id),
            task_queue=settings.task_queue,
            search_attributes=attributes,
            result_type=CourseExportResult,
        )
    except (RPCError, RuntimeError) as exc:  # RuntimeError: a lazy client's failed connect
        raise Unavailable(f"cannot start the export: Temporal is unavailable ({exc})") from None
    log.info("export.started", course_id=str(course_id), export_id=str(export_id))
    url = _base_url(course_id, export_id)
    return ExportOut(id=export_id, course_id=course_id, status="running", status_url=url)


async def _describe(
    client: Client, course_id: uuid.UUID, export_id: uuid.UUID
) -> WorkflowExecutionDescription:
    handle = client.get_workflow_handle(course_export_workflow_id(course_id, export_id))
    try:
        return await handle.describe()
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            raise ExportNotFound("no such export of this course") from None
        raise Unavailable(f"cannot read the export: Temporal is unavailable ({exc})") from None
    except RuntimeError as exc:  # a lazy client's failed connect
        raise Unavailable(f"cannot read the export: Temporal is unavailable ({exc})") from None


async def _failure(client: Client, course_id: uuid.UUID, export_id: uuid.UUID) -> str:
    handle = client.get_workflow_handle(course_export_workflow_id(course_id, export_id))
    try:
        await handle.result(follow_runs=False)
    except WorkflowFailureError as exc:
        return _root_cause(exc)
    return "the export ended without storing its package"


def _root_cause(error: BaseException) -> str:
    """The innermost failure's message ("Activity task failed" says nothing by itself)."""
    while isinstance(getattr(error, "cause", None), BaseException):
        error = error.cause  # type: ignore[attr-defined]
    return str(error)


async def _link(
    storage: ObjectStorage, settings: Settings, key: str, base: str
) -> tuple[str, int | None]:
    url = await storage.presigned_url(key, settings.s3_presign_ttl_s)
    if url is not None:
        return url, settings.s3_presign_ttl_s
    return f"{base}/download", None


async def export_status(
    session: AsyncSession, client: Client, storage: ObjectStorage, settings: Settings,
    user: User, course_id: uuid.UUID, export_id: uuid.UUID,
) -> ExportOut:  # fmt: skip
    """The export's status, with its download link once the package is stored."""
    await exportable_course(session, user, course_id)
    base, key = _base_url(course_id, export_id), export_key(course_id, export_id)
    out = ExportOut(id=export_id, course_id=course_id, status="running", status_url=base)
    if await storage.exists(key):
        url, ttl = await _link(storage, settings, key, base)
        return out.model_copy(
            update={"status": "completed", "download_url": url, "expires_in": ttl}
        )
    description = await _describe(client, course_id, export_id)
    if description.status == WorkflowExecutionStatus.RUNNING:
        return out
    error = await _failure(client, course_id, export_id)
    return out.model_copy(update={"status": "failed", "error": error})


@dataclass(frozen=True)
class Download:
    """Either a pre-signed URL to redirect to (S3), or the package's bytes."""

    media_type: str
    filename: str
    url: str | None = None
    body: bytes = b""


async def download_export(
    session: AsyncSession, storage: ObjectStorage, settings: Settings, user: User,
    course_id: uuid.UUID, export_id: uuid.UUID,
) -> Download:  # fmt: skip
    await exportable_course(session, user, course_id)
    key = export_key(course_id, export_id)
    filename = f"course-{course_id}-{export_id}.imscc"
    url = await storage.presigned_url(key, settings.s3_presign_ttl_s)
    if url is not None:
        if not await storage.exists(key):
            raise ExportNotFound("this export has no stored package (yet)")
        return Download(CARTRIDGE_MEDIA_TYPE, filename, url=url)
    try:
        return Download(CARTRIDGE_MEDIA_TYPE, filename, body=await storage.get(key))
    except ObjectNotFound:
        raise ExportNotFound("this export has no stored package (yet)") from None


# --- the activity's side ------------------------------------------------------------------
async def build_and_store(
    session: AsyncSession, storage: ObjectStorage, input: CourseExportInput
) -> CourseExportResult:
    """Read the course, build its package off the event loop, store it (same key on a
    retry: the write is idempotent)."""
    course = await course_tree(session, input.course_id)
    if course is None:
        raise ExportCourseGone(f"course {input.course_id} no longer exists")
    package = await asyncio.to_thread(build_package, course)
    key = export_key(input.course_id, input.export_id)
    await storage.put(key, package.data, CARTRIDGE_MEDIA_TYPE)
    log.info("export.stored", course_id=str(course.id), export_id=str(input.export_id),
             size_bytes=len(package.data), lessons=package.lessons)  # fmt: skip
    return CourseExportResult(
        course_id=course.id, export_id=input.export_id, key=key,
        size_bytes=len(package.data), lessons=package.lessons, questions=package.questions,
    )  # fmt: skip
