"""Renderers: pure functions from assessments to text, one module per output format."""
