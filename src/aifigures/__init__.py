"""aifigures: a ledger of the figures five articles cite about the 2024-2025 AI race,
fact-checked against primary sources and charted by Jupyter notebooks."""

__version__ = "0.1.0"
