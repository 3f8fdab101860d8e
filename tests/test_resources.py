"""The icons drawn for Nianbao: found in the source tree, drawable at toolbar sizes, the .ico complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QImageReader

import resources

ROOT = Path(__file__).resolve().parent.parent


def test_the_folder_is_the_top_level_resources_folder():
    assert resources.folder() == ROOT / "resources"


def test_every_named_icon_has_its_svg_and_no_svg_is_unnamed():
    on_disk = {p.stem for p in (ROOT / "resources" / "icons").glob("*.svg")}
    assert on_disk == set(resources.ICONS)
    for name in resources.ICONS:
        assert resources.icon_path(name).read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_a_missing_file_is_said_in_chinese():
    with pytest.raises(resources.MissingResource, match="程序文件不完整.*icons/nothing.svg"):
        resources.path("icons/nothing.svg")
    with pytest.raises(KeyError):
        resources.icon_path("nothing")


def test_the_icons_are_drawn_by_the_app_not_taken_from_an_icon_set():
    for svg in [*(ROOT / "resources" / "icons").glob("*.svg"), ROOT / "resources" / resources.APP_ICON_SVG]:
        text = svg.read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in text or svg.name == resources.APP_ICON_SVG
        assert not re.search(r"(?i)copyright|license|material|fontawesome|<image|<text|<use", text), svg.name


@pytest.mark.parametrize("size", [16, 24, 32])
def test_every_icon_draws_something_at_toolbar_sizes(qapp, size):
    from gui.icons import icon

    for name in resources.ICONS:
        image = icon(name).pixmap(QSize(size, size)).toImage()
        assert image.size() == QSize(size, size), name
        opaque = sum(image.pixelColor(x, y).alpha() > 128 for x in range(size) for y in range(size))
        assert size * size // 10 < opaque < size * size * 9 // 10, (name, opaque)  # a shape, not blank or a block


def test_the_app_icon_has_every_size_as_drawn(qapp):
    from gui.icons import app_icon

    assert sorted(s.width() for s in app_icon().availableSizes()) == list(resources.APP_ICON_SIZES)
    for size in resources.APP_ICON_SIZES:
        assert QImage(str(resources.app_icon_png(size))).size() == QSize(size, size)


def test_the_windows_ico_holds_the_png_sizes_pixel_for_pixel(qapp):
    reader = QImageReader(str(ROOT / "resources" / resources.APP_ICON_ICO))
    found = []
    for i in range(reader.imageCount()):
        reader.jumpToImage(i)
        image = reader.read()
        png = QImage(str(resources.app_icon_png(image.width()))).convertToFormat(image.format())
        assert image == png, image.width()
        found.append(image.width())
    assert sorted(found) == list(resources.APP_ICON_SIZES)


def test_make_app_sets_the_window_icon(qapp):
    from gui.app import make_app

    assert not make_app().windowIcon().isNull()
