"""The version of tramas, read by the reports, the manifest and ``tramas --version``."""

__all__ = ["__version__"]

__version__ = "0.1.0"
