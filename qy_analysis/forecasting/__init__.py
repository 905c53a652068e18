"""Forecasts of short annual series with honest uncertainty; see api.py for the contract."""

from ..errors import InsufficientData
from .api import METHODS, forecast
from .intervals import Calibration
from .result import Forecast

__all__ = ["METHODS", "Calibration", "Forecast", "InsufficientData", "forecast"]
