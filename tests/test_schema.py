"""The JSON Schemas editors use stay equal to what the content model generates."""

import json

from conftest import ROOT

from lotse.schema import schemas


def test_committed_schemas_match_the_model() -> None:
    for name, schema in schemas().items():
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        expected = json.loads(json.dumps(schema, default=str))
        assert committed == expected, f"schema/{name} is out of date: run python -m lotse schema"


def test_every_yaml_file_names_its_schema() -> None:
    files = [ROOT / "services.yaml", *sorted((ROOT / "content").rglob("*.yaml"))]
    missing = [str(f.relative_to(ROOT)) for f in files
               if not f.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")]
    assert missing == []
