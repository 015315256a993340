"""The learning domain's routes: the content of lessons, sections and quizzes (through the
content-access rule), progress posts and reads, quiz attempts, the next step, a course's
progression settings, learning events, achievements, certificates (list, PDF, public
verification), course thumbnails and course exports (IMS Common Cartridge).

The rules (access, progression, quiz policy, roll-ups, the completion rule and workflow,
grading, the xAPI export) are ``services.learning``'s; each route parses, authorises and
calls one of them. A learner's action the course's rules refuse answers 409 with
``blocking_reason`` and ``required_actions`` (``BlockedProblem``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, status
from fastapi.responses import RedirectResponse, Response

from api.deps import (
    AdminUser,
    CurrentUser,
    InstructorUser,
    SessionDep,
    SettingsDep,
    StorageDep,
    TemporalDep,
    VerifyWindowDep,
    client_address,
)
from api.errors import problem_responses
from schemas.catalog import LessonDetail, SectionDetail
from schemas.learning import (
    CARTRIDGE_MEDIA_TYPE,
    AchievementCode,
    AchievementDefinitionOut,
    AchievementIn,
    AchievementPatch,
    CertificateOut,
    CertificateVerificationOut,
    CourseLearnersOut,
    ExportOut,
    LearningEventsOut,
    MyAchievementsOut,
    MyProgressOut,
    NextStep,
    ProgressIn,
    ProgressionIn,
    ProgressionOut,
    ProgressOut,
    QuizAttemptIn,
    QuizAttemptOut,
    QuizOut,
    QuizResetIn,
    QuizStatusOut,
)
from services import learning

router = APIRouter(prefix="/api/v1")

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=200, description="replay-safe key"),
]


@router.post(
    "/progress",
    tags=["progress"],
    response_model=ProgressOut,
    responses=problem_responses(401, 403, 404, 422, blocked=True),
)
async def post_progress(
    body: ProgressIn,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
    idempotency_key: IdempotencyKey = None,
) -> ProgressOut:
    """Record progress on one section; a repeated Idempotency-Key is applied once. The
    answer carries the learner's ``next_step``; a lesson not open yet (``locked``,
    ``prerequisites_not_met``, ``mastery_not_achieved``) or a completion before the minimum
    time on the section (``insufficient_engagement``: the time is kept) answers 409."""
    return await learning.post_progress(
        session, temporal, settings, user, body, idempotency_key, commit=session.commit
    )


@router.get(
    "/me/progress",
    tags=["progress"],
    response_model=MyProgressOut,
    responses=problem_responses(401),
)
async def my_progress(user: CurrentUser, session: SessionDep) -> MyProgressOut:
    """The caller's progress per course (active and completed enrollments), per lesson, and
    totals: time spent, courses completed, average best quiz score."""
    return await learning.my_progress(session, user)


@router.get(
    "/me/next", tags=["progress"], response_model=NextStep, responses=problem_responses(401, 404)
)
async def my_next_step(
    user: CurrentUser,
    session: SessionDep,
    course_id: Annotated[
        uuid.UUID | None, Query(description="this course instead of the most recently active")
    ] = None,
) -> NextStep:
    """What to do next in the most recently active course (or ``course_id``), and the time
    the rest will take at the caller's pace."""
    return await learning.my_next_step(session, user, course_id)


@router.get(
    "/courses/{course_id}/progress",
    tags=["progress"],
    response_model=CourseLearnersOut,
    responses=problem_responses(401, 403, 404),
)
async def course_progress(
    course_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> CourseLearnersOut:
    """Per-learner drill-down for the course's instructor (its author) and admins."""
    return await learning.course_learners(session, user, course_id)


@router.post(
    "/lessons/{lesson_id}/quiz-attempts",
    tags=["quizzes"],
    response_model=QuizAttemptOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 422, blocked=True),
)
async def submit_quiz_attempt(
    lesson_id: uuid.UUID,
    body: QuizAttemptIn,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
) -> QuizAttemptOut:
    """Graded on the server: score, attempt number, per-question right or wrong (the correct
    option and explanation once passed or on the last attempt) and the ``next_step``. The
    course's attempt limit and cool-down answer 409; after completion, attempts run in
    review mode and change no record."""
    return await learning.submit_quiz_attempt(
        session, temporal, settings, user, lesson_id, body, commit=session.commit
    )


@router.post(
    "/enrollments/{enrollment_id}/quiz-attempts/reset",
    tags=["quizzes"],
    response_model=QuizStatusOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def reset_quiz_attempts(
    enrollment_id: uuid.UUID, body: QuizResetIn, user: InstructorUser, session: SessionDep
) -> QuizStatusOut:
    """Give a learner a fresh set of graded attempts on one quiz (the course's author or an
    admin): the earlier attempts are kept but no longer count; the best score stays."""
    return await learning.reset_attempts(session, user, enrollment_id, body.lesson_id)


@router.get(
    "/lessons/{lesson_id}",
    tags=["content"],
    response_model=LessonDetail,
    responses=problem_responses(401, 404),
)
async def get_lesson(lesson_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> LessonDetail:
    """A lesson with its sections and quiz, or only its outline (see ``access``)."""
    return await learning.read_lesson(session, user, lesson_id)


@router.get(
    "/sections/{section_id}",
    tags=["content"],
    response_model=SectionDetail,
    responses=problem_responses(401, 404),
)
async def get_section(
    section_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> SectionDetail:
    """A section; ``body_markdown`` is null for a reader who sees the outline only."""
    return await learning.read_section(session, user, section_id)


@router.get(
    "/lessons/{lesson_id}/quiz",
    tags=["quizzes"],
    response_model=QuizOut,
    responses=problem_responses(401, 404),
)
async def get_quiz(lesson_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> QuizOut:
    """The quiz's policy, its questions (for readers of the lesson; keys for its managers)
    and the caller's attempts, remaining attempts and cool-down."""
    return await learning.read_quiz(session, user, lesson_id)


@router.get(
    "/courses/{course_id}/progression",
    tags=["progression"],
    response_model=ProgressionOut,
    responses=problem_responses(401, 404),
)
async def get_progression(
    course_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> ProgressionOut:
    """The course's progression rules: order, pass mark, mastery, minimum engagement, quiz
    attempt limit and cool-down, free previews and lesson prerequisites."""
    return await learning.progression_settings(session, user, course_id)


@router.patch(
    "/courses/{course_id}/progression",
    tags=["progression"],
    response_model=ProgressionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_progression(
    course_id: uuid.UUID, body: ProgressionIn, user: InstructorUser, session: SessionDep
) -> ProgressionOut:
    """Change the fields sent (its author or an admin); ``null`` turns a limit off."""
    return await learning.update_progression(session, user, course_id, body)


@router.get(
    "/learning-events",
    tags=["learning-events"],
    response_model=LearningEventsOut,
    responses=problem_responses(401, 403, 422),
)
async def export_learning_events(
    _admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
    course_id: uuid.UUID | None = None,
    since: Annotated[datetime | None, Query(description="inclusive, ISO 8601 with offset")] = None,
    until: Annotated[datetime | None, Query(description="exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: str | None = None,
) -> LearningEventsOut:
    """xAPI statements in time order; pass ``next_cursor`` back as ``cursor`` for the next
    page."""
    return await learning.export_learning_events(
        session, settings, course_id=course_id, since=since, until=until, limit=limit,
        cursor=cursor,
    )  # fmt: skip


# --- achievements -------------------------------------------------------------------------
@router.get(
    "/me/achievements",
    tags=["achievements"],
    response_model=MyAchievementsOut,
    responses=problem_responses(401),
)
async def my_achievements(user: CurrentUser, session: SessionDep) -> MyAchievementsOut:
    """Achievements earned, and the ones not earned yet with the progress toward each
    (closest first)."""
    return await learning.my_achievements(session, user)


@router.get(
    "/achievements",
    tags=["achievements"],
    response_model=list[AchievementDefinitionOut],
    responses=problem_responses(401, 403),
)
async def list_achievements(
    _admin: AdminUser, session: SessionDep
) -> list[AchievementDefinitionOut]:
    """Every definition, active or not (admins)."""
    return await learning.list_definitions(session)


@router.post(
    "/achievements",
    tags=["achievements"],
    response_model=AchievementDefinitionOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_achievement(
    body: AchievementIn, _admin: AdminUser, session: SessionDep
) -> AchievementDefinitionOut:
    """A new definition; ``criteria`` is one of the criteria kinds (``kind`` chooses)."""
    return await learning.create_definition(session, body)


@router.patch(
    "/achievements/{code}",
    tags=["achievements"],
    response_model=AchievementDefinitionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_achievement(
    code: Annotated[AchievementCode, Path()], body: AchievementPatch, _admin: AdminUser,
    session: SessionDep,
) -> AchievementDefinitionOut:  # fmt: skip
    """Change the fields sent; ``active: false`` retires it (awards made stay)."""
    return await learning.update_definition(session, code, body)


# --- certificates -------------------------------------------------------------------------
@router.get(
    "/me/certificates",
    tags=["certificates"],
    response_model=list[CertificateOut],
    responses=problem_responses(401),
)
async def my_certificates(user: CurrentUser, session: SessionDep) -> list[CertificateOut]:
    """The caller's certificates, newest first."""
    return await learning.my_certificates(session, user)


@router.get(
    "/me/certificates/{certificate_id}.pdf",
    tags=["certificates"],
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **problem_responses(401, 404, 422)},
)
async def certificate_pdf(
    certificate_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> Response:
    """One of the caller's certificates as a PDF."""
    body, filename = await learning.certificate_pdf(session, user, certificate_id)
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/certificates/verify/{code}",
    tags=["certificates"],
    response_model=CertificateVerificationOut,
    responses=problem_responses(404, 422, 429),
)
async def verify_certificate(
    code: Annotated[str, Path(min_length=1, max_length=64)],
    request: Request,
    session: SessionDep,
    window: VerifyWindowDep,
) -> CertificateVerificationOut:
    """Public: the holder's name, the course and the date of issue for a verification
    code, nothing else; any wrong code answers the same 404. Rate limited per client."""
    return await learning.verify_certificate(session, window, client_address(request), code)


# --- media --------------------------------------------------------------------------------
@router.get(
    "/courses/{course_id}/thumbnail",
    tags=["content"],
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}},
        307: {"description": "redirect to a pre-signed object-storage URL (S3)"},
        **problem_responses(401, 404, 422),
    },
)
async def course_thumbnail(
    course_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep,
    storage: StorageDep,
) -> Response:  # fmt: skip
    """The course's thumbnail for whoever may see its outline: a redirect to a pre-signed
    URL on S3, the bytes from local storage."""
    media = await learning.course_thumbnail(session, storage, settings, user, course_id)
    if media.url is not None:
        return RedirectResponse(media.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    return Response(media.body, media_type=media.media_type,
                    headers={"Cache-Control": "private, max-age=300"})  # fmt: skip


@router.post(
    "/courses/{course_id}/exports",
    tags=["content"],
    response_model=ExportOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 404, 422, 503),
)
async def start_course_export(
    course_id: uuid.UUID, user: InstructorUser, session: SessionDep, settings: SettingsDep,
    temporal: TemporalDep, response: Response,
) -> ExportOut:  # fmt: skip
    """Export the course as an IMS Common Cartridge 1.3 package (author or admin): 202 with
    the export's ID and status link; poll it for the download link."""
    export = await learning.start_export(
        session, temporal, settings, user, course_id, session.commit
    )
    response.headers["Location"] = export.status_url
    return export


@router.get(
    "/courses/{course_id}/exports",
    tags=["content"],
    response_model=list[ExportOut],
    responses=problem_responses(401, 403, 404, 422, 503),
)
async def list_course_exports(
    course_id: uuid.UUID, user: InstructorUser, session: SessionDep, settings: SettingsDep,
    temporal: TemporalDep, storage: StorageDep,
) -> list[ExportOut]:  # fmt: skip
    """The course's exports, newest first (author or admin), each with its status, expiry
    and, while it lasts, its download link. Expired packages are deleted from storage here."""
    return await learning.list_exports(session, temporal, storage, settings, user, course_id)


@router.get(
    "/courses/{course_id}/exports/{export_id}",
    tags=["content"],
    response_model=ExportOut,
    responses=problem_responses(401, 403, 404, 410, 422, 503),
)
async def get_course_export(
    course_id: uuid.UUID, export_id: uuid.UUID, user: InstructorUser, session: SessionDep,
    settings: SettingsDep, temporal: TemporalDep, storage: StorageDep,
) -> ExportOut:  # fmt: skip
    """The export's status (running, completed, failed) and, once completed, its download
    link: a pre-signed URL on S3, this API's download route on local storage."""
    return await learning.export_status(
        session, temporal, storage, settings, user, course_id, export_id
    )


@router.get(
    "/courses/{course_id}/exports/{export_id}/download",
    tags=["content"],
    response_class=Response,
    responses={
        200: {"content": {CARTRIDGE_MEDIA_TYPE: {}}},
        307: {"description": "redirect to a pre-signed object-storage URL (S3)"},
        **problem_responses(401, 403, 404, 410, 422),
    },
)
async def download_course_export(
    course_id: uuid.UUID, export_id: uuid.UUID, user: InstructorUser, session: SessionDep,
    settings: SettingsDep, storage: StorageDep,
) -> Response:  # fmt: skip
    """The stored package (``.imscc``, a zip) for the course's author or an admin."""
    found = await learning.download_export(session, storage, settings, user, course_id, export_id)
    if found.url is not None:
        return RedirectResponse(found.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    disposition = f'attachment; filename="{found.filename}"'
    return Response(
        found.body, media_type=found.media_type, headers={"Content-Disposition": disposition}
    )
