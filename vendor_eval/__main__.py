"""The process's entry point: the `vendor-eval` console script and `python -m vendor_eval`.

It owns what is set for the whole process, before anything else is imported; importing
vendor_eval or vendor_eval.cli (a library user, a test) changes none of it."""

from __future__ import annotations

import gc


def main() -> None:
    # A command makes almost no garbage in reference cycles, yet with the default
    # thresholds the collector walks every object start-up imports (typer, the commands'
    # modules and vocabularies) and each page's results while they are young: 10-20 ms of
    # an extract, 5-7 ms of it during the imports alone, so the thresholds are raised
    # before the first of them. Cycles are still collected, in larger batches, as
    # `few_collections` does for a long score run; a long interactive `assess` or
    # `monitor` only collects less often.
    gc.set_threshold(50_000, 20, 20)
    try:
        from vendor_eval.cli import main as run

        run()
    except KeyboardInterrupt:
        # Ctrl-C before typer is there to catch it (during start-up's imports, the first
        # tenth of a second or so): the command stops as typer stops it, quietly with 130.
        raise SystemExit(130) from None
    finally:
        # The run is over and the process ends with it. At exit the interpreter collects
        # garbage once more, walking every object start-up and the command made (typer,
        # the extractors' vocabularies, a document's text): 15-30 ms of an `extract`,
        # to free memory the system takes back anyway. Frozen objects are not walked.
        gc.freeze()


if __name__ == "__main__":
    main()
