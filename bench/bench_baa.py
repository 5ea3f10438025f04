"""How long does `extract baa` take, and how much memory, as an agreement grows?

Run by hand (figures are printed, nothing is asserted):

    python bench/bench_baa.py [--pages 10 100 400] [--repeat 3]

For each size it writes a generated agreement as a PDF (fpdf2) and as a form-feed text
file under bench/out/, then times reading + extraction in-process (best of --repeat) and
reports the peak traced Python memory of one run. A real BAA is 5-30 pages; the large
sizes show how the cost grows (an MSA with the BAA as an exhibit can run to hundreds).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from fpdf import FPDF

from vendor_eval.evidence.baa import extract_baa
from vendor_eval.evidence.documents import read_document

OUT = Path(__file__).parent / "out"

PARAGRAPHS = [
    "This Business Associate Addendum forms part of the Agreement between the vendor and "
    "the customer and governs protected health information under HIPAA.",
    "Vendor will not use or further disclose PHI except as this Addendum permits or "
    "requires or as required by law, and will apply the minimum necessary standard.",
    "Vendor shall notify Customer of a Breach of Unsecured PHI without unreasonable delay "
    "and in no case later than thirty (30) calendar days after discovering it.",
    "Customer shall pay each invoice within forty-five (45) days; Vendor shall delete "
    "Customer data within ninety (90) days after termination.",
    "Vendor will bind each subcontractor in writing to restrictions at least as stringent "
    "as those in this Addendum, and will return or destroy all PHI when it ends.",
    '"Covered Services" means the event pipeline and does not include the marketing '
    "module; Customer shall not send PHI in analytics event properties.",
]


def agreement_pages(pages: int) -> list[str]:
    per_page = 7
    return [
        "\n\n".join(
            f"{page}.{n} " + PARAGRAPHS[(page * per_page + n) % len(PARAGRAPHS)]
            for n in range(per_page)
        )
        for page in range(1, pages + 1)
    ]


def write_inputs(pages: int) -> tuple[Path, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    texts = agreement_pages(pages)
    pdf = FPDF(format="letter")
    pdf.set_font("Helvetica", size=10)
    for text in texts:
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
    pdf_path = OUT / f"baa-{pages}p.pdf"
    pdf.output(str(pdf_path))
    txt_path = OUT / f"baa-{pages}p.txt"
    txt_path.write_text("\f".join(texts) + "\f", encoding="utf-8")
    return pdf_path, txt_path


def measure(path: Path, repeat: int) -> tuple[float, float, float]:
    """(best seconds, of which reading, peak MiB) for read + extract."""
    best = best_read = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        document = read_document(path)
        read = time.perf_counter() - start
        extract_baa(document)
        total = time.perf_counter() - start
        if total < best:
            best, best_read = total, read
    tracemalloc.start()
    extract_baa(read_document(path))
    peak = tracemalloc.get_traced_memory()[1] / 1_048_576
    tracemalloc.stop()
    return best, best_read, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 100, 400])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'input':<22}{'pages':>6}{'total s':>10}{'read s':>9}{'ms/page':>9}{'peak MiB':>10}")
    for pages in args.pages:
        for path in write_inputs(pages):
            total, read, peak = measure(path, args.repeat)
            print(
                f"{path.name:<22}{pages:>6}{total:>10.3f}{read:>9.3f}"
                f"{1000 * total / pages:>9.2f}{peak:>10.1f}"
            )


if __name__ == "__main__":
    main()
