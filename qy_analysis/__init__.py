"""qy-analysis: will a plan's targets be reached, and what would it take?

Read published statistics (`read`), clean them into one tidy panel with provenance (`clean`),
forecast with honest uncertainty and assess each target of the plan.
"""
from .errors import DataError
from .cleaning.pipeline import clean
from .ingest.readers import read

__all__ = ["DataError", "clean", "read"]
__version__ = "0.1.0"
