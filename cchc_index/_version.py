"""The package's version, in a module of its own: the lowest layer may read it."""

__version__ = "0.1.0"
