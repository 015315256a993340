"""Certificates: the holder's list, one certificate as a PDF, and public verification.

The PDF is drawn with fpdf2 in DejaVu Sans (shipped inside matplotlib, already a
dependency), so holder names outside Latin-1 print. Verification answers the holder's
name, the course's title and the date of issue — nothing else — and a code that is wrong
(unknown, or not even shaped like one) gets one and the same 404. Verification is rate
limited per client address by the caller's window (``core.security.FailureWindow``, kept
in the API process: every request counts).
"""

from __future__ import annotations

import re
import uuid
from functools import lru_cache
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.security import FailureWindow
from db.models import Certificate, User
from db.queries import learning as q
from schemas.learning import CertificateOut, CertificateVerificationOut
from services.errors import NotFound, RateLimited

CODE_SHAPE = re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){3}$")
PDF_MEDIA_TYPE = "application/pdf"


class CertificateNotFound(NotFound):
    pass


class VerificationNotFound(NotFound):
    """One answer for every wrong code: it reveals nothing."""


def _out(row: Certificate, course_title: str) -> CertificateOut:
    return CertificateOut(
        id=row.id, course_id=row.course_id, course_title=course_title,
        verification_code=row.verification_code, issued_at=row.issued_at,
        download_url=f"/api/v1/me/certificates/{row.id}.pdf",
    )  # fmt: skip


async def my_certificates(session: AsyncSession, user: User) -> list[CertificateOut]:
    return [_out(row, title) for row, title in await q.certificates_of(session, user.id)]


@lru_cache(maxsize=1)
def _font() -> Path | None:
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    return path if path.exists() else None


def render_pdf(holder: str, course_title: str, row: Certificate) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate: {course_title}")
    pdf.set_author("courseflow")
    pdf.add_page()
    font = _font()
    family = "DejaVu" if font is not None else "Helvetica"
    if font is not None:
        pdf.add_font("DejaVu", fname=str(font))
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    lines = [
        (30, "Certificate of completion", 20), (16, "This certifies that", 30),
        (30, holder, 20), (16, "has completed the course", 16), (24, course_title, 30),
        (12, f"Issued on {row.issued_at.date().isoformat()}", 10),
        (10, f"Verification code {row.verification_code}", 0),
    ]  # fmt: skip
    pdf.set_y(35)
    for size, text, gap in lines:
        pdf.set_font(family, size=size)
        pdf.multi_cell(0, size * 0.5, text, align="C")
        pdf.ln(gap * 0.5)
    return bytes(pdf.output())


async def certificate_pdf(
    session: AsyncSession, user: User, certificate_id: uuid.UUID
) -> tuple[bytes, str]:
    """The caller's certificate as a PDF and a file name; someone else's is not found."""
    found = await q.certificate_with_names(session, certificate_id=certificate_id)
    if found is None or found[0].user_id != user.id:
        raise CertificateNotFound("no certificate of yours with this ID")
    row, holder, title = found
    return render_pdf(holder, title, row), f"certificate-{row.verification_code}.pdf"


async def verify_certificate(
    session: AsyncSession, window: FailureWindow, client: str, code: str
) -> CertificateVerificationOut:
    """Holder, course and date for a valid code; throttled per client address."""
    wait = window.retry_after(client)
    if wait is not None:
        raise RateLimited("too many verification requests; try again later", wait)
    window.record(client)
    normalised = code.strip().upper()
    found = None
    if CODE_SHAPE.match(normalised):
        found = await q.certificate_with_names(session, code=normalised)
    if found is None:
        raise VerificationNotFound("no certificate has this verification code")
    row, holder, title = found
    return CertificateVerificationOut(
        holder_name=holder, course_title=title, issued_on=row.issued_at.date()
    )
