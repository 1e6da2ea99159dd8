"""TEMPORARY stand-in for the formatter (replaced by the real one at merge)."""
from __future__ import annotations
import math
import pandas as pd

def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None

def compact(x: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(x) >= scale:
            return f"{x / scale:.3g}{suffix}"
    return f"{x:.4g}"

def display_value(row) -> str:
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    unit = str(get("unit", "") or "")
    value = get("value", "")
    if unit == "date":
        return str(value)
    v = _num(value)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        low, high = _num(get("value_low")), _num(get("value_high"))
        if low is not None and high is not None and not math.isnan(low):
            return f"{compact(low)}-{compact(high)} {unit}".strip()
        return ""
    return f"{compact(v)} {'' if unit == 'none' else unit}".strip()

def format_date(value) -> str:
    return "" if value is None or (isinstance(value, float)) else str(value)
