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
    """A limit was hit at `mark` (line, column): reported there, not at the top of the file."""

    def __init__(self, message: str, mark: tuple[int, int]):
        super().__init__(message)
        self.mark = mark


_STR = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"}
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_NO_KEY = object()


class _Frame:
    """A mapping or sequence being read: its value, where it is, and (mappings) the pending key."""

    __slots__ = ("value", "is_list", "loc", "mark", "anchor", "size", "key", "first_line", "discard")

    def __init__(self, value: Any, loc: Loc, mark: tuple[int, int], anchor: str | None, discard: bool):
        self.value = value
        self.is_list = type(value) is list
        self.loc = loc
        self.mark = mark
        self.anchor = anchor
        self.size = 1
        self.key: Any = _NO_KEY
        self.first_line: dict[str, int] = {}
        self.discard = discard  # a list or mapping used as a key: read, reported, dropped


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _end(event: Any) -> tuple[int, int]:
    return event.end_mark.line + 1, event.end_mark.column + 1


class _Reader:
    """Builds plain data from the parser's event stream in one pass, without recursion.

    Composing nodes first (as `yaml.compose` does) would recurse in libyaml (deep
    nesting crashes it), expand alias bombs, and cost a second pass; here each
    value's position is recorded as it is read, and limits are checked as it goes.

    A large directory has millions of scalars, so the loop in `read` handles the
    common events itself (no method call per scalar), and a plain scalar's value
    is resolved once per distinct text in the file (`_plain`): the same words
    (keys, language codes, ids, city names, `true`) recur thousands of times.
    """

    def __init__(self, doc: Document, ends: bool = True):
        self.doc = doc
        self.keep_ends = ends
        self.count = 0
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.constructor = yaml.constructor.SafeConstructor()
        self.root: Any = None
        self.documents = 0
        self.plain: dict[str, Any] = {}

    def error(self, mark: tuple[int, int], message: str) -> None:
        self.doc.problems.append(Problem(self.doc.name, mark[0], mark[1], Severity.error, message))

    def read(self, text: str) -> Any:
        loader = _Loader(text)
        try:
            self.events(loader.get_event)
        finally:
            loader.dispose()
        return self.root

    def events(self, get_event: Any) -> None:
        """Read every event. The common cases of `start`, `end`, `place` and `take_key` are written
        out here, with what they use in local variables; the rare ones (errors, limits, aliases,
        keys that are not plain words) go through those methods, which say what the rules are."""
        positions = self.doc.positions
        problems = self.doc.problems
        ends = self.doc.ends
        keep_ends = self.keep_ends
        stack = self.stack
        plain = self.plain
        intern = sys.intern
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        document_start = yaml.DocumentStartEvent
        no_key = _NO_KEY
        container_tags = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
        count = self.count
        parent: _Frame | None = None  # always the top of the stack
        while True:
            event = get_event()
            if event is None:
                self.count = count
                return
            kind = type(event)
            if kind is scalar_event:
                text_value = event.value
                if parent is not None and not parent.is_list and parent.key is not no_key \
                        and parent.key is not None and not parent.discard:
                    # A mapping's value, the most common scalar: its position is its key's, recorded
                    # with the key; its own start is needed only for an error.
                    mark = None
                    if keep_ends:
                        end = event.end_mark
                        ends[(*parent.loc, parent.key)] = (end.line + 1, end.column + 1)
                else:
                    start = event.start_mark
                    mark = (start.line + 1, start.column + 1)
                    # Where the value goes (`child_loc`), recorded before it is read.
                    if parent is None:
                        loc: Loc | None = ()
                    elif parent.discard:
                        loc = None
                    elif parent.is_list:
                        loc = (*parent.loc, len(parent.value))
                    elif parent.key is no_key:
                        loc = None
                    else:
                        loc = (*parent.loc, parent.key)
                    if loc is not None:
                        positions.setdefault(loc, mark)
                        if keep_ends:
                            end = event.end_mark
                            ends[loc] = (end.line + 1, end.column + 1)
                # The value (`construct`): a plain scalar's meaning depends on its text alone.
                if event.tag is None and not event.style:
                    try:
                        value = plain[text_value]
                    except KeyError:
                        reported = len(problems)
                        value = self.construct(event, mark or _mark(event))
                        if type(value) is str:
                            value = intern(value)
                        if len(problems) == reported:  # an error is reported at each place
                            plain[text_value] = value
                else:
                    value = self.construct(event, mark or _mark(event))
                    if type(value) is str:
                        # The same texts recur thousands of times in a large directory (city names, category
                        # words, shared descriptions): one string object each keeps a content version small.
                        value = intern(value)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                # Into its parent (`place`).
                if count >= MAX_NODES or parent is None or parent.discard:
                    self.count = count
                    self.place(value, event, 1, mark=mark or _mark(event))
                    count = self.count
                    continue
                count += 1
                parent.size += 1
                if parent.is_list:
                    parent.value.append(value)
                elif parent.key is no_key:  # a key (`take_key`)
                    assert mark is not None
                    key = value if type(value) is str else str(text_value)
                    if key in parent.first_line or (text_value == "<<" and not event.style):
                        self.take_key(parent, value, event, mark)
                    else:
                        parent.first_line[key] = mark[0]
                        positions.setdefault((*parent.loc, key), mark)
                        parent.key = key
                else:
                    if parent.key is not None:
                        parent.value[parent.key] = value
                    parent.key = no_key
            elif kind is mapping_start or kind is sequence_start:
                # `start`, when the container is a value (not a key) with a known tag, not too deep.
                if (parent is None or parent.discard or len(stack) >= MAX_DEPTH
                        or event.tag not in container_tags or (not parent.is_list and parent.key is no_key)):
                    self.start(event, {} if kind is mapping_start else [])
                else:
                    start = event.start_mark
                    mark = (start.line + 1, start.column + 1)
                    loc = (*parent.loc, len(parent.value) if parent.is_list else parent.key)
                    positions.setdefault(loc, mark)
                    if event.flow_style:
                        self.doc.flow.add(loc)
                    stack.append(_Frame({} if kind is mapping_start else [], loc, mark, event.anchor, False))
                parent = stack[-1]
            elif kind is mapping_end or kind is sequence_end:
                frame = stack[-1]
                below = stack[-2] if len(stack) > 1 else None
                # `end` and `place`, when a container that is a value goes into its parent.
                if (frame.discard or frame.anchor or below is None or below.discard
                        or (not below.is_list and below.key is no_key)
                        or count >= MAX_NODES):
                    self.count = count
                    self.end(event)
                    count = self.count
                else:
                    stack.pop()
                    if keep_ends:
                        end = event.end_mark
                        ends[frame.loc] = (end.line + 1, end.column + 1)
                    count += 1
                    below.size += frame.size
                    if below.is_list:
                        below.value.append(frame.value)
                    else:  # the key was taken when the container started (else it was dropped)
                        if below.key is not None:
                            below.value[below.key] = frame.value
                        below.key = no_key
                parent = stack[-1] if stack else None
            elif kind is alias_event:
                self.count = count
                found = self.anchors.get(event.anchor)
                if found is None:
                    self.error(_mark(event), f"unknown alias *{event.anchor}")
                    self.place(None, event, 1)
                else:
                    self.place(found[0], event, found[1])
                count = self.count
            elif kind is document_start:
                self.documents += 1
                if self.documents > 1:
                    self.error(_mark(event), "more than one YAML document (---) in one file; use one per file")
                    self.count = count
                    return

    def child_loc(self) -> Loc | None:
        """Where the next value goes: None when it is a mapping key (or is being dropped)."""
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if parent.discard:
            return None
        if parent.is_list:
            return (*parent.loc, len(parent.value))
        if parent.key is _NO_KEY:
            return None
        return (*parent.loc, parent.key)

    def start(self, event: Any, value: Any) -> None:
        mark = _mark(event)
        if len(self.stack) >= MAX_DEPTH:
            raise _TooBig(f"nested deeper than {MAX_DEPTH} levels", mark)
        loc = self.child_loc()
        discard = bool(self.stack) and (self.stack[-1].discard or loc is None)
        if discard and self.stack and not self.stack[-1].discard:
            self.error(mark, "a key must be a plain word, not a list or mapping")
        if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            self.error(mark, f"unsupported tag {event.tag}")
        if loc is not None and not discard:
            self.doc.positions.setdefault(loc, mark)
            if event.flow_style:
                self.doc.flow.add(loc)
        self.stack.append(_Frame(value, loc or (), mark, event.anchor, discard))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if not frame.discard and self.keep_ends:
            self.doc.ends[frame.loc] = _end(event)
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, frame.size)
        if frame.discard:
            if self.stack and not self.stack[-1].discard:
                self.stack[-1].key = None  # the value that follows is dropped too
            return
        self.place(frame.value, None, frame.size, mark=frame.mark, counted=frame.size - 1)

    def place(self, value: Any, event: Any, size: int, mark: tuple[int, int] | None = None,
              counted: int = 0) -> None:
        """Put a value into its parent. `size` is how many values it stands for (an alias
        its anchor's whole subtree), `counted` how many of those were counted already."""
        self.count += size - counted
        if self.count > MAX_NODES:
            raise _TooBig(
                f"more than {MAX_NODES:,} values (an alias bomb, or a file that should be split with `include`)",
                mark or (_mark(event) if event is not None else (1, 1)),
            )
        mark = mark or _mark(event)
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.size += size
        if parent.discard:
            return
        if parent.is_list:
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


def read(path: Path, name: str | None = None, *, ends: bool = True) -> Document:
    """Read `path` as YAML; problems are collected in the document, never raised.

    `ends=False` leaves `Document.ends` empty, which saves time when only positions are needed.
    """
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
    return parse(path.read_bytes(), doc, ends=ends)


def parse(raw: bytes, doc: Document, *, ends: bool = True) -> Document:
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
    reader = _Reader(doc, ends)
    try:
        data = reader.read(text)
    except _TooBig as exc:
        doc.positions = {(): (1, 1)}
        doc.problems.append(Problem(doc.name, *exc.mark, Severity.error, f"file too large to read: {exc}"))
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
