"""graphsvc: a research knowledge-graph service."""

__version__ = "0.1.0"
