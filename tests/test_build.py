"""The desktop build: PyInstaller with build.spec gives a program that runs."""

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.slow
def test_the_frozen_app_starts_and_draws_the_demo(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "build"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(REPO_ROOT / "build.spec"),
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=900,
    )
    program = dist / "netdesk" / "netdesk"
    assert program.is_file()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(QT_QPA_PLATFORM="offscreen", NETDESK_DATA_DIR=str(tmp_path / "data"))

    version = subprocess.run(
        [str(program), "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("netdesk ")

    picture = tmp_path / "x.png"
    shot = subprocess.run(
        [str(program), "--demo", "--db", str(tmp_path / "x.sqlite3"), "--screenshot", str(picture)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert shot.returncode == 0, shot.stderr
    assert picture.read_bytes()[:4] == b"\x89PNG"
    # lean: none of the Qt modules netdesk does not use
    bundled = {p.name for p in (dist / "netdesk").rglob("*")}
    for unused in (
        "libQt6WebEngineCore.so.6",
        "libQt6Quick.so.6",
        "libQt6Qml.so.6",
        "libQt6Multimedia.so.6",
        "libQt6Network.so.6",
    ):
        assert unused not in bundled
    # resources come along, found the same way as from source
    resources = dist / "netdesk" / "_internal" / "resources"
    assert (resources / "icons" / "netdesk.svg").is_file()
    assert not (resources / "screenshots").exists()

    # sync is in (httpx), its test servers are not: Radicale is GPLv3 and a test tool only
    help_text = subprocess.run(
        [str(program), "sync", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert help_text.returncode == 0, help_text.stderr
    assert "--accept-pairs" in help_text.stdout
    bundled = [str(p).lower() for p in (dist / "netdesk").rglob("*")]
    assert not [p for p in bundled if "radicale" in p or "xandikos" in p]
