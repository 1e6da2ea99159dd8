"""The machine-readable data dictionary (data/dictionary.yml): tables, fields, vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from aifigures import config
from aifigures.data.files import fail, read_yaml, type_name, yaml_line

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


def _check_structure(path: Path, raw: object) -> None:
    """The shape load_dictionary and validation rely on; the first problem found is raised,
    with the line of the part that is wrong (a file that parses can still be cut short)."""
    def wrong(keys: tuple, message: str):
        where = ".".join(str(k) for k in keys)
        return fail(path, f"{where}: {message}" if where else message, yaml_line(path, keys))

    if not isinstance(raw, dict):
        raise wrong((), f"the top level must be a mapping with 'vocabularies' and 'tables'; it is {type_name(raw)}")
    for part in ("vocabularies", "tables"):
        if not isinstance(raw.get(part), dict) or not raw[part]:
            raise wrong((part,), f"must be a mapping of names to their definitions; it is "
                                 f"{'missing' if part not in raw else type_name(raw[part])}")
    vocabularies, tables = raw["vocabularies"], raw["tables"]
    for name in REQUIRED_VOCABULARIES:
        if name not in vocabularies:
            raise wrong(("vocabularies",), f"lacks the vocabulary '{name}', which the suite reads")
    for name, values in vocabularies.items():
        if not isinstance(values, dict) or not values:
            raise wrong(("vocabularies", name), f"must map each allowed value to its meaning; it is {type_name(values)}")
    for metric, spec in vocabularies["metric"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("units"), list):
            raise wrong(("vocabularies", "metric", metric), "needs 'units:', the list of units the metric is given in")
    for name in REQUIRED_TABLES:
        if name not in tables:
            raise wrong(("tables",), f"lacks the table '{name}', which the suite reads")
    known = {f.name for f in fields(Field)} - {"name"}
    for name, spec in tables.items():
        if not isinstance(spec, dict):
            raise wrong(("tables", name), f"must be a mapping (file, primary_key, fields); it is {type_name(spec)}")
        if not isinstance(spec.get("file"), str):
            raise wrong(("tables", name, "file"), "needs the table's file name (a string)")
        if not isinstance(spec.get("fields"), dict) or not spec["fields"]:
            raise wrong(("tables", name, "fields"), "needs a mapping of column names to their definitions")
        key = spec.get("primary_key")
        keys = key if isinstance(key, list) else [key]
        if not keys or not all(isinstance(k, str) and k in spec["fields"] for k in keys):
            raise wrong(("tables", name, "primary_key"), f"must name one or more of the table's fields; it is {key!r}")
        for fname, fspec in spec["fields"].items():
            at = ("tables", name, "fields", fname)
            if not isinstance(fspec, dict):
                raise wrong(at, f"must be a mapping such as {{type: string, required: true}}; it is {type_name(fspec)}")
            unknown = sorted(set(fspec) - known)
            if unknown:
                raise wrong(at, f"unknown key(s) {', '.join(map(str, unknown))}; allowed: {', '.join(sorted(known))}")
            if fspec.get("type") not in FIELD_TYPES:
                raise wrong(at, f"type {fspec.get('type')!r} is not one of {', '.join(FIELD_TYPES)}")
            if "vocabulary" in fspec and fspec["vocabulary"] not in vocabularies:
                raise wrong(at, f"vocabulary {fspec['vocabulary']!r} is not defined under 'vocabularies'")
            for flag in ("required", "unique"):
                if flag in fspec and not isinstance(fspec[flag], bool):
                    raise wrong(at, f"{flag} must be true or false; it is {fspec[flag]!r}")
            ref = fspec.get("references")
            if ref is not None and (not isinstance(ref, str) or ref.count(".") != 1):
                raise wrong(at, f"references must be 'table.column'; it is {ref!r}")
