"""SOC 2 facts from the text of a SOC report, each cited by page and quote.

`vocabulary` holds the wording of reports; `pages` prepares the text; `rules`,
`exceptions` and `subservice` decide the facts; `extract` runs them in order.
"""

from vendor_eval.evidence.soc2.extract import extract_soc2
from vendor_eval.evidence.soc2.vocabulary import CATEGORIES

__all__ = ["CATEGORIES", "extract_soc2"]
