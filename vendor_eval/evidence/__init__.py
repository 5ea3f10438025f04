"""Evidence: facts pulled out of a vendor's documents, each with the citations behind it."""
