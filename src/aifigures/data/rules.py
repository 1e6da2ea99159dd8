"""data/rules.yml, the written rules verdicts are computed by: loaded once, and checked, so a
damaged file gives one message naming its line before any notebook runs (no pandas here:
the build checks it while its kernels start)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from aifigures import config
from aifigures.data.files import fail, read_yaml, type_name, yaml_line


@lru_cache(maxsize=2)
def load_rules(path: Path | None = None) -> dict:
    """data/rules.yml, checked: a DataError naming the file and line when it is damaged."""
    path = Path(path or config.DATA_DIR / "rules.yml")
    rules = read_yaml(path)
    problem = _rules_problem(rules)
    if problem:
        keys, message = problem
        raise fail(path, f"{'.'.join(keys) + ': ' if keys else ''}{message}", yaml_line(path, keys))
    return rules


def _rules_problem(rules) -> tuple[tuple, str] | None:
    if not isinstance(rules, dict):
        return (), f"the top level must be a mapping with 'tolerance' and 'verdicts'; it is {type_name(rules)}"
    tolerance = rules.get("tolerance")
    if not isinstance(tolerance, dict):
        return ("tolerance",), "must be a mapping with matches_relative and approx_relative"
    for key in ("matches_relative", "approx_relative"):
        value = tolerance.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
            return ("tolerance", key), f"must be a relative tolerance between 0 and 1 (0.005 = 0.5%); it is {value!r}"
    verdicts = rules.get("verdicts")
    if not isinstance(verdicts, dict) or not verdicts:
        return ("verdicts",), "must map each verdict to the rule that gives it"
    for name, text in verdicts.items():
        if not isinstance(text, str) or not text.strip():
            return ("verdicts", str(name)), f"must be the rule's text; it is {type_name(text)}"
    return None
