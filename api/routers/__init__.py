"""One router module per resource; ``ROUTERS`` is what the app includes, in order."""

from fastapi import APIRouter

from api.routers import (
    auth,
    codec,
    courses,
    enrollments,
    generations,
    health,
    learning_events,
    metrics,
    progress,
    quizzes,
    reports,
)

ROUTERS: list[APIRouter] = [
    health.router,
    metrics.router,
    auth.router,
    codec.router,
    generations.router,
    courses.router,
    enrollments.router,
    progress.router,
    quizzes.router,
    learning_events.router,
    reports.router,
]
