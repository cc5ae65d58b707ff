"""JSON Schemas generated from the content model, for editors' YAML tooling.

Each YAML file starts with `# yaml-language-server: $schema=...` pointing at
one of these, so an editor gets completion and checks while typing. A test
keeps the committed files equal to what the model generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lotse.model import SECTIONS, Guide, Model, Site, Synonym
from lotse.termbase import Termbase

SCHEMAS: dict[str, type[BaseModel]] = {}


def _file_schema(title: str, site: bool, include: bool) -> dict[str, Any]:
    props: dict[str, Any] = {}
    defs: dict[str, Any] = {}
    models: dict[str, type[Model]] = {"site": Site, **SECTIONS}
    for name, model in models.items():
        if name == "site" and not site:
            continue
        schema = model.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
        ref = {"$ref": f"#/$defs/{model.__name__}"}
        props[name] = ref if name == "site" else {"type": "array", "items": ref}
    if include:
        props["include"] = {"type": "array", "items": {"type": "string"}, "description": "Further YAML files, relative to this one."}
    result: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        "$defs": dict(sorted(defs.items())),
    }
    if site:
        result["required"] = ["site"]
    return result


def schemas() -> dict[str, dict[str, Any]]:
    guide = Guide.model_json_schema(by_alias=True)
    guide["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    terms = Termbase.model_json_schema(by_alias=True)
    terms["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    synonym = Synonym.model_json_schema(by_alias=True)
    synonyms = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Lotse content/synonyms.yaml",
        "type": "object",
        "additionalProperties": False,
        "properties": {"synonyms": {"type": "array", "items": {"$ref": "#/$defs/Synonym"}}},
        "$defs": {"Synonym": synonym},
    }
    return {
        "services.schema.json": _file_schema("Lotse services.yaml", site=True, include=True),
        "synonyms.schema.json": synonyms,
        "directory.schema.json": _file_schema("Lotse included directory file", site=False, include=False),
        "guide.schema.json": guide,
        "termbase.schema.json": terms,
    }


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        written.append(path)
    return written


__all__ = ["Model", "schemas", "write_schemas"]
