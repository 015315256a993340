"""Chart axes and legends (issue 20): no negative ticks on empty data, distinct legend
colours, and "no courses yet" only when there are no courses."""

from __future__ import annotations

from typing import Any

from matplotlib.colors import to_hex

from services.reports.rendering import courses_figure, daily_figure


def _daily(active: int, seconds: int) -> list[dict[str, Any]]:
    return [
        {"date": f"2026-11-{day:02d}", "active_learners": active, "time_spent_s": seconds}
        for day in range(16, 23)
    ]


def _texts(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_empty_week_has_no_negative_ticks_and_two_legend_colours() -> None:
    _, ax, twin = daily_figure(_daily(0, 0))
    for axis in (ax, twin):
        bottom, top = axis.get_ylim()
        assert bottom == 0 and top > 0
        assert all(tick >= 0 for tick in axis.get_yticks() if bottom <= tick <= top)
    legend = ax.get_legend()
    colours = {to_hex(h.get_facecolor() if hasattr(h, "get_facecolor") else h.get_color())
               for h in legend.legend_handles}  # fmt: skip
    assert len(colours) == 2, colours
    assert [t.get_text() for t in legend.get_texts()] == ["active learners", "hours of learning"]


def test_real_data_scales_from_zero() -> None:
    _, ax, twin = daily_figure(_daily(12, 7200))
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= 12
    assert twin.get_ylim()[0] == 0 and twin.get_ylim()[1] >= 2


def test_courses_without_activity_are_not_called_no_courses() -> None:
    quiet = [{"title": "Algebra", "new_enrollments": 0, "completions": 0}]
    _, ax = courses_figure(quiet)
    assert "no courses yet" not in _texts(ax)
    assert "no enrollments or completions this week" in _texts(ax)
    assert ax.get_xlim() == (0, 1)
    _, empty = courses_figure([])
    assert _texts(empty) == ["no courses yet"]
    busy = [{"title": "Algebra", "new_enrollments": 4, "completions": 1}]
    _, ax = courses_figure(busy)
    assert _texts(ax) == [] and ax.get_xlim()[0] == 0
    handles = ax.get_legend().legend_handles
    assert len({to_hex(h.get_facecolor()) for h in handles}) == 2
