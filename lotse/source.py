"""Reading one YAML file safely, keeping the line and column of every node.

`yaml.safe_load` semantics, but composed node by node so that each value keeps
its position, duplicate keys are reported (PyYAML silently keeps the last one),
and hostile files (alias bombs, gigantic or binary files, deep nesting) fail
fast with a clear message and bounded memory instead of hanging the portal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lotse.problems import Problem, Severity

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64

Loc = tuple[str | int, ...]

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SEXAGESIMAL = re.compile(r"^[0-9][0-9_]*(:[0-5]?[0-9])+$")
_TRUE_FALSE = {"true", "false"}


@dataclass
class Document:
    """A parsed YAML file: its data, where each node stands, and what was wrong."""

    name: str
    data: Any = None
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    ends: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    flow: set[Loc] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def position(self, loc: Loc) -> tuple[int, int]:
        """Line and column of the deepest node on `loc` that exists.

        Elements of `loc` that are not in the file (such as pydantic's union
        tags) are skipped, so a validation error still lands on its node.
        """
        best = self.positions.get((), (1, 1))
        path: Loc = ()
        for part in loc:
            candidate = (*path, part)
            if candidate in self.positions:
                path = candidate
                best = self.positions[candidate]
        return best

    def problem(self, loc: Loc, message: str, severity: Severity = Severity.error) -> Problem:
        line, column = self.position(loc)
        return Problem(self.name, line, column, severity, message)


class _TooBig(Exception):
    pass


class _Converter:
    def __init__(self, doc: Document):
        self.doc = doc
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(
                f"more than {MAX_NODES:,} values (an alias bomb, or a file that should be split with `include`)"
            )
        if depth > MAX_DEPTH:
            raise _TooBig(f"nested deeper than {MAX_DEPTH} levels")
        self.doc.ends[loc] = (node.end_mark.line + 1, node.end_mark.column + 1)
        if getattr(node, "flow_style", False):
            self.doc.flow.add(loc)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._error(node, f"unsupported tag {node.tag}")
            return [self._child(item, (*loc, i), depth) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _child(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.doc.positions.setdefault(loc, _mark(node))
        return self.convert(node, loc, depth + 1)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            self._error(node, f"unsupported tag {node.tag}")
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._error(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, "a key must be a plain word, not a list or mapping")
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in out:
                self._error(
                    key_node,
                    f"duplicate key '{key}' (first at line {first_line[key]}); "
                    "remove one of them, YAML would silently keep only the last",
                )
                continue
            first_line[key] = line
            self.doc.positions.setdefault((*loc, key), _mark(key_node))
            out[key] = self.convert(value_node, (*loc, key), depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        value = node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:int" and (_SEXAGESIMAL.match(value) or value.startswith("0") and len(value) > 1):
            # 09:00 is a time, never YAML 1.1's base-60 number; 07743 and 0364123 are a
            # postal code and a phone number, never octal numbers.
            return value
        if tag == "tag:yaml.org,2002:bool" and value.lower() not in _TRUE_FALSE:
            return value  # yes/no/on/off stay words: `wheelchair: no` means "no"
        if tag == "tag:yaml.org,2002:timestamp" and len(value) > 10:
            return value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self._error(node, f"cannot read this value: {getattr(exc, 'problem', exc)}")
            return None

    def _error(self, node: yaml.Node, message: str) -> None:
        line, column = _mark(node)
        self.doc.problems.append(Problem(self.doc.name, line, column, Severity.error, message))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _measure(text: str) -> None:
    """Count nesting depth and the values aliases would expand to, from the event stream.

    The event parser is iterative, so this is safe where composing is not:
    libyaml's composer recurses (deep nesting crashes it) and expanding an
    alias bomb would take minutes and gigabytes.
    """
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = []
    total = 0
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        anchor: str | None = getattr(event, "anchor", None)
        if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
            n = 1 if kind is yaml.ScalarEvent else sizes.get(anchor or "", 1)
            if kind is yaml.ScalarEvent and anchor:
                sizes[anchor] = 1
            total += n
            if stack:
                parent, count = stack[-1]
                stack[-1] = (parent, count + n)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            stack.append((anchor, 1))
            if len(stack) > MAX_DEPTH:
                raise _TooBig(f"nested deeper than {MAX_DEPTH} levels")
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            opened, count = stack.pop()
            if opened:
                sizes[opened] = count
            total += 1
            if stack:
                parent, parent_count = stack[-1]
                stack[-1] = (parent, parent_count + count)
        if total > MAX_NODES:
            raise _TooBig(
                f"more than {MAX_NODES:,} values (an alias bomb, or a file that should be split with `include`)"
            )


def read(path: Path, name: str | None = None) -> Document:
    """Read `path` as YAML; problems are collected in the document, never raised."""
    doc = Document(name or str(path))
    try:
        size = path.stat().st_size
    except OSError as exc:
        doc.problems.append(Problem(doc.name, 1, 1, Severity.error, f"cannot open file: {exc.strerror}"))
        return doc
    if size > MAX_BYTES:
        doc.problems.append(
            Problem(
                doc.name, 1, 1, Severity.error,
                f"file is {size / 1024 / 1024:.0f} MiB, more than the {MAX_BYTES // 1024 // 1024} MiB allowed; "
                "split it into several files with `include`",
            )
        )
        return doc
    return parse(path.read_bytes(), doc)


def parse(raw: bytes, doc: Document) -> Document:
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        doc.problems.append(
            Problem(doc.name, line, 1, Severity.error, "binary data (a NUL byte): this is not a YAML text file")
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        doc.problems.append(
            Problem(doc.name, line, 1, Severity.error, "not UTF-8 text; save the file as UTF-8")
        )
        return doc
    try:
        _measure(text)
        node = yaml.compose(text, Loader=_Loader)
    except _TooBig as exc:
        doc.problems.append(Problem(doc.name, 1, 1, Severity.error, f"file too large to read: {exc}"))
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.problem, f"({exc.context})" if exc.context else None]))
        doc.problems.append(Problem(doc.name, line, column, Severity.error, f"YAML syntax: {message}"))
        return doc
    except (yaml.YAMLError, RecursionError) as exc:
        doc.problems.append(Problem(doc.name, 1, 1, Severity.error, f"YAML syntax: {exc}"))
        return doc
    if node is None:
        doc.data = {}
        return doc
    doc.positions[()] = _mark(node)
    converter = _Converter(doc)
    try:
        doc.data = converter.convert(node, ())
    except (_TooBig, RecursionError) as exc:
        doc.data = None
        doc.positions = {(): (1, 1)}
        doc.problems.append(Problem(doc.name, 1, 1, Severity.error, f"file too large to read: {exc}"))
    return doc
