"""Real file-system faults for tests: a tiny disk and a read-only folder.

As root (where ``mount`` works) these are real tmpfs mounts: a filesystem of
a few hundred kilobytes that fills up, and one remounted read-only, which
even root cannot write to. Without root a read-only folder is made with
``chmod``; a tiny disk then cannot be made and the test is skipped (the same
fault is injected in-process by ``tests/cli/test_disk_faults.py``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    return done.returncode == 0


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str = "640k") -> Iterator[Path]:
    """A filesystem of ``size`` mounted at ``folder``; skips the test when none can be."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)):
        pytest.skip("a tiny filesystem needs root and mount (the fault is injected elsewhere)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Callable[[], None]]:
    """``folder`` as a place of its own; calling the yielded function makes it read-only."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _mount("-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(folder))

    def freeze() -> None:
        if mounted:
            if not _mount("-o", "remount,ro", str(folder)):
                pytest.fail("could not remount read-only")
            return
        if os.name == "posix" and os.geteuid() == 0:
            pytest.skip("root without mount: a read-only folder cannot be made")
        for path in folder.rglob("*"):
            path.chmod(0o444)
        folder.chmod(0o555)

    try:
        yield freeze
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)
            for path in folder.rglob("*"):
                path.chmod(0o644)
