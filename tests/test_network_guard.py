"""The offline promise is only as good as the guard that checks it: check the guard."""

import socket
import subprocess
import sys

import pytest

from tests.conftest import CHILD_NETWORK_EXIT, REPO_ROOT, run_netdesk_env


def test_every_way_out_is_refused_and_remembered(no_network):
    with pytest.raises(AssertionError, match="works offline"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(AssertionError, match="look up 'example.com'"):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(AssertionError, match="look up"):
        socket.gethostbyname("example.com")
    for family, address in ((socket.AF_INET, ("127.0.0.1", 9)), (socket.AF_INET6, ("::1", 9))):
        with socket.socket(family, socket.SOCK_STREAM) as raw:
            with pytest.raises(AssertionError, match="connect to"):
                raw.connect(address)
            with pytest.raises(AssertionError, match="connect_ex to"):
                raw.connect_ex(address)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        pytest.raises(AssertionError, match="sendto to"),
    ):
        udp.sendto(b"x", ("127.0.0.1", 9))
    assert len(no_network.attempts) == 8
    no_network.attempts.clear()  # seen and expected here; anywhere else they fail the test


def test_local_sockets_are_not_the_network(no_network):
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        left.sendall(b"ping")
        assert right.recv(4) == b"ping"
    assert no_network.attempts == []


def test_an_attempt_swallowed_by_the_code_still_fails_the_test(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    pytester.makeconftest("from tests.conftest import no_network  # noqa: F401\n")
    pytester.makepyfile(
        test_sneaky="""
        import socket

        def test_swallows():
            try:
                socket.create_connection(("192.0.2.1", 80), timeout=0.1)
            except Exception:
                pass  # as careless code might

        def test_stays_home():
            assert True
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*netdesk tried to reach the network*192.0.2.1*"])


def test_a_child_process_that_reaches_out_is_stopped():
    done = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80))"],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        timeout=60,
    )
    assert done.returncode == CHILD_NETWORK_EXIT
    assert "netdesk tried to open a connection to ('192.0.2.1', 80)" in done.stderr


@pytest.mark.loopback
def test_a_loopback_test_reaches_this_computer_and_nothing_else(no_network):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert socket.getaddrinfo("127.0.0.1", port)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        with socket.create_connection(("localhost", port), timeout=5):
            pass
    with pytest.raises(AssertionError, match="open a connection to"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(AssertionError, match="look up 'example.com'"):
        socket.getaddrinfo("example.com", 443)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as raw,
        pytest.raises(AssertionError, match="connect to"),
    ):
        raw.connect(("10.0.0.1", 80))
    assert len(no_network.attempts) == 3
    no_network.attempts.clear()


def test_a_child_allowed_loopback_still_cannot_reach_further():
    code = (
        "import socket\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n"
        "socket.create_connection(s.getsockname(), timeout=5).close()\n"
        "print('loopback ok', flush=True)\n"
        "socket.create_connection(('192.0.2.1', 80))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=run_netdesk_env(loopback=True),
        timeout=60,
    )
    assert done.stdout == "loopback ok\n"
    assert done.returncode == CHILD_NETWORK_EXIT
    assert "netdesk tried to open a connection to ('192.0.2.1', 80)" in done.stderr
