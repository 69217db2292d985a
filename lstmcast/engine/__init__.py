"""The LSTM engine: Numba kernels, the flat parameter buffer, AdamW, and the model object.

Imports nothing of pandas, typer or rich, so it can be used (and tested) on its own.
"""

from .compile import compile_kernels, kernels_cached
from .model import Forward, Gradients, LSTMForecaster

__all__ = ["Forward", "Gradients", "LSTMForecaster", "compile_kernels", "kernels_cached"]
