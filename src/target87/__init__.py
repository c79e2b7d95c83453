"""Target 8.7 Platform: software for the Alliance 8.7 partnership."""

__version__ = "0.1.0"
