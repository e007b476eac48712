"""The record's JSON Schema, derived from the :class:`~herald_scraper.items.Article` dataclass.

Written once: each property's type comes from the field's annotation, its description from the
docstring under the field in ``items.py`` (read with :mod:`ast`, since Python keeps no attribute
docstrings at run time), and its constraints (patterns, enums) from the field's
``metadata["json_schema"]``. ``herald-scraper schema`` prints it.

:func:`duckdb_columns` gives DuckDB the column types from the same schema, so a column's type
does not depend on which rows a query happens to read.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import types
import typing
from functools import cache
from typing import Any

from herald_scraper.items import Article

#: JSON Schema dialect of the generated schema.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SCALARS: dict[Any, str] = {str: "string", int: "integer", bool: "boolean", float: "number"}


@cache
def record_schema() -> dict[str, Any]:
    """The JSON Schema of one JSONL record (a fresh copy is not made: do not mutate it)."""
    hints = typing.get_type_hints(Article)
    docs = field_docstrings(Article)
    properties: dict[str, Any] = {}
    for f in dataclasses.fields(Article):
        prop = json_type(hints[f.name])
        prop.update(f.metadata.get("json_schema", {}))
        if f.name in docs:
            prop["description"] = docs[f.name]
        properties[f.name] = prop
    return {
        "$schema": DIALECT,
        "title": "herald-scraper article record",
        "description": _plain(inspect.getdoc(Article) or ""),
        "type": "object",
        "properties": properties,
        "required": list(properties),  # to_dict() writes every key, null when unknown
        "additionalProperties": False,
    }


def json_type(annotation: Any) -> dict[str, Any]:
    """The JSON Schema type of a field annotation (``str | None``, ``list[str]``, ``int``...)."""
    if annotation in _SCALARS:
        return {"type": _SCALARS[annotation]}
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        return {"type": "array", "items": json_type(args[0])}
    if origin in (types.UnionType, typing.Union):
        parts = [json_type(a) for a in args if a is not type(None)]
        if len(parts) == 1 and type(None) in args and isinstance(parts[0].get("type"), str):
            return {**parts[0], "type": [parts[0]["type"], "null"]}
    raise TypeError(f"no JSON Schema type for {annotation!r}: extend herald_scraper.schema")


def field_docstrings(cls: type) -> dict[str, str]:
    """``{field: docstring}`` for the string literal right under each annotated field."""
    tree = ast.parse(inspect.getsource(cls))
    body = next(node for node in tree.body if isinstance(node, ast.ClassDef)).body
    docs: dict[str, str] = {}
    for node, after in zip(body, body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = _plain(after.value.value)
    return docs


def _plain(doc: str) -> str:
    """A docstring as one line of plain text: reST literals and roles become Markdown code."""
    doc = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", doc)
    return " ".join(doc.replace("``", "`").split())


_DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN", "number": "DOUBLE"}


def duckdb_columns() -> str:
    """The ``columns`` argument of DuckDB's ``read_json`` for records, as a SQL struct literal:
    ``read_json('output/**/*.jsonl', columns=<this>)``. A ``date-time`` field is
    ``TIMESTAMPTZ``; the publication and modification dates (a day or a timestamp) stay
    ``VARCHAR``, whatever the rows read hold."""
    types = {}
    for name, prop in record_schema()["properties"].items():
        kind = prop["type"][0] if isinstance(prop["type"], list) else prop["type"]
        if kind == "array":
            types[name] = _DUCKDB[prop["items"]["type"]] + "[]"
        elif prop.get("format") == "date-time":
            types[name] = "TIMESTAMPTZ"
        else:
            types[name] = _DUCKDB[kind]
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in types.items()) + "}"
