"""``courseflow``: run the stack, its parts, and operator tasks."""

from __future__ import annotations

import click

from cli.dev import dev
from cli.enroll import enroll
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

    `courseflow dev` starts everything on embedded defaults; `api`, `worker` and
    `migrate` run one part each, for production.

    Exit codes: 0 done; 1 what the command started ended badly (a failed enrollment or
    generation); 2 the request was refused or is invalid; 3 the database or Temporal is
    unavailable.
    """


for command in (dev, api, worker, migrate, users, enroll, schedules, reports, generate,
                progression, findings):  # fmt: skip
    cli.add_command(command)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
