"""The console script ends with ``os._exit`` and the command's own exit code (see
``cli.main.main``: the Temporal SDK's native threads can abort interpreter finalisation)."""

from __future__ import annotations

import sys

import pytest

from cli import main as entry


class Exited(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    def fake_exit(code: int) -> None:
        raise Exited(code)

    monkeypatch.setattr(entry.os, "_exit", fake_exit)
    monkeypatch.setattr(sys, "argv", ["courseflow", *argv])
    with pytest.raises(Exited) as exited:
        entry.main()
    return exited.value.code


def test_a_finished_command_exits_with_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "--help") == 0
    assert "courseflow" in capsys.readouterr().out


def test_a_usage_error_keeps_clicks_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "no-such-command") == 2
    assert "No such command" in capsys.readouterr().err


def test_exit_codes_follow_sys_exit() -> None:
    assert entry.exit_code(None) == 0
    assert entry.exit_code(3) == 3
    assert entry.exit_code("a message") == 1
