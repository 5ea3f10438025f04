"""One module per command; each only turns arguments into calls to the core."""
