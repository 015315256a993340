"""The CLI maps a service's typed error to one line and an exit code (2: fix the request,
3: a service is unavailable), with no traceback."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from cli.common import EXIT_UNAVAILABLE, EXIT_USAGE, run_async
from services.errors import Conflict, DomainError, FieldInvalid, NotFound, Unavailable


def _command(error: DomainError) -> click.Command:
    async def service() -> None:
        raise error

    @click.command()
    def command() -> None:
        run_async(service)

    return command


@pytest.mark.parametrize(
    ("error", "code", "line"),
    [
        (NotFound("no such course"), EXIT_USAGE, "Error: no such course"),
        (Conflict("already completed this course"), EXIT_USAGE, "Error: already completed"),
        (FieldInvalid("week", "2099-W01 has not ended yet"), EXIT_USAGE,
         "Error: week: 2099-W01 has not ended yet"),
        (Unavailable("Temporal is unavailable; try again"), EXIT_UNAVAILABLE,
         "Error: Temporal is unavailable; try again"),
    ],
)  # fmt: skip
def test_a_domain_error_is_one_line_and_an_exit_code(
    error: DomainError, code: int, line: str
) -> None:
    result = CliRunner().invoke(_command(error))
    assert result.exit_code == code
    assert result.output.strip().startswith(line)
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
