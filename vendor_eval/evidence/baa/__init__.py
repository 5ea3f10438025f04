"""BAA evidence: is the document a HIPAA business associate agreement, what does it leave
out (carve-outs), how fast must breaches be reported, and which of the HHS sample
provisions it carries, each answer cited by page and quote.

`vocabulary` holds the phrases clauses are written in, `provisions` the HHS sample
provisions, and `rules` what a sentence must say for each answer.
"""

from vendor_eval.evidence.baa.provisions import HHS_PROVISIONS, Provision
from vendor_eval.evidence.baa.rules import BaaFindings, baa_facts, extract_baa
from vendor_eval.evidence.baa.vocabulary import CARVE_OUTS

__all__ = [
    "CARVE_OUTS",
    "HHS_PROVISIONS",
    "BaaFindings",
    "Provision",
    "baa_facts",
    "extract_baa",
]
