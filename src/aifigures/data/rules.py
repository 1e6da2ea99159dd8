"""data/rules.yml, the written rules verdicts are computed by: loaded once, and checked, so a
damaged file gives one message naming its line before any notebook runs (no pandas here:
the build checks it while its kernels start). Its shape is a JSON Schema (SCHEMA)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from aifigures import config
from aifigures.data.files import read_yaml, schema_problem

TOLERANCE = {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "x-shown": "value",
             "description": "must be a relative tolerance between 0 and 1 (0.005 = 0.5%)"}
# the shape of data/rules.yml, checked by jsonschema (files.schema_problem); each part's
# description is the message a reader gets when that part is wrong
SCHEMA = {
    "type": "object",
    "description": "the top level must be a mapping with 'tolerance' and 'verdicts'",
    "required": ["tolerance", "verdicts"],
    "properties": {
        "tolerance": {
            "type": "object",
            "description": "must be a mapping with matches_relative and approx_relative",
            "required": ["matches_relative", "approx_relative"],
            "properties": {"matches_relative": TOLERANCE, "approx_relative": TOLERANCE},
        },
        "verdicts": {
            "type": "object",
            "minProperties": 1,
            "description": "must map each verdict to the rule that gives it",
            "additionalProperties": {"type": "string", "pattern": "\\S", "description": "must be the rule's text"},
        },
    },
}


@lru_cache(maxsize=2)
def load_rules(path: Path | None = None) -> dict:
    """data/rules.yml, checked: a DataError naming the file and line when it is damaged."""
    path = Path(path or config.DATA_DIR / "rules.yml")
    rules = read_yaml(path)
    problem = schema_problem(path, rules, SCHEMA)
    if problem:
        raise problem
    return rules
