"""Reading YAML: positions, duplicate keys, YAML 1.1 traps, and hostile files."""

from pathlib import Path

import pytest

from lotse.source import Document, parse


def problems(raw: bytes) -> list[str]:
    return [str(p) for p in parse(raw, Document("f.yaml")).problems]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\nb: 2\na: 3\n",
         ["f.yaml:3:1: error: duplicate key 'a' (first at line 1); remove one of them, YAML would silently keep only the last"]),
        (b"a: [1, 2\nb: 3\n",
         ["f.yaml:2:2: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)"]),
        (b"a: 1\n\x00\x01\x02",
         ["f.yaml:2:1: error: binary data (a NUL byte): this is not a YAML text file"]),
        (b"a: \xff\xfe\n", ["f.yaml:1:1: error: not UTF-8 text; save the file as UTF-8"]),
        (b"[" * 5000, ["f.yaml:1:65: error: file too large to read: nested deeper than 64 levels"]),
        (b"a: !!python/object:os.system [ls]\n",
         ["f.yaml:1:4: error: unsupported tag tag:yaml.org,2002:python/object:os.system"]),
        (b"<<: {a: 1}\n", ["f.yaml:1:1: error: merge keys (<<) are not supported; write the keys out"]),
    ],
)
def test_bad_yaml_is_reported_with_its_position(raw: bytes, expected: list[str]) -> None:
    assert problems(raw) == expected


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    doc = parse("\n".join(lines).encode(), Document("bomb.yaml"))
    assert doc.data is None
    assert [str(p) for p in doc.problems] == [
        "bomb.yaml:6:22: error: file too large to read: more than 500,000 values "
        "(an alias bomb, or a file that should be split with `include`)"
    ]


def test_times_and_words_keep_their_meaning() -> None:
    doc = parse(b"from: 09:00\nwheelchair: no\nclosed: true\nday: 2026-12-25\n", Document("f.yaml"))
    assert doc.data["from"] == "09:00"  # not YAML 1.1's base-60 number 540
    assert doc.data["wheelchair"] == "no"  # not False
    assert doc.data["closed"] is True
    assert str(doc.data["day"]) == "2026-12-25"


def test_positions_point_at_keys() -> None:
    doc = parse(b"offices:\n  - id: a\n    name:\n      de: X\n", Document("f.yaml"))
    assert doc.position(("offices", 0, "name", "de")) == (4, 7)
    assert doc.position(("offices", 0, "phone", "tag")) == (2, 5)


def test_gigantic_file_is_refused_before_reading(tmp_path: Path) -> None:
    from lotse.source import read

    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(9 * 1024 * 1024)  # sparse: costs no disk
    doc = read(path, "huge.yaml")
    assert doc.data is None
    assert [str(p) for p in doc.problems] == [
        "huge.yaml:1:1: error: file is 9 MiB, more than the 8 MiB allowed; split it into several files with `include`"
    ]
