"""Course export to other LMSs: an IMS Common Cartridge 1.3 package (``cartridge``), built by
the ``CourseExportWorkflow`` (ID ``course-export-<course>-<export>``) and stored in object
storage under ``exports/<course>/<export>.imscc``.

**Who**: the package carries every lesson's content *and the quizzes' answer keys*, which the
content-access rule gives only to those who manage the course (its author and admins). So
starting an export, reading its status and downloading it are theirs; anyone else who may
see the course is refused (403), and a course they may not see does not exist (404), as for
every other route.

**Status**: the stored object is the durable fact (present: completed, even after Temporal
has forgotten the run); otherwise the run's state says running or failed, and an export ID
that names no run of this course is 404. Each export has a ``course_exports`` row (written
before its run starts), so ``GET /courses/{id}/exports`` lists them newest first.

**Expiry**: a package is kept ``COURSEFLOW_EXPORT_TTL_DAYS`` (7) days after it was
requested. Then its status and download answer **410 Gone** (the row stays, so an old link
says "expired" rather than "never existed"), and listing the course's exports deletes the
expired packages from object storage (``purged_at``). Nothing else deletes them: on S3 a
lifecycle rule on ``exports/`` is the backstop for courses nobody lists again.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
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
from db.base import utcnow
from db.models import Course, CourseExport, User
from db.queries.catalog import course_tree
from schemas.learning import (
    CARTRIDGE_MEDIA_TYPE,
    COURSE_EXPORT_WORKFLOW,
    CourseExportInput,
    CourseExportResult,
    ExportOut,
    ExportStatus,
)
from schemas.temporal import COURSE_ID, course_export_workflow_id
from services import catalog
from services.boundary import Commit
from services.errors import DomainError, Forbidden, NotFound, Unavailable
from services.learning.cartridge import build_package

log = get_logger("courseflow.learning.exports")


class ExportNotFound(NotFound):
    pass


class ExportForbidden(Forbidden):
    pass


class ExportExpired(DomainError):
    """The export's package passed its expiry and was (or is being) deleted."""

    status, slug, title = 410, "gone", "Gone"


class ExportFailed(DomainError):
    """The export's run failed (the CLI waits for it)."""

    status, slug, title = 502, "export-failed", "Export failed"


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
    session: AsyncSession, client: Client, settings: Settings, user: User,
    course_id: uuid.UUID, commit: Commit,
) -> ExportOut:  # fmt: skip
    """Start a new export run of the course; each request is a new export. Its row is
    committed first (the run's activity marks it stored); a start that fails removes it."""
    await exportable_course(session, user, course_id)
    export_id = uuid.uuid4()
    row = CourseExport(
        id=export_id, course_id=course_id, requested_by=user.id,
        key=export_key(course_id, export_id),
        expires_at=utcnow() + timedelta(days=settings.export_ttl_days),
    )  # fmt: skip
    session.add(row)
    await commit()
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
        await session.delete(row)
        await commit()
        raise Unavailable(f"cannot start the export: Temporal is unavailable ({exc})") from None
    log.info("export.started", course_id=str(course_id), export_id=str(export_id))
    return _out(row, "running")


def _out(row: CourseExport, status: ExportStatus, **more: object) -> ExportOut:
    return ExportOut.model_validate(
        {"id": row.id, "course_id": row.course_id, "status": status,
         "status_url": _base_url(row.course_id, row.id), "created_at": row.created_at,
         "expires_at": row.expires_at, "size_bytes": row.size_bytes, **more}
    )  # fmt: skip


def _expired(row: CourseExport | None) -> bool:
    return row is not None and row.expires_at is not None and row.expires_at <= utcnow()


async def _row(
    session: AsyncSession, course_id: uuid.UUID, export_id: uuid.UUID
) -> CourseExport | None:
    """The export's row (None for an export started before rows existed); 410 once expired."""
    row = await session.get(CourseExport, export_id)
    if row is not None and row.course_id != course_id:
        raise ExportNotFound("no such export of this course")
    if _expired(row):
        raise ExportExpired(
            "this export has expired and its package was deleted; start a new export"
        )
    return row


async def list_exports(
    session: AsyncSession, client: Client, storage: ObjectStorage, settings: Settings,
    user: User, course_id: uuid.UUID,
) -> list[ExportOut]:  # fmt: skip
    """The course's exports, newest first; expired packages are deleted from storage here."""
    await exportable_course(session, user, course_id)
    rows = await session.scalars(
        select(CourseExport)
        .where(CourseExport.course_id == course_id)
        .order_by(CourseExport.created_at.desc())
    )
    listed = []
    for row in rows:
        if _expired(row):
            if row.purged_at is None:
                await storage.delete(row.key)
                row.purged_at = utcnow()
                log.info("export.purged", course_id=str(course_id), export_id=str(row.id))
            listed.append(_out(row, "expired"))
        else:
            listed.append(await _status(client, storage, settings, row))
    await session.flush()
    return listed


async def _status(
    client: Client, storage: ObjectStorage, settings: Settings, row: CourseExport
) -> ExportOut:
    base = _base_url(row.course_id, row.id)
    if row.stored_at is not None or await storage.exists(row.key):
        url, ttl = await _link(storage, settings, row.key, base)
        return _out(row, "completed", download_url=url, expires_in=ttl)
    description = await _describe(client, row.course_id, row.id)
    if description.status == WorkflowExecutionStatus.RUNNING:
        return _out(row, "running")
    return _out(row, "failed", error=await _failure(client, row.course_id, row.id))


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
    row = await _row(session, course_id, export_id)
    if row is not None:
        return await _status(client, storage, settings, row)
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
    await _row(session, course_id, export_id)
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


# --- the CLI's side -------------------------------------------------------------------------
async def exporting_user(session: AsyncSession, course_id: uuid.UUID, email: str | None) -> User:
    """Who the CLI exports as: the account named, or else the course's author."""
    if email is not None:
        return await catalog.author_by_email(session, email)
    course = await session.get(Course, course_id)
    author = await session.get(User, course.author_id) if course is not None else None
    if author is None:
        raise catalog.CourseNotFound("no such course (or it has no author); name one with --as")
    return author


async def wait_for_export(client: Client, course_id: uuid.UUID, export_id: uuid.UUID) -> str:
    """Wait for the export's run; the stored package's key, or ``ExportFailed``."""
    handle = client.get_workflow_handle(
        course_export_workflow_id(course_id, export_id), result_type=CourseExportResult
    )
    try:
        result: CourseExportResult = await handle.result()
    except WorkflowFailureError as exc:
        raise ExportFailed(f"the export failed: {_root_cause(exc)}") from None
    except (RPCError, RuntimeError) as exc:
        raise Unavailable(f"cannot follow the export: Temporal is unavailable ({exc})") from None
    return result.key


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
    row = await session.get(CourseExport, input.export_id)
    if row is not None:
        row.stored_at, row.size_bytes = utcnow(), len(package.data)
        await session.flush()
    log.info("export.stored", course_id=str(course.id), export_id=str(input.export_id),
             size_bytes=len(package.data), lessons=package.lessons)  # fmt: skip
    return CourseExportResult(
        course_id=course.id, export_id=input.export_id, key=key,
        size_bytes=len(package.data), lessons=package.lessons, questions=package.questions,
    )  # fmt: skip
