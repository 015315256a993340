"""An empty, migrated database per test (sqlite and postgres): report numbers must not see
other tests' rows."""

from __future__ import annotations

import pytest

from db.migrate import upgrade_head


@pytest.fixture(params=["sqlite", "postgres"])
def report_db_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "fresh_postgres_url"
    url: str = request.getfixturevalue(name)
    upgrade_head(url)
    return url
