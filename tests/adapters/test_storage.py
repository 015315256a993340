"""Object storage: LocalStorage on disk, S3Storage through boto3 against a moto server (HTTP),
and the report download that redirects to a pre-signed S3 URL."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer

from activities.reports import ReportActivities
from adapters.storage import make_storage
from adapters.storage.local import LocalStorage
from adapters.storage.port import ObjectNotFound
from adapters.storage.s3 import S3Storage
from core.settings import Settings
from db.migrate import upgrade_head
from db.session import make_engine, make_sessionmaker
from schemas.reports import BuildReportInput, StartReportInput
from tests.factories import auth_headers
from tests.reports.seed import WEEK, seed_week

ApiFactory = Callable[..., Any]
CREDENTIALS = {"s3_access_key_id": "testing", "s3_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_settings(moto_endpoint: str, make_settings: Callable[..., Settings]) -> Settings:
    bucket = f"courseflow-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3", endpoint_url=moto_endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    ).create_bucket(Bucket=bucket)  # fmt: skip
    return make_settings(
        storage_backend="s3", s3_bucket=bucket, s3_endpoint_url=moto_endpoint, **CREDENTIALS
    )


async def test_local_storage_round_trip(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "objects")
    await storage.put("reports/2026-W47/report.json", b'{"ok": true}', "application/json")
    assert await storage.get("reports/2026-W47/report.json") == b'{"ok": true}'
    assert await storage.exists("reports/2026-W47/report.json")
    assert not await storage.exists("reports/2026-W47/missing.csv")
    await storage.put("reports/2026-W47/report.json", b"v2", "application/json")  # overwrite
    assert await storage.get("reports/2026-W47/report.json") == b"v2"
    assert await storage.presigned_url("reports/2026-W47/report.json", 60) is None
    with pytest.raises(ObjectNotFound):
        await storage.get("reports/none")
    with pytest.raises(ValueError, match="escapes"):
        await storage.put("../outside.txt", b"x", "text/plain")
    await storage.delete("reports/2026-W47/report.json")
    assert not await storage.exists("reports/2026-W47/report.json")
    await storage.delete("reports/2026-W47/report.json")  # idempotent


async def test_s3_storage_through_boto3_and_moto(s3_settings: Settings) -> None:
    storage = make_storage(s3_settings)
    assert isinstance(storage, S3Storage)
    key = "reports/2026-W47/report.html"
    await storage.put(key, b"<!DOCTYPE html><p>hi</p>", "text/html; charset=utf-8")
    assert await storage.exists(key)
    assert not await storage.exists("reports/2026-W47/missing.csv")
    assert await storage.get(key) == b"<!DOCTYPE html><p>hi</p>"
    with pytest.raises(ObjectNotFound):
        await storage.get("reports/2026-W47/missing.csv")
    url = await storage.presigned_url(key, 120)
    assert url is not None and "Signature=" in url and "Expires=" in url
    async with httpx.AsyncClient() as http:
        fetched = await http.get(url)
    assert fetched.status_code == 200 and fetched.content == b"<!DOCTYPE html><p>hi</p>"
    assert fetched.headers["content-type"].startswith("text/html")
    expires = int(parse_qs(urlsplit(url).query)["Expires"][0])
    assert 0 < expires - time.time() <= 120  # the TTL asked for, not a permanent link
    await storage.delete(key)
    assert not await storage.exists(key)
    await storage.delete(key)  # idempotent


async def test_report_download_redirects_to_a_presigned_url(
    s3_settings: Settings, tmp_path: Path, api_client_factory: ApiFactory
) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 's3.db'}"
    upgrade_head(url)
    settings = s3_settings.model_copy(update={"database_url": url})
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    async with sessionmaker() as session, session.begin():
        seeded = await seed_week(session)
    activities = ReportActivities(sessionmaker, make_storage(settings), settings)
    await activities.start_report(StartReportInput(week=WEEK, force=False, workflow_id="w"))
    built = await activities.build_report(BuildReportInput(week=WEEK, timezone="UTC"))
    await engine.dispose()
    api = await api_client_factory(settings)
    response = await api.get(
        f"/api/v1/reports/{WEEK}/report.json", headers=auth_headers(settings, seeded.admin)
    )
    assert response.status_code == 307
    location = response.headers["location"]
    assert location.startswith(str(settings.s3_endpoint_url).rstrip("/"))
    async with httpx.AsyncClient() as http:
        document = (await http.get(location)).json()
    assert document["manifest"]["week"] == WEEK
    assert built.artifact_keys["report.json"] == f"reports/{WEEK}/report.json"
