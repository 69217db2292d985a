"""lstmcast: forecast time series from a CSV with a hand-written LSTM compiled by Numba."""

__version__ = "0.1.0"
