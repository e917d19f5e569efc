"""Loaded at start-up by every ``python`` the tests run (see ``run_netdesk_env``).

The child-process half of the network guard: netdesk must never reach the
network, so the first attempt prints what was tried and ends the process with
status 97, which no netdesk command uses. With NETDESK_TEST_ALLOW_LOOPBACK=1
(the sync tests) this computer's own addresses may be reached, nothing else.
"""

import ipaddress
import os
import socket
import sys

_EXIT = 97
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _refuse(what):
    sys.stderr.write(f"netdesk tried to {what}: netdesk works offline\n")
    sys.stderr.flush()
    os._exit(_EXIT)


_LOOPBACK = os.environ.get("NETDESK_TEST_ALLOW_LOOPBACK") == "1"


def _allowed(host):
    if not _LOOPBACK:
        return False
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _guard_socket_method(name):
    real = getattr(socket.socket, name)

    def checked(sock, *args, **kwargs):
        if sock.family in _INTERNET and not _allowed(args[-1][0]):
            _refuse(f"{name} to {args[-1]!r}")
        return real(sock, *args, **kwargs)

    setattr(socket.socket, name, checked)


def _guard_lookup(name):
    real = getattr(socket, name)

    def checked(host, *args, **kwargs):
        if not _allowed(host):
            _refuse(f"look up {host!r} ({name})")
        return real(host, *args, **kwargs)

    setattr(socket, name, checked)


def _guard_create_connection():
    real = socket.create_connection

    def checked(address, *args, **kwargs):
        if not _allowed(address[0]):
            _refuse(f"open a connection to {address!r}")
        return real(address, *args, **kwargs)

    socket.create_connection = checked


for _name in ("connect", "connect_ex", "sendto"):
    _guard_socket_method(_name)
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    _guard_lookup(_name)
_guard_create_connection()
