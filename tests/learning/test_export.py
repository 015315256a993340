"""Course export (IMS Common Cartridge 1.3): ``POST /courses/{id}/exports`` starts the
``CourseExportWorkflow`` on the real Temporal dev server and worker; the status answers a
download link once the package is stored (local storage: this API's route; S3 through a moto
server: a pre-signed URL). The package is parsed back — manifest, each lesson's page, each
QTI item's correct response — and compared with the database; the manifest and the quizzes
are validated with lxml against the hand-written XSD subsets in ``tests/data/imscc``.
"""

from __future__ import annotations

import asyncio
import io
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from lxml import etree
from lxml import html as lxml_html
from moto.server import ThreadedMotoServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core.settings import Settings
from db.models import Section
from schemas.enums import CourseStatus, EnrollmentStatus, Role
from services.learning.cartridge import build_package, render_markdown
from tests.learning.path_support import ApiFactory, LearnerPath, add_learner, secret, seed_path
from tests.learning.support import running_worker

XSD_DIR = Path(__file__).resolve().parents[1] / "data" / "imscc"
CP = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS = {"cp": CP, "q": QTI}
MANIFEST_XSD = etree.XMLSchema(etree.parse(str(XSD_DIR / "imscp_v1p1_cc13_subset.xsd")))
QTI_XSD = etree.XMLSchema(etree.parse(str(XSD_DIR / "ims_qtiasiv1p2_cc13_subset.xsd")))
RICH_BODY = (
    "## Why it matters\n\nA *list*:\n\n- first\n- second\n\n```\ncode & <script>x</script>\n```\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n"
)


# --- reading a package back ---------------------------------------------------------------
@dataclass
class ParsedQuestion:
    prompt: str
    options: list[str]
    answer_index: int


@dataclass
class ParsedLesson:
    title: str
    sections: list[tuple[str, str, str]]  # (section id hex, title, HTML text content)
    section_html: list[str] = field(default_factory=list)
    questions: list[ParsedQuestion] = field(default_factory=list)


def _qti_questions(document: bytes) -> list[ParsedQuestion]:
    root = etree.fromstring(document)
    QTI_XSD.assertValid(root)
    questions = []
    for item in root.iterfind(".//q:item", NS):
        labels = item.findall(".//q:response_label", NS)
        idents = [label.get("ident") for label in labels]
        correct = item.findtext(".//q:respcondition/q:conditionvar/q:varequal", namespaces=NS)
        questions.append(ParsedQuestion(
            prompt=item.findtext("q:presentation/q:material/q:mattext", namespaces=NS) or "",
            options=[lbl.findtext("q:material/q:mattext", namespaces=NS) or "" for lbl in labels],
            answer_index=idents.index(correct),
        ))  # fmt: skip
    return questions


def _lesson_page(document: bytes) -> ParsedLesson:
    page = lxml_html.fromstring(document)
    assert not page.xpath("//script"), "a lesson page carries a script element"
    sections = page.xpath("//section")
    return ParsedLesson(
        title=page.findtext(".//h1") or "",
        sections=[(s.get("id")[2:], s.findtext("h2") or "", s.text_content()) for s in sections],
        section_html=[lxml_html.tostring(s, encoding="unicode") for s in sections],
    )


def read_cartridge(data: bytes) -> list[ParsedLesson]:
    """The package's lessons in organization order, each with its page and quiz."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    MANIFEST_XSD.assertValid(manifest)
    resources = {
        r.get("identifier"): (r.get("type"), r.find("cp:file", NS).get("href"))
        for r in manifest.iterfind("cp:resources/cp:resource", NS)
    }
    lessons: list[ParsedLesson] = []
    root = manifest.find("cp:organizations/cp:organization/cp:item", NS)
    for item in root.iterfind("cp:item/cp:item", NS):  # module folders, then their items
        kind, href = resources[item.get("identifierref")]
        if kind == "webcontent":
            lessons.append(_lesson_page(archive.read(href)))
            assert lessons[-1].title == item.findtext("cp:title", namespaces=NS)
        else:
            assert kind == "imsqti_xmlv1p2/imscc_xmlv1p3/assessment"
            lessons[-1].questions = _qti_questions(archive.read(href))
    return lessons


def assert_matches_database(parsed: list[ParsedLesson], p: LearnerPath) -> None:
    assert [lesson.title for lesson in parsed] == [lesson.title for lesson in p.lessons]
    for got, lesson in zip(parsed, p.lessons, strict=True):
        sections: list[Section] = p.sections[lesson.id]
        assert [(s[0], s[1]) for s in got.sections] == [(s.id.hex, s.title) for s in sections]
        for (_, _, text), section in zip(got.sections, sections, strict=True):
            # The body's text survives rendering: all of it, as the markdown renders it.
            assert secret("BODY", p.course.id.hex[:8]) in text
            rendered = lxml_html.fromstring(f"<div>{render_markdown(section.body_markdown)}</div>")
            assert rendered.text_content().strip() in text
        questions = p.questions[lesson.id]
        assert [q.answer_index for q in got.questions] == [q.answer_index for q in questions]
        assert [q.prompt for q in got.questions] == [q.prompt for q in questions]
        assert [q.options for q in got.questions] == [list(q.options) for q in questions]


# --- the API and the workflow ----------------------------------------------------------------
async def _until_done(api: httpx.AsyncClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    for _ in range(300):
        answer = await api.get(url, headers=headers)
        assert answer.status_code == 200, answer.text
        if answer.json()["status"] != "running":
            return dict(answer.json())
        await asyncio.sleep(0.1)
    raise AssertionError(f"{url} still running")


async def _start(api: httpx.AsyncClient, p: LearnerPath, user: Any) -> httpx.Response:
    return await api.post(f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(user))


def _settings(make_settings: Callable[..., Settings], database_url: str, **extra: Any) -> Settings:
    queue = f"tq-{uuid.uuid4().hex}"
    return make_settings(
        database_url=database_url, task_queue=queue, llm_task_queue=f"{queue}-llm", **extra
    )


async def _rich_body(sessionmaker: async_sessionmaker[AsyncSession], p: LearnerPath) -> None:
    """One section gets headings, a list, code, a table and raw HTML (to be neutralised)."""
    section = p.sections[p.lessons[0].id][0]
    async with sessionmaker() as session, session.begin():
        row = await session.get(Section, section.id)
        assert row is not None
        row.body_markdown = section.body_markdown = row.body_markdown + "\n\n" + RICH_BODY


async def test_an_export_round_trips_through_the_workflow_and_local_storage(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory, dev_client: Client,
) -> None:  # fmt: skip
    settings = _settings(make_settings, database_url)
    p = await seed_path(sessionmaker, settings, marked=True)
    await _rich_body(sessionmaker, p)
    async with running_worker(dev_client, settings):
        api = await api_client_factory(settings, temporal=dev_client)
        started = await api.post(
            f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(p.author)
        )
        assert started.status_code == 202, started.text
        body = started.json()
        assert body["status"] == "running" and started.headers["Location"] == body["status_url"]
        done = await _until_done(api, body["status_url"], p.headers(p.author))
    assert done["status"] == "completed", done
    assert done["download_url"] == f"{body['status_url']}/download"
    download = await api.get(done["download_url"], headers=p.headers(p.author))
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/vnd.ims.imsccv1p3"
    assert "attachment" in download.headers["content-disposition"]
    parsed = read_cartridge(download.content)
    assert len(parsed) == len(p.lessons) == 3
    assert_matches_database(parsed, p)
    rich = parsed[0].section_html[0]
    assert "<h2>Why it matters</h2>" in rich and "<li>first</li>" in rich and "<table>" in rich
    assert "<code>" in rich and "<script>" not in rich  # raw HTML arrives as text, never a tag


async def test_the_package_is_deterministic_and_the_schemas_reject_a_broken_manifest(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings],
) -> None:  # fmt: skip
    from db.queries.catalog import course_tree

    p = await seed_path(sessionmaker, make_settings(database_url=database_url), marked=True)
    async with sessionmaker() as session:
        course = await course_tree(session, p.course.id)
        assert course is not None
        first, second = build_package(course), build_package(course)
    assert first.data == second.data  # a retried activity stores the same bytes
    assert (first.lessons, first.questions) == (3, 6)
    manifest = etree.fromstring(zipfile.ZipFile(io.BytesIO(first.data)).read("imsmanifest.xml"))
    MANIFEST_XSD.assertValid(manifest)
    # The XSDs are real checks: each of these breaks fails validation.
    breaks: list[Callable[[Any], None]] = [
        lambda m: m.find("cp:metadata/cp:schemaversion", NS).__setattr__("text", "1.1.0"),
        lambda m: m.find("cp:resources/cp:resource", NS).attrib.pop("type"),
        lambda m: m.find(".//cp:item[@identifierref]", NS).set("identifierref", "Rnowhere"),
        lambda m: m.find("cp:resources/cp:resource/cp:file", NS).attrib.pop("href"),
        lambda m: m.remove(m.find("cp:organizations", NS)),
    ]
    for index, breaking in enumerate(breaks):
        broken = etree.fromstring(etree.tostring(manifest))
        breaking(broken)
        assert not MANIFEST_XSD.validate(broken), f"break {index} passed validation"


async def test_modules_are_folders_of_their_lessons_pages_and_quizzes(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings],
) -> None:  # fmt: skip
    from db.queries.catalog import course_tree

    p = await seed_path(sessionmaker, make_settings(database_url=database_url), modules=2,
                        lessons_per_module=2)  # fmt: skip
    async with sessionmaker() as session:
        course = await course_tree(session, p.course.id)
        assert course is not None
        package = build_package(course)
    manifest = etree.fromstring(zipfile.ZipFile(io.BytesIO(package.data)).read("imsmanifest.xml"))
    MANIFEST_XSD.assertValid(manifest)
    root = manifest.find("cp:organizations/cp:organization/cp:item", NS)
    folders = root.findall("cp:item", NS)
    assert [f.findtext("cp:title", namespaces=NS) for f in folders] == ["Module 1", "Module 2"]
    assert [[i.findtext("cp:title", namespaces=NS) for i in f.findall("cp:item", NS)]
            for f in folders] == [
        [f"{kind}Lesson {m}.{n}" for n in (1, 2) for kind in ("", "Quiz: ")] for m in (1, 2)
    ]  # fmt: skip
    assert (package.lessons, package.questions) == (4, 8)


async def test_only_managers_export_and_others_are_refused_without_a_leak(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory, dev_client: Client,
) -> None:  # fmt: skip
    settings = _settings(make_settings, database_url)
    p = await seed_path(sessionmaker, settings, marked=True)
    tag = p.course.id.hex[:8]
    async with running_worker(dev_client, settings):
        api = await api_client_factory(settings, temporal=dev_client)
        admin = await add_learner(sessionmaker, p, None, Role.admin)
        started = await api.post(f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(admin))
        assert started.status_code == 202, started.text
        url = started.json()["status_url"]
        assert (await _until_done(api, url, p.headers(p.author)))["status"] == "completed"
        completed = await add_learner(sessionmaker, p, EnrollmentStatus.completed)
        other = await add_learner(sessionmaker, p, None, Role.instructor)
        # Enrolled learners read the content but not the answer keys the package carries.
        for user in (p.student, completed, other):
            for answer in (
                await api.post(f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(user)),
                await api.get(url, headers=p.headers(user)),
                await api.get(f"{url}/download", headers=p.headers(user)),
            ):
                assert answer.status_code == 403, answer.text
                assert answer.headers["content-type"] == "application/problem+json"
                assert tag not in answer.text
        assert (await api.get(f"{url}/download")).status_code == 401
        # An export ID of no run, or of another course, is 404 to the course's author.
        missing = f"/api/v1/courses/{p.course.id}/exports/{uuid.uuid4()}"
        assert (await api.get(missing, headers=p.headers(p.author))).status_code == 404
        assert (
            await api.get(f"{missing}/download", headers=p.headers(p.author))
        ).status_code == 404
        bad = await api.get(f"/api/v1/courses/{p.course.id}/exports/not-a-uuid",
                            headers=p.headers(p.author))  # fmt: skip
        assert bad.status_code == 422


async def test_an_unpublished_course_is_404_to_whoever_cannot_see_it(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory, dev_client: Client,
) -> None:  # fmt: skip
    settings = _settings(make_settings, database_url)
    p = await seed_path(sessionmaker, settings, status=CourseStatus.review)
    api = await api_client_factory(settings, temporal=dev_client)
    stranger = await add_learner(sessionmaker, p, None, Role.instructor)
    url = f"/api/v1/courses/{p.course.id}/exports"
    assert (await api.post(url, headers=p.headers(stranger))).status_code == 404
    assert (await api.post(f"/api/v1/courses/{uuid.uuid4()}/exports",
                           headers=p.headers(p.author))).status_code == 404  # fmt: skip
    async with running_worker(dev_client, settings):
        started = await api.post(url, headers=p.headers(p.author))  # its author may export
        assert started.status_code == 202
        done = await _until_done(api, started.json()["status_url"], p.headers(p.author))
    assert done["status"] == "completed"


# --- S3 (moto over HTTP): a pre-signed link; a storage failure fails the export ---------------
@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _s3(make_settings: Callable[..., Settings], database_url: str, endpoint: str,
        bucket: str) -> Settings:  # fmt: skip
    return _settings(
        make_settings, database_url, storage_backend="s3", s3_bucket=bucket,
        s3_endpoint_url=endpoint, s3_access_key_id="testing", s3_secret_access_key="testing",
    )  # fmt: skip


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_on_s3_the_status_answers_a_presigned_url_of_the_package(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession], moto_endpoint: str,
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory, dev_client: Client,
) -> None:  # fmt: skip
    bucket = f"courseflow-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1",
                 aws_access_key_id="testing", aws_secret_access_key="testing",
                 ).create_bucket(Bucket=bucket)  # fmt: skip
    settings = _s3(make_settings, database_url, moto_endpoint, bucket)
    p = await seed_path(sessionmaker, settings, marked=True)
    async with running_worker(dev_client, settings):
        api = await api_client_factory(settings, temporal=dev_client)
        started = await api.post(
            f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(p.author)
        )
        done = await _until_done(api, started.json()["status_url"], p.headers(p.author))
    assert done["status"] == "completed" and done["expires_in"] == settings.s3_presign_ttl_s
    assert done["download_url"].startswith(moto_endpoint) and "Signature" in done["download_url"]
    redirect = await api.get(
        f"{started.json()['status_url']}/download", headers=p.headers(p.author)
    )
    assert redirect.status_code == 307
    async with httpx.AsyncClient() as plain:  # the pre-signed URL needs no credentials
        package = await plain.get(done["download_url"])
    assert package.status_code == 200
    assert_matches_database(read_cartridge(package.content), p)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_storage_failure_fails_the_export_and_the_status_says_why(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession], moto_endpoint: str,
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory, dev_client: Client,
) -> None:  # fmt: skip
    settings = _s3(make_settings, database_url, moto_endpoint, f"missing-{uuid.uuid4().hex[:8]}")
    p = await seed_path(sessionmaker, settings)
    async with running_worker(dev_client, settings):
        api = await api_client_factory(settings, temporal=dev_client)
        started = await api.post(
            f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(p.author)
        )
        done = await _until_done(api, started.json()["status_url"], p.headers(p.author))
    assert done["status"] == "failed" and done["download_url"] is None
    assert "NoSuchBucket" in done["error"]
    download = await api.get(
        f"{started.json()['status_url']}/download", headers=p.headers(p.author)
    )
    assert download.status_code == 404


async def test_starting_an_export_without_temporal_is_503_and_starts_nothing(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    reserve_port: Callable[[], int],
) -> None:  # fmt: skip
    settings = _settings(make_settings, database_url,
                         temporal_address=f"127.0.0.1:{reserve_port()}")  # fmt: skip
    p = await seed_path(sessionmaker, settings)
    api = await api_client_factory(settings)
    answer = await api.post(f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(p.author))
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    # Reading an export whose package is not stored needs Temporal too: 503, not a guess.
    status = await api.get(f"/api/v1/courses/{p.course.id}/exports/{uuid.uuid4()}",
                           headers=p.headers(p.author))  # fmt: skip
    assert status.status_code == 503, status.text
    # The failed start left no export behind (its row was removed again).
    listed = await api.get(f"/api/v1/courses/{p.course.id}/exports", headers=p.headers(p.author))
    assert listed.status_code == 200 and listed.json() == []


async def test_exports_are_listed_and_an_expired_package_is_deleted_and_answers_410(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory, dev_client: Client,
) -> None:  # fmt: skip
    from datetime import timedelta

    from db.base import utcnow
    from db.models import CourseExport

    settings = _settings(make_settings, database_url, export_ttl_days=3)
    p = await seed_path(sessionmaker, settings)
    base = f"/api/v1/courses/{p.course.id}/exports"
    async with running_worker(dev_client, settings):
        api = await api_client_factory(settings, temporal=dev_client)
        first = (await _start(api, p, p.author)).json()
        await _until_done(api, first["status_url"], p.headers(p.author))
        second = (await _start(api, p, p.author)).json()
        await _until_done(api, second["status_url"], p.headers(p.author))
        listed = await api.get(base, headers=p.headers(p.author))
    assert listed.status_code == 200, listed.text
    items = listed.json()
    assert [i["id"] for i in items] == [second["id"], first["id"]]  # newest first
    assert {i["status"] for i in items} == {"completed"}
    assert all(i["size_bytes"] > 0 and i["download_url"] for i in items)
    async with sessionmaker() as session:
        row = await session.get(CourseExport, uuid.UUID(first["id"]))
        assert row is not None and row.created_at is not None and row.expires_at is not None
        assert timedelta(days=3) - (row.expires_at - row.created_at) < timedelta(minutes=1)
    outsider = await api.get(base, headers=p.headers(p.student))
    assert outsider.status_code == 403

    key = f"exports/{p.course.id}/{first['id']}.imscc"
    package = settings.resolved_storage_dir / key
    assert package.is_file()
    async with sessionmaker() as session, session.begin():
        row = await session.get(CourseExport, uuid.UUID(first["id"]))
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
    status = await api.get(first["status_url"], headers=p.headers(p.author))
    assert status.status_code == 410, status.text
    assert status.headers["content-type"] == "application/problem+json"
    download = await api.get(f"{first['status_url']}/download", headers=p.headers(p.author))
    assert download.status_code == 410
    assert package.is_file()  # only listing deletes
    relisted = (await api.get(base, headers=p.headers(p.author))).json()
    assert [(i["id"], i["status"]) for i in relisted] == [
        (second["id"], "completed"), (first["id"], "expired"),
    ]  # fmt: skip
    assert not package.is_file()
    assert (settings.resolved_storage_dir / f"exports/{p.course.id}/{second['id']}.imscc").is_file()
    async with sessionmaker() as session:
        row = await session.get(CourseExport, uuid.UUID(first["id"]))
    assert row is not None and row.purged_at is not None


async def test_the_cli_exports_a_course_and_prints_where_the_package_is(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], dev_client: Client,
) -> None:  # fmt: skip
    from click.testing import CliRunner

    from cli.main import cli

    settings = _settings(make_settings, database_url)
    p = await seed_path(sessionmaker, settings)
    variables = {
        "COURSEFLOW_ENVIRONMENT": "test",
        "COURSEFLOW_DATA_DIR": str(settings.data_dir),
        "COURSEFLOW_DATABASE_URL": settings.resolved_database_url,
        "COURSEFLOW_TEMPORAL_ADDRESS": dev_client.service_client.config.target_host,
        "COURSEFLOW_TASK_QUEUE": settings.task_queue,
    }

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, list(args), env=variables)

    async with running_worker(dev_client, settings):
        done = await asyncio.to_thread(run, "export", str(p.course.id))
        assert done.exit_code == 0, done.output
        named = await asyncio.to_thread(run, "export", str(p.course.id), "--as", p.student.email)
    assert named.exit_code == 2 and "no instructor or admin account" in named.output
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("export ") and ": completed (expires " in lines[0]
    path = Path(lines[1].split(None, 1)[1])
    assert path.is_file() and path.is_relative_to(settings.resolved_storage_dir.resolve())
    assert len(read_cartridge(path.read_bytes())) == len(p.lessons)
    assert lines[2].split()[1].endswith(f"/api/v1/courses/{p.course.id}/exports/"
                                        f"{lines[0].split()[1].rstrip(':')}/download")  # fmt: skip
    missing = await asyncio.to_thread(run, "export", str(uuid.uuid4()))
    assert missing.exit_code == 2 and "no such course" in missing.output
