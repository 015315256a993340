"""What a service needs of its caller's boundary.

Services never commit: the request dependency, the activity or the CLI command owns the
transaction. A few rules need their writes durable at a point inside the rule itself:
before a workflow starts (its activities read the row, and no lock may be held while they
write) or before the request fails (a failed login's counter). Such a service takes
``commit`` from its caller, which passes ``session.commit``: the boundary still decides what
a commit is, the rule decides when it is needed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

Commit = Callable[[], Awaitable[None]]
