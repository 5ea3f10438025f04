"""vendor-eval: decide, with evidence, whether a vendor is fit to handle PHI."""

__version__ = "0.1.0"
