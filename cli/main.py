"""``courseflow``: run the stack, its parts, and operator tasks."""

from __future__ import annotations

import logging
import os
import sys

import click

from cli.common import data_dir_option
from cli.dev import dev
from cli.enroll import enroll
from cli.export import export
from cli.findings import findings
from cli.generate import generate
from cli.progression import progression
from cli.reports import reports
from cli.schedules import schedules
from cli.serve import api, migrate, worker
from cli.users import users


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """courseflow: a learning-platform backend on durable Temporal workflows.

    `courseflow dev` starts everything on embedded defaults and writes
    <data-dir>/stack.json; every other command takes --data-dir (or
    COURSEFLOW_DATA_DIR; default var/) and reads that file first, so it finds the
    stack's API, Temporal and database. `api`, `worker` and `migrate` run one part
    each, for production.

    Exit codes: 0 done; 1 what the command started ended badly (a failed enrollment or
    generation); 2 the request was refused or is invalid; 3 the database or Temporal is
    unavailable.
    """


def _with_data_dir(command: click.Command) -> None:
    """Every command takes ``--data-dir`` (``cli.common.data_dir_option``)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_data_dir(sub)
        return
    if not any(param.name == "data_dir" for param in command.params):
        command.params.append(data_dir_option())


for command in (dev, api, worker, migrate, users, enroll, schedules, reports, generate,
                progression, findings, export):  # fmt: skip
    _with_data_dir(command)
    cli.add_command(command)


def main() -> None:
    """The ``courseflow`` console script.

    Once the command has finished, its own clean-up included, the process ends with
    ``os._exit`` and click's exit code. A short-lived process that used the Temporal client
    can otherwise be aborted while the interpreter finalises ("PyGILState_Release: thread
    state ... must be current", exit -6): the SDK's native threads outlive it
    (temporalio/sdk-python#300). Seen here on ``courseflow reports run`` after it succeeded.
    """
    try:
        cli.main(prog_name="courseflow")
        code = 0
    except SystemExit as exit_:
        code = exit_code(exit_.code)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def exit_code(code: object) -> int:
    """What ``sys.exit(code)`` would have ended the process with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    main()
