"""The tinted action icons: rendered once per colour, then read from the cache folder."""

import pytest
from PySide6.QtGui import QIcon

from netdesk import paths
from netdesk.ui import icons


@pytest.fixture(autouse=True)
def fresh_icons():
    icons._tinted.cache_clear()
    yield
    icons._tinted.cache_clear()


def sizes_drawn(icon: QIcon) -> list[int]:
    return [size for size in (16, 24, 32, 48) if not icon.pixmap(size, size).toImage().isNull()]


def cached_files(name: str) -> list[str]:
    folder = paths.cache_dir() / "icons"
    return sorted(p.name for p in folder.glob(f"{name}-*.png")) if folder.exists() else []


def test_an_icon_is_rendered_once_and_then_read_from_the_cache(qapp, monkeypatch):
    first = icons.action_icon("search")
    assert sizes_drawn(first) == [16, 24, 32, 48]
    assert len(cached_files("search")) == 4

    def no_rendering(svg):
        raise AssertionError("rendered again although the cache holds the icon")

    icons._tinted.cache_clear()
    monkeypatch.setattr(icons, "_render", no_rendering)
    again = icons.action_icon("search")
    assert sizes_drawn(again) == [16, 24, 32, 48]
    assert again.pixmap(24, 24).toImage() == first.pixmap(24, 24).toImage()


def test_each_colour_has_its_own_files(qapp):
    dark = icons._tinted("undo", "#000000")
    light = icons._tinted("undo", "#ffffff")
    assert len(cached_files("undo")) == 8
    assert dark.pixmap(24, 24).toImage() != light.pixmap(24, 24).toImage()


def test_an_unwritable_cache_still_gives_the_icon(qapp, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setattr(icons, "cache_dir", lambda: blocker)
    icon = icons.action_icon("redo")
    assert sizes_drawn(icon) == [16, 24, 32, 48]
    assert blocker.read_text() == "a file where the cache folder would go"


def test_the_icon_cache_is_owner_only_whatever_the_umask(qapp):
    import os
    import stat

    old = os.umask(0)
    try:
        icons.action_icon("search")
    finally:
        os.umask(old)
    folder = paths.cache_dir() / "icons"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) == 4
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
