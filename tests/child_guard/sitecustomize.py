"""Loaded at start-up by every ``python`` the tests run (see ``run_netdesk_env``).

The child-process half of the network guard: netdesk must never reach the
network, so the first attempt prints what was tried and ends the process with
status 97, which no netdesk command uses.
"""

import os
import socket
import sys

_EXIT = 97
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _refuse(what):
    sys.stderr.write(f"netdesk tried to {what}: netdesk works offline\n")
    sys.stderr.flush()
    os._exit(_EXIT)


def _guard_socket_method(name):
    real = getattr(socket.socket, name)

    def checked(sock, *args, **kwargs):
        if sock.family in _INTERNET:
            _refuse(f"{name} to {args[-1]!r}")
        return real(sock, *args, **kwargs)

    setattr(socket.socket, name, checked)


for _name in ("connect", "connect_ex", "sendto"):
    _guard_socket_method(_name)
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, lambda host, *a, _n=_name, **k: _refuse(f"look up {host!r} ({_n})"))
socket.create_connection = lambda address, *a, **k: _refuse(f"open a connection to {address!r}")
