"""The machine-readable data dictionary (data/dictionary.yml): tables, fields, vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from aifigures import config
from aifigures.data.files import fail, read_yaml, schema_problem, yaml_line

__all__ = ["Dictionary", "Field", "Table", "load_dictionary", "read_yaml"]

FIELD_TYPES = ("string", "number", "integer", "boolean", "partial_date", "date", "value", "url")
# the tables and vocabularies the package reads by name
REQUIRED_TABLES = ("articles", "entities", "claims", "reference", "fx_rates", "overrides", "dismissed")
REQUIRED_VOCABULARIES = ("metric", "unit", "verdict")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    description: str = ""
    vocabulary: str | None = None
    pattern: str | None = None
    references: str | None = None  # "table.column"
    unique: bool = False
    max_length: int | None = None
    minimum_exclusive: float | None = None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    description: str
    primary_key: tuple[str, ...]
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """The table's column names, in the dictionary's order."""
        return list(self.fields)


@dataclass(frozen=True)
class Dictionary:
    tables: dict[str, Table]
    vocabularies: dict[str, dict]

    def vocabulary(self, name: str) -> set[str]:
        """The values a vocabulary allows."""
        return set(self.vocabularies[name])

    def metric_units(self) -> dict[str, list[str]]:
        """Each metric with the units it may be given in."""
        return {m: spec["units"] for m, spec in self.vocabularies["metric"].items()}


@lru_cache(maxsize=4)
def load_dictionary(path: Path | None = None) -> Dictionary:
    """The data dictionary (data/dictionary.yml unless `path` names another), its structure checked; raises DataError."""
    path = Path(path or config.DICTIONARY_FILE)
    raw = read_yaml(path)
    _check_structure(path, raw)
    tables = {}
    for name, spec in raw["tables"].items():
        key = spec["primary_key"]
        fields = {fname: Field(name=fname, **fspec) for fname, fspec in spec["fields"].items()}
        tables[name] = Table(
            name=name,
            file=spec["file"],
            description=spec.get("description", ""),
            primary_key=tuple(key) if isinstance(key, list) else (key,),
            fields=fields,
        )
    return Dictionary(tables=tables, vocabularies=raw["vocabularies"])


def _schema() -> dict:
    """The shape of data/dictionary.yml as a JSON Schema, checked by jsonschema
    (files.schema_problem): each part's description is the message a reader gets when that
    part is wrong. What a schema cannot say (a key that names a field, a vocabulary that
    exists, the tables the suite reads) _check_structure checks after it."""
    flag = {"type": "boolean", "x-at-parent": True, "x-shown": "value"}
    field_spec = {
        "type": "object",
        "description": "must be a mapping such as {type: string, required: true}",
        "properties": {
            "type": {"enum": list(FIELD_TYPES), "x-at-parent": True, "x-shown": "none",
                     "description": f"type {{value}} is not one of {', '.join(FIELD_TYPES)}"},
            "required": {**flag, "description": "required must be true or false"},
            "unique": {**flag, "description": "unique must be true or false"},
            "references": {"type": "string", "pattern": r"^[^.]+\.[^.]+$", "x-at-parent": True, "x-shown": "value",
                           "description": "references must be 'table.column'"},
            **{name: {} for name in sorted({f.name for f in fields(Field)} - {"name", "type", "required", "unique", "references"})},
        },
        "required": ["type"],
        "additionalProperties": False,
    }
    mapping = "must be a mapping of names to their definitions"
    return {
        "type": "object",
        "description": "the top level must be a mapping with 'vocabularies' and 'tables'",
        "required": ["vocabularies", "tables"],
        "properties": {
            "vocabularies": {
                "type": "object", "minProperties": 1, "description": mapping,
                "properties": {"metric": {"type": "object", "minProperties": 1,
                                          "description": "must map each allowed value to its meaning", "additionalProperties": {
                    "type": "object", "required": ["units"],
                    "properties": {"units": {"type": "array", "x-at-parent": True, "x-shown": "none",
                                             "description": "needs 'units:', the list of units the metric is given in"}},
                    "description": "needs 'units:', the list of units the metric is given in", "x-shown": "none"}}},
                "additionalProperties": {"type": "object", "minProperties": 1,
                                         "description": "must map each allowed value to its meaning"},
            },
            "tables": {
                "type": "object", "minProperties": 1, "description": mapping,
                "additionalProperties": {
                    "type": "object",
                    "description": "must be a mapping (file, primary_key, fields)",
                    "required": ["file", "fields", "primary_key"],
                    "properties": {
                        "file": {"type": "string", "x-shown": "none", "description": "needs the table's file name (a string)"},
                        "fields": {"type": "object", "minProperties": 1, "x-shown": "none",
                                   "description": "needs a mapping of column names to their definitions",
                                   "additionalProperties": field_spec},
                        "primary_key": {"type": ["string", "array"], "items": {"type": "string"}, "minItems": 1,
                                        "x-shown": "value", "description": "must name one or more of the table's fields"},
                    },
                },
            },
        },
    }


def _check_structure(path: Path, raw: object) -> None:
    """The shape load_dictionary and validation rely on (the JSON Schema, then what it cannot
    say); the first problem found is raised, with the line of the part that is wrong (a file
    that parses can still be cut short)."""
    problem = schema_problem(path, raw, _schema())
    if problem:
        raise problem

    def wrong(keys: tuple, message: str):
        where = ".".join(str(k) for k in keys)
        return fail(path, f"{where}: {message}" if where else message, yaml_line(path, keys))

    vocabularies, tables = raw["vocabularies"], raw["tables"]
    for name in REQUIRED_VOCABULARIES:
        if name not in vocabularies:
            raise wrong(("vocabularies",), f"lacks the vocabulary '{name}', which the suite reads")
    for name in REQUIRED_TABLES:
        if name not in tables:
            raise wrong(("tables",), f"lacks the table '{name}', which the suite reads")
    for name, spec in tables.items():
        key = spec["primary_key"]
        if not all(k in spec["fields"] for k in (key if isinstance(key, list) else [key])):
            raise wrong(("tables", name, "primary_key"), f"must name one or more of the table's fields; it is {key!r}")
        for fname, fspec in spec["fields"].items():
            if "vocabulary" in fspec and fspec["vocabulary"] not in vocabularies:
                raise wrong(("tables", name, "fields", fname), f"vocabulary {fspec['vocabulary']!r} is not defined under 'vocabularies'")
