"""The one way tests and benchmarks pick a loopback port for a server they start.

Binding port 0, closing the socket and handing the number to a server leaves a window in
which another process (a parallel suite, the kernel's choice for an outgoing connection)
takes the port. Here the port stays bound by a socket of ours, with SO_REUSEADDR and never
listening, for as long as the reservation is held:

- any other plain bind(), and the kernel's pick for port 0, is refused the port;
- a server that binds with SO_REUSEADDR — uvicorn, asyncio servers (aiosmtpd), Go's
  net.Listen (the Temporal dev server), Rust's std listener (the SDK's metrics), Python's
  http.server (prometheus_client) — still binds and listens on it; connections reach the
  listening socket, never ours;
- while no server listens, a connection to it is refused, which is what a test of an
  unreachable service needs.

So hold the reservation until the server is gone (or for the whole test); a server restarted
on the same port in the meantime gets it back.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

LOOPBACK = "127.0.0.1"


class PortReservation:
    """A loopback port held for a server of ours; ``release()`` when the server is gone."""

    def __init__(self, host: str = LOOPBACK) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, 0))
        self.host = host
        self.port: int = self._socket.getsockname()[1]

    def release(self) -> None:
        self._socket.close()

    def __enter__(self) -> PortReservation:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


@contextmanager
def reserved_port(host: str = LOOPBACK) -> Iterator[int]:
    """A port number held for the ``with`` block (see the module's docstring)."""
    with PortReservation(host) as reservation:
        yield reservation.port
