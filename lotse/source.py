"""Reading one YAML file safely, keeping the line and column of every node.

`yaml.safe_load` semantics, but composed node by node so that each value keeps
its position, duplicate keys are reported (PyYAML silently keeps the last one),
and hostile files (alias bombs, gigantic or binary files, deep nesting) fail
fast with a clear message and bounded memory instead of hanging the portal.
"""

from __future__ import annotations

import re
import sys
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


_STR = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"}
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_NO_KEY = object()


@dataclass
class _Frame:
    """A mapping or sequence being read: its value, where it is, and (mappings) the pending key."""

    value: Any
    loc: Loc
    mark: tuple[int, int]
    anchor: str | None
    size: int = 1
    key: Any = _NO_KEY
    first_line: dict[str, int] = field(default_factory=dict)
    discard: bool = False  # a list or mapping used as a key: read, reported, dropped


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Reader:
    """Builds plain data from the parser's event stream in one pass, without recursion.

    Composing nodes first (as `yaml.compose` does) would recurse in libyaml (deep
    nesting crashes it), expand alias bombs, and cost a second pass; here each
    value's position is recorded as it is read, and limits are checked as it goes.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.count = 0
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.constructor = yaml.constructor.SafeConstructor()
        self.root: Any = None
        self.documents = 0

    def error(self, mark: tuple[int, int], message: str) -> None:
        self.doc.problems.append(Problem(self.doc.name, mark[0], mark[1], Severity.error, message))

    def read(self, text: str) -> Any:
        event: Any
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.end(event)
            elif kind is yaml.AliasEvent:
                found = self.anchors.get(event.anchor)
                if found is None:
                    self.error(_mark(event), f"unknown alias *{event.anchor}")
                    self.place(None, event, 1)
                else:
                    self.place(found[0], event, found[1])
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.error(_mark(event), "more than one YAML document (---) in one file; use one per file")
                    break
        return self.root

    def child_loc(self) -> Loc | None:
        """Where the next value goes: None when it is a mapping key (or is being dropped)."""
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if parent.discard:
            return None
        if isinstance(parent.value, list):
            return (*parent.loc, len(parent.value))
        if parent.key is _NO_KEY:
            return None
        return (*parent.loc, parent.key)

    def start(self, event: Any, value: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _TooBig(f"nested deeper than {MAX_DEPTH} levels")
        mark = _mark(event)
        loc = self.child_loc()
        discard = bool(self.stack) and (self.stack[-1].discard or loc is None)
        if discard and self.stack and not self.stack[-1].discard:
            self.error(mark, "a key must be a plain word, not a list or mapping")
        if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            self.error(mark, f"unsupported tag {event.tag}")
        if loc is not None and not discard:
            self.doc.positions.setdefault(loc, mark)
            if getattr(event, "flow_style", False):
                self.doc.flow.add(loc)
        self.stack.append(_Frame(value, loc or (), mark, event.anchor, discard=discard))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if not frame.discard:
            self.doc.ends[frame.loc] = (event.end_mark.line + 1, event.end_mark.column + 1)
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, frame.size)
        if frame.discard:
            if self.stack and not self.stack[-1].discard:
                self.stack[-1].key = None  # the value that follows is dropped too
            return
        self.place(frame.value, None, frame.size, mark=frame.mark, counted=frame.size - 1)

    def scalar(self, event: Any) -> None:
        mark = _mark(event)
        loc = self.child_loc()
        if loc is not None:
            self.doc.positions.setdefault(loc, mark)
            self.doc.ends[loc] = (event.end_mark.line + 1, event.end_mark.column + 1)
        value = self.construct(event, mark)
        if type(value) is str:
            # The same texts recur thousands of times in a large directory (city names, category
            # words, shared descriptions): one string object each keeps a content version small.
            value = sys.intern(value)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.place(value, event, 1, mark=mark)

    def place(self, value: Any, event: Any, size: int, mark: tuple[int, int] | None = None,
              counted: int = 0) -> None:
        """Put a value into its parent. `size` is how many values it stands for (an alias
        its anchor's whole subtree), `counted` how many of those were counted already."""
        self.count += size - counted
        if self.count > MAX_NODES:
            raise _TooBig(
                f"more than {MAX_NODES:,} values (an alias bomb, or a file that should be split with `include`)"
            )
        mark = mark or _mark(event)
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.size += size
        if parent.discard:
            return
        if isinstance(parent.value, list):
            parent.value.append(value)
        elif parent.key is _NO_KEY:
            self.take_key(parent, value, event, mark)
        else:
            if parent.key is not None:
                parent.value[parent.key] = value
            parent.key = _NO_KEY

    def take_key(self, parent: _Frame, value: Any, event: Any, mark: tuple[int, int]) -> None:
        if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and not event.style:
            self.error(mark, "merge keys (<<) are not supported; write the keys out")
            parent.key = None
            return
        if not isinstance(event, yaml.ScalarEvent):
            self.error(mark, "a key must be a plain word, not a list or mapping")
            parent.key = None
            return
        key = value if isinstance(value, str) else str(event.value)
        if key in parent.value or key in parent.first_line:
            self.error(mark, f"duplicate key '{key}' (first at line {parent.first_line[key]}); "
                             "remove one of them, YAML would silently keep only the last")
            parent.key = None
            return
        parent.first_line[key] = mark[0]
        self.doc.positions.setdefault((*parent.loc, key), mark)
        parent.key = key

    def construct(self, event: Any, mark: tuple[int, int]) -> Any:
        value = event.value
        tag = event.tag
        if tag in (None, "!"):
            if event.style or not event.implicit[0]:  # quoted or block scalars are text
                return value
            tag = _STR
            for candidate, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
                if regexp.match(value):
                    tag = candidate
                    break
        if tag == _STR or tag == "tag:yaml.org,2002:merge":  # `<<` is reported where it is used as a key
            return value
        if tag not in _KNOWN_TAGS:
            self.error(mark, f"unsupported tag {tag}")
            return None
        if tag == "tag:yaml.org,2002:int" and (_SEXAGESIMAL.match(value) or value.startswith("0") and len(value) > 1):
            # 09:00 is a time, never YAML 1.1's base-60 number; 07743 and 0364123 are a
            # postal code and a phone number, never octal numbers.
            return value
        if tag == "tag:yaml.org,2002:bool" and value.lower() not in _TRUE_FALSE:
            return value  # yes/no/on/off stay words: `wheelchair: no` means "no"
        if tag == "tag:yaml.org,2002:timestamp" and len(value) > 10:
            return value
        node = yaml.ScalarNode(tag, value, None, None, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.error(mark, f"cannot read this value: {getattr(exc, 'problem', exc)}")
            return None


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
    reader = _Reader(doc)
    try:
        data = reader.read(text)
    except _TooBig as exc:
        doc.positions = {(): (1, 1)}
        doc.problems.append(Problem(doc.name, 1, 1, Severity.error, f"file too large to read: {exc}"))
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.problem, f"({exc.context})" if exc.context else None]))
        doc.problems.append(Problem(doc.name, line, column, Severity.error, f"YAML syntax: {message}"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(doc.name, 1, 1, Severity.error, f"YAML syntax: {exc}"))
        return doc
    doc.data = {} if data is None else data
    doc.positions.setdefault((), (1, 1))
    return doc
