"""Radicale as the sync tests run it: ``python radicale_main.py CONFIG``.

As ``python -m radicale --config CONFIG``, plus one privileged setting a config file
cannot hold: no fsync (a test's storage is thrown away, and with it a PUT here takes
a tenth of a second).
"""

import signal
import socket
import sys

from radicale import config, log, server


def main() -> None:
    configuration = config.load([(sys.argv[1], False)])
    configuration.update({"storage": {"_filesystem_fsync": "False"}}, "test", privileged=True)
    log.setup()
    log.set_level(configuration.get("logging", "level"), False)
    stop, stop_out = socket.socketpair()

    def on_signal(number: int, frame: object) -> None:
        stop.close()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.serve(configuration, stop_out)


if __name__ == "__main__":
    main()
