"""The free-port helper's contract (tests/support/ports.py), on real loopback sockets.

Every server a test starts on a reserved port relies on these: while the reservation is held
nobody else can bind the port, the server itself (binding with SO_REUSEADDR, as uvicorn,
asyncio servers, Go and Rust listeners do) can, and after ``release()`` the port is free.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest

from tests.support.ports import LOOPBACK, PortReservation, reserved_port


def plain_bind(port: int) -> socket.socket:
    """A bind as another process would do it: no SO_REUSEADDR (the kernel's default)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((LOOPBACK, port))
    except BaseException:
        sock.close()
        raise
    return sock


@contextmanager
def reuseaddr_listener(port: int) -> Iterator[socket.socket]:
    """A server's listening socket, bound the way servers bind (SO_REUSEADDR)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, port))
        sock.listen()
        yield sock


def assert_taken(port: int) -> None:
    with pytest.raises(OSError) as refused:
        plain_bind(port).close()
    assert refused.value.errno == errno.EADDRINUSE


def test_a_reserved_port_is_refused_to_any_other_bind_until_released() -> None:
    reservation = PortReservation()
    try:
        assert reservation.host == LOOPBACK and reservation.port > 0
        assert_taken(reservation.port)  # the bind-0-then-close helper left it free here
        with reuseaddr_listener(reservation.port):
            assert_taken(reservation.port)
        assert_taken(reservation.port)  # the server is gone; the reservation still holds it
    finally:
        reservation.release()
    plain_bind(reservation.port).close()  # released: free for anyone


def test_the_context_manager_holds_the_port_for_its_block() -> None:
    with reserved_port() as port:
        assert_taken(port)
    plain_bind(port).close()


async def test_the_server_binds_the_reserved_port_and_gets_its_connections() -> None:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    with PortReservation() as reservation:
        port = reservation.port
        # Nothing listens yet: a connection is refused (a test of an unreachable service).
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection(LOOPBACK, port)
        for _ in range(2):  # the server, then the same server restarted on the same port
            server = await asyncio.start_server(echo, LOOPBACK, port)  # SO_REUSEADDR
            async with server:
                reader, writer = await asyncio.open_connection(LOOPBACK, port)
                writer.write(b"hello\n")
                await writer.drain()
                assert await reader.readline() == b"hello\n"  # the server's socket answered
                writer.close()
                await writer.wait_closed()
        with pytest.raises(ConnectionRefusedError):  # the server stopped: refused again
            await asyncio.open_connection(LOOPBACK, port)
    # (No plain bind after this one: the server's side of the closed connection sits in
    # TIME_WAIT on the port, which only SO_REUSEADDR binds ignore. The two tests above
    # check "free after release" without connections.)
