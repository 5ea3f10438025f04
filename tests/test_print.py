"""The HTML scorecard printed as a person prints it: Chromium's --print-to-pdf on A4 and
on Letter, then the pages read back. Nothing may be clipped at the right edge, and the
browser must not have had to shrink the page to fit something too wide.

Skipped where no Chromium is installed (CI installs Debian's `chromium`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from test_sign_off import linked  # noqa: F401 - the fixture: a reviewed profile with evidence

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="needs chromium and poppler-utils",
)
MARGIN_PT = 14 / 25.4 * 72  # the stylesheet's @page side margin
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)')


def print_to_pdf(html: Path, paper: str) -> Path:
    """`html` printed on `paper`: the scorecard's own stylesheet with the paper named, as
    a print dialog would choose it."""
    sized = html.with_name(f"{html.stem}-{paper}.html")
    text = html.read_text(encoding="utf-8")
    sized.write_text(text.replace("</style>", f"@page {{ size: {paper}; }}</style>"), "utf-8")
    pdf = sized.with_suffix(".pdf")
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            sized.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf


def page_width(pdf: Path) -> float:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"Page size:\s+([\d.]+) x", info.stdout)
    assert match, info.stdout
    return float(match.group(1))


def right_edge_column(pdf: Path, page: int) -> tuple[int, int, int]:
    """(width in pixels, the rightmost column with ink, the longest vertical run of ink in
    it) for one page rendered at 72 dpi in grey."""
    raw = subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    assert header, "pdftoppm writes a binary PGM"
    width, height = int(header[1]), int(header[2])
    pixels = raw[header.end() :]
    ink = [
        max((x for x in range(width) if pixels[y * width + x] < 230), default=-1)
        for y in range(height)
    ]
    column = max(ink)
    run = longest = 0
    for y in range(height):
        run = run + 1 if pixels[y * width + column] < 230 else 0
        longest = max(longest, run)
    return width, column, longest


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_scorecard_is_not_clipped_or_shrunk(linked, paper):  # noqa: F811
    profile, _, _ = linked
    # Long words everywhere a profile allows text: a URL, a title, a condition.
    long_url = "https://example.com/" + "a" * 300
    text = profile.read_text(encoding="utf-8")
    text = text.replace("Sign the BAA before go-live", "Keep " + "x" * 200 + " on file")
    text += f"sources:\n  - title: {'Title' * 60}\n    url: {long_url}\n"
    profile.write_text(text, encoding="utf-8")
    html = profile.with_suffix(".html")
    assert run_cli("report", profile, "-f", "html", "-o", html).exit_code == 0
    pdf = print_to_pdf(html, paper)
    width = page_width(pdf)
    assert round(width) == (595 if paper == "A4" else 612)

    layout = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(layout)]
    assert words
    assert max(x_max for _, _, x_max, _, _ in words) <= width - MARGIN_PT + 0.5
    assert min(x_min for x_min, _, _, _, _ in words) >= MARGIN_PT - 0.5
    # Shrunk to fit, the 18pt title would come out smaller.
    title = next(w for w in words if w[4] == "Vendor")
    assert title[3] - title[1] >= 16

    # The last page ends with the evidence appendix, a table: its right-hand border is
    # the rightmost ink on the page, a vertical line inside the margin.
    pages = layout.count("<page ")
    pixels_wide, column, run = right_edge_column(pdf, pages)
    assert column <= pixels_wide - MARGIN_PT
    assert run >= 20, "the table's right border is missing: clipped at the page edge"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_portfolio_is_not_shrunk_by_a_long_vendor_name(tmp_path, paper):
    # The portfolio shares the scorecard's page shell, so its print rules hold here too: a
    # name with no place to break wraps inside its cell instead of widening the table.
    long_name = "Acme" + "X" * 150
    (tmp_path / "acme.yaml").write_text(
        f"vendor:\n  name: {long_name}\nassessment:\n  checklist: healthcare-analytics\n"
        '  as_of: "2026-06-01"\nbaa:\n  offered: true\n',
        encoding="utf-8",
    )
    html = tmp_path / "portfolio.html"
    result = run_cli("portfolio", tmp_path, "--as-of", "2026-11-29", "-o", html)
    assert result.exit_code == 0, result
    pdf = print_to_pdf(html, paper)
    width = page_width(pdf)

    layout = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(layout)]
    assert any(w.startswith("AcmeXXX") for *_, w in words)
    assert max(x_max for _, _, x_max, _, _ in words) <= width - MARGIN_PT + 0.5
    # Shrunk to fit, the 18pt title would come out smaller.
    title = next(w for w in words if w[4] == "Vendor")
    assert title[3] - title[1] >= 16
