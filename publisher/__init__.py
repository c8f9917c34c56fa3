"""publisher: one structured news release in, every accessible format out."""

__version__ = "0.1.0"
