"""Reading an input text file (YAML, JSON) with one clear problem for what an editor, a merge
or a crash can do to it: missing, empty, not UTF-8, a merge conflict left in, not parseable,
or parseable with the wrong structure. Each becomes a DataError naming the file and, where
the format has them, the line and column."""

from __future__ import annotations

from pathlib import Path

import yaml

from aifigures.data.problems import DataError, Problem, display_path

RESTORE = "restore it from git (git checkout -- FILE) or fix it by hand"
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


def fail(path: Path, message: str, line: int | None = None, column: int | None = None) -> DataError:
    """A DataError with one problem on the file, at its line and column where they are known (for the caller to raise)."""
    if column is not None:
        message = f"column {column}: {message}"
    return DataError([Problem(display_path(path), line, None, message)])


def read_text(path: Path) -> str:
    """The file as text, or a DataError saying why it cannot be read as an input."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail(path, "file is missing") from None
    except OSError as err:
        raise fail(path, f"cannot be read: {err.strerror}") from None
    if not raw.strip():
        raise fail(path, f"file is empty; {RESTORE.replace('FILE', display_path(path))}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise fail(path, f"byte 0x{raw[err.start]:02x} is not UTF-8 (a binary or damaged file); "
                         f"{RESTORE.replace('FILE', display_path(path))}", line, column) from None
    if "\x00" in text:
        offset = text.index("\x00")
        raise fail(path, "holds NUL bytes (a binary or damaged file); " + RESTORE.replace("FILE", display_path(path)),
                   text.count("\n", 0, offset) + 1)
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(CONFLICT_MARKERS) and (line[:7] != "=======" or not line[7:].strip()):
            raise fail(path, f"a merge conflict marker ({line[:7]}): keep one side of the conflict, "
                             "delete the markers, and save", number)
    return text


def read_yaml(path: Path) -> object:
    """Safe YAML through libyaml when PyYAML has it: ten times faster than the pure-Python
    loader, which costs every notebook a fifth of a second for the dictionary alone."""
    text = read_text(path)
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or err.context or "cannot be parsed"
        context = f" ({err.context})" if err.context and err.problem else ""
        raise fail(path, f"not valid YAML: {what}{context}", mark.line + 1 if mark else None,
                   mark.column + 1 if mark else None) from None
    except yaml.YAMLError as err:
        raise fail(path, f"not valid YAML: {err}") from None


def yaml_line(path: Path, keys: tuple) -> int | None:
    """Line of the value at `keys` (mapping keys, list indexes) in a YAML file that parses,
    or of the deepest part of that path that exists: for structure problems."""
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
            key_node = next((k for k, v in node.value if k.value == str(key)), None)
            if match is None:
                return line
            line, node = key_node.start_mark.line + 1, match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def type_name(value: object) -> str:
    """What a parsed YAML value is, in words for a message: 'a mapping', 'a list', 'a string', 'empty'..."""
    return {dict: "a mapping", list: "a list", str: "a string", int: "a number", float: "a number",
            bool: "true/false", type(None): "empty"}.get(type(value), type(value).__name__)


def schema_problem(path: Path, raw: object, schema: dict) -> DataError | None:
    """The first place `raw` breaks `schema` (a JSON Schema, checked by jsonschema), as one
    message with the file and line: the dotted path of the failing part, the `description` the
    schema gives that part, and what the file has there ("; it is a string").

    Keys the schema may add to a part: `x-shown` ("type": what kind of value, the default;
    "value": the value itself; "none": nothing) and `x-at-parent` (name the enclosing part:
    "fields.title: required must be true or false", not "fields.title.required: ...")."""
    import sys

    # jsonschema imports rfc3987_syntax if installed, which compiles a grammar for about 1 s to
    # check IRI formats these schemas do not use; a None entry makes that import fail fast (the
    # build does the same before nbformat, build/kernels.py)
    sys.modules.setdefault("rfc3987_syntax", None)
    from jsonschema import Draft202012Validator

    error = next(Draft202012Validator(schema).iter_errors(raw), None)
    if error is None:
        return None
    keys, part, instance, shown = tuple(error.absolute_path), error.schema, error.instance, None
    if error.validator == "required":  # name the missing part, with its own description
        missing = next(k for k in error.validator_value if k not in instance)
        keys, part, shown = (*keys, missing), error.schema.get("properties", {}).get(missing, {}), "missing"
    elif error.validator in ("minProperties", "minItems"):
        shown = "empty"
    elif error.validator == "additionalProperties" and error.validator_value is False:
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(map(str, set(instance) - set(allowed)))
        return fail(path, f"{'.'.join(map(str, keys))}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}",
                    yaml_line(path, keys))
    line = yaml_line(path, keys)
    if part.get("x-at-parent"):
        keys = keys[:-1]
    message = part.get("description", error.message).replace("{value}", repr(instance))
    how = part.get("x-shown", "type")
    if how != "none":
        message += f"; it is {shown or (repr(instance) if how == 'value' else type_name(instance))}"
    where = ".".join(map(str, keys))
    return fail(path, f"{where}: {message}" if where else message, line)
