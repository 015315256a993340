"""seed the achievement definitions

Revision ID: 0002
Revises: 0001

Achievements are data: these are the defaults the issue names, editable (or deactivated)
by admins through ``/api/v1/achievements``. Each criteria object is one of
``schemas.learning.Criteria``; a test validates every seed against it. The IDs are fixed
so the seed is the same on every database; downgrading removes only these rows.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED = [
    # (id, code, title, description, criteria)
    ("7f3c0001-5eed-4a00-8000-000000000001", "first_section", "First steps",
     "Complete your first section.", {"kind": "sections_completed", "threshold": 1}),
    ("7f3c0001-5eed-4a00-8000-000000000002", "first_lesson", "Lesson learned",
     "Complete your first lesson.", {"kind": "lessons_completed", "threshold": 1}),
    ("7f3c0001-5eed-4a00-8000-000000000003", "first_course", "Course finisher",
     "Finish your first course.", {"kind": "courses_completed", "threshold": 1}),
    ("7f3c0001-5eed-4a00-8000-000000000004", "perfect_quiz", "Perfect score",
     "Score 100 % on a graded quiz.", {"kind": "quiz_score", "threshold": 100}),
    ("7f3c0001-5eed-4a00-8000-000000000005", "comeback", "Welcome back",
     "Learn again after 7 days or more away.", {"kind": "comeback", "idle_days": 7}),
    ("7f3c0001-5eed-4a00-8000-000000000006", "streak_3", "Three in a row",
     "Learn on 3 days in a row.", {"kind": "streak_days", "threshold": 3}),
    ("7f3c0001-5eed-4a00-8000-000000000007", "streak_7", "A week in a row",
     "Learn on 7 days in a row.", {"kind": "streak_days", "threshold": 7}),
    ("7f3c0001-5eed-4a00-8000-000000000008", "streak_30", "A month in a row",
     "Learn on 30 days in a row.", {"kind": "streak_days", "threshold": 30}),
    ("7f3c0001-5eed-4a00-8000-000000000009", "on_schedule", "Right on time",
     "Finish a course within its estimated time.",
     {"kind": "course_within_estimate", "factor": 1.0}),
]  # fmt: skip

definitions = sa.table(
    "achievement_definitions",
    sa.column("id", sa.Uuid()),
    sa.column("code", sa.String()),
    sa.column("title", sa.String()),
    sa.column("description", sa.Text()),
    sa.column("criteria", sa.JSON()),
    sa.column("active", sa.Boolean()),
    sa.column("position", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    import uuid

    now = datetime.now(UTC)
    op.bulk_insert(
        definitions,
        [
            {"id": uuid.UUID(id_), "code": code, "title": title, "description": text,
             "criteria": criteria, "active": True, "position": position,
             "created_at": now, "updated_at": now}  # fmt: skip
            for position, (id_, code, title, text, criteria) in enumerate(SEED)
        ],
    )


def downgrade() -> None:
    codes = [code for _, code, *_ in SEED]
    op.execute(definitions.delete().where(definitions.c.code.in_(codes)))
