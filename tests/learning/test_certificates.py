"""Certificates: the holder's list, the PDF (parsed back), public verification that
reveals holder, course and date only, the same 404 for every wrong code, rate limited."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.base import utcnow
from db.models import Certificate, Enrollment, User
from schemas.enums import EnrollmentStatus, Role
from services import learning
from tests.factories import auth_headers, create_course, create_user
from tests.learning.support import create_enrollment

ApiFactory = Callable[..., Any]
HOLDER = "Zoë Ångström-Łukasiewicz"


async def _certified(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> tuple[User, User, Certificate]:
    async with sessionmaker() as session, session.begin():
        author = await create_user(session, Role.instructor)
        holder = await create_user(session, Role.student, full_name=HOLDER)
        stranger = await create_user(session, Role.student)
        course = await create_course(session, author, title="Bayesian Thinking")
        enrollment = await create_enrollment(
            session, course, holder, status=EnrollmentStatus.completed, completed_at=utcnow()
        )
        await learning.add_certificate(session, enrollment.id)
        await session.flush()
        certificate = await learning.certificate_of(session, enrollment.id)
        assert certificate is not None and isinstance(enrollment, Enrollment)
    return holder, stranger, certificate


async def test_the_holder_lists_and_downloads_a_pdf_with_their_name(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    holder, stranger, certificate = await _certified(sessionmaker)
    api = await api_client_factory(settings)
    listed = await api.get("/api/v1/me/certificates", headers=auth_headers(settings, holder))
    [item] = listed.json()
    assert (item["course_title"], item["verification_code"]) == (
        "Bayesian Thinking",
        certificate.verification_code,
    )
    pdf = await api.get(item["download_url"], headers=auth_headers(settings, holder))
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert HOLDER in text
    assert "Bayesian Thinking" in text and certificate.verification_code in text
    not_theirs = await api.get(item["download_url"], headers=auth_headers(settings, stranger))
    assert not_theirs.status_code == 404
    assert (await api.get("/api/v1/me/certificates",
                          headers=auth_headers(settings, stranger))).json() == []  # fmt: skip


async def test_verification_reveals_holder_course_and_date_only(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    holder, _, certificate = await _certified(sessionmaker)
    api = await api_client_factory(settings)
    code = certificate.verification_code
    found = await api.get(f"/api/v1/certificates/verify/{code.lower()}")  # no token needed
    assert found.status_code == 200
    assert found.json() == {
        "holder_name": HOLDER,
        "course_title": "Bayesian Thinking",
        "issued_on": certificate.issued_at.date().isoformat(),
    }
    wrong_digit = code[:-1] + ("0" if code[-1] != "0" else "1")
    answers = [
        await api.get(f"/api/v1/certificates/verify/{wrong}")
        for wrong in (wrong_digit, "not-a-code", "' OR 1=1 --")
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1  # one answer for every wrong code
    for answer in answers:
        assert HOLDER not in answer.text and "Bayesian" not in answer.text
        assert str(holder.id) not in answer.text and code not in answer.text


async def test_verification_is_rate_limited_per_client(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url, certificate_verify_per_minute=3)
    _, _, certificate = await _certified(sessionmaker)
    api = await api_client_factory(settings)
    url = f"/api/v1/certificates/verify/{certificate.verification_code}"
    statuses = [(await api.get(url)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = await api.get(url)
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert int(limited.headers["retry-after"]) >= 1
