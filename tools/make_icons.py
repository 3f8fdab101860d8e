"""Make the application icon's PNG sizes and the Windows .ico from resources/nianbao.svg.

    .venv/bin/python tools/make_icons.py                    # writes resources/png/*.png, resources/nianbao.ico
    .venv/bin/python tools/make_icons.py --preview out.png  # all icons at 16, 24, 32 px (and ×3), to look at

Qt's SVG renderer draws every size from the vector source; Pillow (a build dependency only) packs the
sizes into one .ico, each size as drawn, not scaled down from the largest.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

import resources  # noqa: E402

PREVIEW_SIZES = (16, 24, 32)
BACKGROUNDS = ("#FFFFFF", "#EFEFEF", "#2B2B2B")  # a light window, Windows' toolbar grey, a dark theme


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write_app_icon() -> list[Path]:
    from PIL import Image  # build dependency only: the app never imports Pillow

    source = resources.folder() / resources.APP_ICON_SVG
    (resources.folder() / "png").mkdir(exist_ok=True)
    written = []
    for size in resources.APP_ICON_SIZES:
        out = resources.folder() / "png" / f"nianbao-{size}.png"
        if not render(source, size).save(str(out)):
            raise SystemExit(f"could not write {out}")
        written.append(out)
    images = [Image.open(p) for p in written]
    ico = resources.folder() / resources.APP_ICON_ICO
    # Pillow takes each listed size from the image of that size among append_images
    images[-1].save(ico, sizes=[im.size for im in images], append_images=images[:-1])
    return [*written, ico]


def write_preview(out: Path) -> None:
    """One row per icon; for each background and size the icon as drawn and, beside it, the same pixels ×3."""
    svgs = [resources.icon_path(name) for name in resources.ICONS] + [resources.folder() / resources.APP_ICON_SVG]
    group = sum(4 * size + 12 for size in PREVIEW_SIZES)
    row = 3 * max(PREVIEW_SIZES) + 8
    sheet = QImage(group * len(BACKGROUNDS), row * len(svgs), QImage.Format.Format_ARGB32)
    painter = QPainter(sheet)
    for b, background in enumerate(BACKGROUNDS):
        painter.fillRect(b * group, 0, group, sheet.height(), QColor(background))
    for r, svg in enumerate(svgs):
        for b in range(len(BACKGROUNDS)):
            x = b * group + 4
            for size in PREVIEW_SIZES:
                image = render(svg, size)
                painter.drawImage(x, r * row + 4, image)
                painter.drawImage(QRectF(x + size + 4, r * row + 4, 3 * size, 3 * size), image)  # no smoothing
                x += 4 * size + 12
    painter.end()
    sheet.save(str(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preview", type=Path, help="write a sheet of all icons to this PNG instead")
    args = parser.parse_args()
    _app = QGuiApplication(sys.argv)
    if args.preview:
        write_preview(args.preview)
        print(args.preview)
    else:
        for path in write_app_icon():
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
