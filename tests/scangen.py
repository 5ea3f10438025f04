"""Builds scanned documents for the OCR tests: text drawn into greyscale page images with
Pillow and saved as an image-only PDF, as a scanner or a "print to PDF" of a scan gives
it. No page has a text layer, so only OCR can read them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 200
WIDTH_INCHES, HEIGHT_INCHES = 8.5, 11
MARGIN_INCHES = 0.9
COLUMNS = 68  # characters a line, as a typed page


@dataclass(frozen=True)
class Scan:
    """A page of a mixed PDF that is only a picture of `text`."""

    text: str


def write_scanned_pdf(path: str | Path, pages: Sequence[str], *, tilt: float = 0.0) -> Path:
    """One scanned page per string; blank lines in a string separate paragraphs."""
    images = [_page(text, tilt) for text in pages]
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return Path(path)


def _page(text: str, tilt: float) -> Image.Image:
    size = (int(WIDTH_INCHES * DPI), int(HEIGHT_INCHES * DPI))
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=DPI // 6)  # Pillow's own font: no system fonts needed
    line_height = int(DPI / 6 * 1.5)
    y = int(MARGIN_INCHES * DPI)
    for paragraph in text.split("\n\n"):
        for line in textwrap.wrap(" ".join(paragraph.split()), COLUMNS) or [""]:
            draw.text((int(MARGIN_INCHES * DPI), y), line, fill=0, font=font)
            y += line_height
        y += line_height // 2
    return image.rotate(tilt, fillcolor=255, expand=False) if tilt else image


def blank_scans(path: str | Path, count: int) -> Path:
    """`count` scanned pages with nothing on them but a smudge."""
    images = []
    for _ in range(count):
        image = Image.new("L", (int(WIDTH_INCHES * 50), int(HEIGHT_INCHES * 50)), 255)
        ImageDraw.Draw(image).ellipse((40, 40, 60, 52), fill=200)
        images.append(image)
    images[0].save(path, "PDF", resolution=50, save_all=True, append_images=images[1:])
    return Path(path)


def write_mixed_pdf(path: str | Path, pages: Sequence[str | Scan]) -> Path:
    """A PDF whose string pages have a text layer and whose `Scan` pages are images only,
    as when a signed signature page is scanned back into an agreement."""
    from fpdf import FPDF

    document = FPDF(format="letter")
    document.set_font("Helvetica", size=10)
    for page in pages:
        document.add_page()
        if isinstance(page, Scan):
            document.image(_page(page.text, 0.0), x=0, y=0, w=document.w, h=document.h)
        else:
            document.multi_cell(0, 5, page)
    document.output(str(path))
    return Path(path)
