"""Loading and validating the whole content: `services.yaml`, its includes, guides and page texts.

Checks run in layers, and every problem is collected rather than stopping at
the first: YAML syntax and duplicate keys (`lotse.source`), then the shape and
meaning of each item (`lotse.model`, with did-you-mean for unknown keys), then
what needs the whole directory: unique ids, references, the region, language
codes, the default language, and warnings for missing translations and stale
facts. The result is a `Directory` when there are no errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import hashlib
import logging
import pickle
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ValidationError

from lotse import filecache, markup, source, termbase
from lotse.model import (
    SECTIONS,
    Directory,
    Guide,
    IncludedFile,
    Model,
    Offer,
    Office,
    ReferralRoute,
    ServicesFile,
    Site,
    Synonym,
    SynonymsFile,
    WalkInRoute,
)
from lotse.problems import ContentError, Problem, Severity

SERVICES = "services.yaml"
GUIDES = Path("content") / "guides"
PAGES = Path("content") / "pages"
SYNONYMS = Path("content") / "synonyms.yaml"
PAGE_NAMES = ("welcome", "about", "privacy", "imprint")

_log = logging.getLogger("lotse.content")


@dataclass(frozen=True)
class Pages:
    """Page texts (Markdown) per page name and language, from content/pages/NAME.LANG.md."""

    texts: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, name: str) -> dict[str, str]:
        return self.texts.get(name, {})


@dataclass(frozen=True)
class LoadResult:
    """What one load produced: the directory (None on errors), pages, and every problem."""

    root: Path
    version: str
    directory: Directory | None
    pages: Pages
    problems: list[Problem]
    files: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.directory is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.warning]


def content_files(root: Path) -> list[Path]:
    """Every file whose change makes a new content version."""
    files = [root / SERVICES]
    content = root / "content"
    if content.is_dir():
        files += sorted(p for p in content.rglob("*") if p.suffix in {".yaml", ".yml", ".md"} and p.is_file())
    return files


def content_version(root: Path) -> str:
    """A cheap fingerprint of the content files (names, sizes, modification times)."""
    digest = hashlib.sha256()
    for path in content_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


INCLUDE_SUFFIXES = (".yaml", ".yml")
_INCLUDE_EXAMPLE = "e.g. content/directory/*.yaml"


def include_matches(root: Path, pattern: str) -> tuple[list[Path], str | None]:
    """The YAML files an `include:` pattern names, or why the pattern is refused.

    One rule: a relative glob pattern inside the content folder that ends in
    .yaml or .yml and matches at least one file. Absolute paths, `..`, folders,
    bare `**` and empty patterns are refused here, before `Path.glob` sees them
    (it raises on several of them), and so are files that a link leads outside.
    """
    shown = repr(pattern) if pattern.strip() != pattern or not pattern else f"'{pattern}'"
    parts = pattern.replace("\\", "/").split("/")
    if not pattern.strip():
        return [], f"include {shown} is empty; name YAML files relative to services.yaml, {_INCLUDE_EXAMPLE}"
    if pattern.startswith(("/", "\\", "~")) or (len(pattern) > 1 and pattern[1] == ":"):
        return [], f"include {shown} is an absolute path; name files relative to services.yaml, {_INCLUDE_EXAMPLE}"
    if ".." in parts:
        return [], f"include {shown} leaves the content folder (..); name files inside it, {_INCLUDE_EXAMPLE}"
    if not parts[-1].endswith(INCLUDE_SUFFIXES):
        return [], f"include {shown} does not name YAML files; end it in .yaml or .yml, {_INCLUDE_EXAMPLE}"
    try:
        found = sorted(root.glob(pattern))
    except (ValueError, NotImplementedError, IndexError) as exc:
        return [], f"include {shown} is not a valid pattern ({exc}); write it like content/directory/*.yaml"
    inside = root.resolve()
    matched = [p for p in found if p.is_file() and p.resolve().is_relative_to(inside)]
    if len(matched) < len([p for p in found if p.is_file()]):
        return matched, f"include {shown} names a file that leads outside the content folder"
    if not matched:
        return [], f"include {shown} matches no file"
    return matched, None


def load(root: Path, today: dt.date | None = None, *, cache: Path | None = None,
         workers: int | None = None) -> LoadResult:
    """Load and validate everything under `root`; never raises for bad content.

    `cache`: a private folder where each YAML file's own result (its items validated, its
    problems) is kept by the file's content hash; unchanged files are read from there instead
    of being parsed and validated again (see `lotse.filecache`). `workers`: how many processes
    read the files (None: one per core when there is enough to read; 1: this process only).
    The result is the same either way.
    """
    root = Path(root)
    today = today or dt.date.today()
    version = content_version(root)
    loader = _Loader(root, today, cache=cache, workers=workers)
    terms: list[Problem] = []
    try:
        with _collector_paused():
            directory = loader.run()
        terms = termbase.check(root, loader.files, known=loader.terms, loaded=loader.termbase)
        if any(p.severity == Severity.error for p in terms):
            directory = None
    except Exception as exc:  # a bug or a hostile file must reject the version, never crash the portal
        _log.exception("loading the content in %s failed", root)
        directory = None
        loader.problems.append(failure(exc))
    return LoadResult(
        root=root,
        version=version,
        directory=directory,
        pages=loader.pages,
        # Errors first, and services.yaml's before the others: a bad include there explains the unknown ids after it.
        problems=sorted([*loader.problems, *terms],
                        key=lambda p: (p.severity != Severity.error, p.severity == Severity.error and p.file != SERVICES,
                                       p.file, p.line, p.column)),
        files=tuple(loader.files),
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Build the items without the cyclic garbage collector running in between.

    A large directory is millions of new containers that all stay alive; the collector would walk
    them again and again while they are made (and read back from the cache), for nothing. Once
    enabled again, it would still walk them all at the next young collection, and again as they
    age; so, unless another part of the process froze objects of its own (`lotse.store` does), they
    are moved straight to the oldest generation (`gc.freeze` then `gc.unfreeze`, which walk nothing):
    the next full collection, when it is due, sees them as it sees any long-lived object.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def failure(exc: BaseException) -> Problem:
    """The problem an editor sees when loading failed unexpectedly (the log has the traceback)."""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return Problem(SERVICES, 1, 1, Severity.error,
                   f"the content could not be read ({type(exc).__name__}{': ' + detail if detail else ''}); "
                   "the portal keeps the last good version. Undo the last change, or send this message "
                   "to the portal's operators")


def rejected(root: Path, exc: BaseException) -> LoadResult:
    """A version that failed to load at all: no directory, one problem saying so."""
    return LoadResult(root=Path(root), version=f"failed-{id(exc):x}", directory=None, pages=Pages(),
                      problems=[failure(exc)], files=())


def load_or_raise(root: Path, today: dt.date | None = None) -> Directory:
    result = load(root, today)
    if result.directory is None:
        raise ContentError(result.problems)
    return result.directory


@dataclass
class _Item:
    doc: source.Document
    loc: source.Loc
    value: Any


class Settings(typing.NamedTuple):
    """The site settings that the checks of one item need; a file's result depends on these and nothing else of the site."""

    default_language: str
    languages: tuple[str, ...]
    region: tuple[float, float, float, float]  # south, west, north, east

    @classmethod
    def of(cls, site: Site) -> Settings:
        r = site.region
        return cls(site.default_language, tuple(site.languages), (r.south, r.west, r.north, r.east))


class Context(typing.NamedTuple):
    """What a file's result depends on besides its bytes and its name (and the loader's code)."""

    settings: Settings | None  # None when the site settings are broken: items are not validated then
    terms: termbase.Termbase | None = None  # the valid termbase, if there is one
    terms_json: str = ""  # the termbase as JSON, for the cache key

    def key(self) -> str:
        return f"{self.settings!r}\0{self.terms_json}"


Where = tuple[int, int]


@dataclass
class Entry:
    """One item of a file while it is shaped: its model (None when invalid) and its own problems.

    What needs other files (ids, references) or the date (provenance) is checked by the loader
    from the facts kept here, with the positions already looked up.
    """

    section: str
    raw_id: str | None  # the id as written, valid or not: references are checked against these
    model: Any = None
    invalid: list[Problem] = field(default_factory=list)  # why `model` is None
    checks: list[Problem] = field(default_factory=list)  # the item's own checks: texts, images, region
    id_at: Where = (1, 1)
    refs: list[tuple[str, str, str, int, int]] = field(default_factory=list)  # section, value, what, line, column
    verified: tuple[dt.date, int, int] | None = None  # provenance.last_verified and where it stands


# Per valid item: where its id stands, its references with their positions, its last_verified and where.
Facts = tuple[Where, list[tuple[str, str, str, int, int]], tuple[dt.date, int, int] | None]


@dataclass
class FileResult:
    """What one YAML file yields on its own: problems reading it, its items shaped, its termbase warnings.

    It is what the cache keeps and worker processes send back, and a load reads one per file, so
    it is kept small: per section, the models and what the checks across files need at once (ids
    written, ids referenced, the range of dates); the positions for their messages (`facts`) stay
    pickled until a message needs them.
    """

    name: str
    problems: list[Problem]
    models: dict[str, list[Any]] = field(default_factory=dict)  # per section, in order; None where invalid
    raw_ids: dict[str, list[str]] = field(default_factory=dict)  # per section: each id written, valid or not
    invalid: dict[str, dict[int, list[Problem]]] = field(default_factory=dict)  # per section, by index
    checks: dict[str, dict[int, list[Problem]]] = field(default_factory=dict)  # per section, by index
    referenced: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # per section: section → ids named
    dates: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)  # per section: first, last last_verified
    facts: bytes = b""  # pickled: per section, by index, `Facts` (None where invalid)
    terms: list[Problem] | None = None  # `termbase.doc_warnings`, when there is a termbase

    @classmethod
    def of(cls, name: str, problems: list[Problem], entries: dict[str, list[Entry]]) -> FileResult:
        result = cls(name, problems)
        facts: dict[str, list[Facts | None]] = {}
        for section, items in entries.items():
            if not items:
                continue
            result.models[section] = [e.model for e in items]
            result.raw_ids[section] = [e.raw_id for e in items if e.raw_id is not None]
            invalid = {i: e.invalid for i, e in enumerate(items) if e.model is None}
            checks = {i: e.checks for i, e in enumerate(items) if e.checks}
            referenced: dict[str, set[str]] = {}
            for e in items:
                for target, value, *_ in e.refs:
                    referenced.setdefault(target, set()).add(value)
            dates = [e.verified[0] for e in items if e.verified is not None]
            for name_, part in (("invalid", invalid), ("checks", checks), ("referenced", referenced)):
                if part:
                    getattr(result, name_)[section] = part
            if dates:
                result.dates[section] = (min(dates), max(dates))
            facts[section] = [(e.id_at, e.refs, e.verified) if e.model is not None else None for e in items]
        result.facts = pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        return result


def shape_items(doc: source.Document, collect: bool, settings: Settings | None,
                problems: list[Problem], guide: bool = False) -> FileResult:
    """A read document's items, each validated and checked on its own.

    `collect`: whether the file's sections are items (a file that is not a mapping has none).
    `guide`: the whole file is one guide. Without `settings` (the site settings are broken)
    nothing is validated: the load stops before that.
    """
    values: list[tuple[str, source.Loc, Any]] = []
    if guide:
        if doc.data is not None:
            values.append(("guides", (), doc.data))
    elif collect:
        for name in SECTIONS:
            items = doc.data.get(name) or []
            if isinstance(items, list):
                values += [(name, (name, i), value) for i, value in enumerate(items)]
    entries: dict[str, list[Entry]] = {name: [] for name in SECTIONS}
    if settings is None:
        return FileResult(doc.name, problems)
    for section, loc, value in values:
        raw_id = value.get("id") if isinstance(value, dict) else None
        entry = Entry(section, raw_id if isinstance(raw_id, str) else None)
        entries[section].append(entry)
        model = SECTIONS[section]
        try:
            entry.model = model.model_validate(value)
        except ValidationError as exc:
            entry.invalid = _validation(doc, loc, model, exc)
            continue
        _ItemChecks(doc, loc, entry, settings).run()
    return FileResult.of(doc.name, problems, entries)


def _validation(doc: source.Document, loc: source.Loc, model: type[Model], exc: ValidationError) -> list[Problem]:
    return [doc.problem((*loc, *error["loc"]), _message(model, error)) for error in exc.errors()]


def _shape_file(doc: source.Document, model: type[Model]) -> tuple[BaseModel | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        if doc.data is not None:
            return None, [doc.problem((), "the file must be a mapping of keys, such as `offices:`")]
        return None, []
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _validation(doc, (), model, exc)


def read_file(path: Path, name: str, kind: str, context: Context, raw: bytes | None = None) -> FileResult:
    """Read and shape one included YAML file (`kind` "include") or guide file ("guide").

    `raw`: the file's bytes, when they were read already.
    """
    doc = source.read(path, name, ends=False) if raw is None else source.parse(raw, source.Document(name), ends=False)
    problems = list(doc.problems)
    if kind == "guide":
        result = shape_items(doc, False, context.settings, problems, guide=True)
    else:
        shaped, shape_problems = _shape_file(doc, IncludedFile)
        result = shape_items(doc, shaped is not None, context.settings, problems + shape_problems)
    if context.terms is not None and name != str(termbase.TERMBASE):
        try:
            result.terms = termbase.doc_warnings(context.terms, doc)
        except Exception:  # left to `termbase.check`, which meets it in its turn and fails the load there
            result.terms = None
    return result


class _ItemChecks:
    """The checks of one valid item that need nothing but the item and the site settings."""

    def __init__(self, doc: source.Document, loc: source.Loc, entry: Entry, settings: Settings):
        self.doc = doc
        self.loc = loc
        self.entry = entry
        self.settings = settings

    def at(self, loc: source.Loc) -> Where:
        return self.doc.position((*self.loc, *loc))

    def error(self, loc: source.Loc, message: str) -> None:
        self.entry.checks.append(self.doc.problem((*self.loc, *loc), message))

    def warn(self, loc: source.Loc, message: str) -> None:
        self.entry.checks.append(self.doc.problem((*self.loc, *loc), message, Severity.warning))

    def run(self) -> None:
        model, entry = self.entry.model, self.entry
        entry.id_at = self.at(("id",))
        self.references(model)
        self.texts(model)
        self.markdown(model)
        if isinstance(model, Office):
            south, west, north, east = self.settings.region
            point = model.location
            if not (south <= point.lat <= north and west <= point.lon <= east):
                self.error(
                    ("location",),
                    f"coordinates {model.location.lat}, {model.location.lon} lie outside the region "
                    f"({south}..{north} N, {west}..{east} E); are latitude and longitude swapped?",
                )
        provenance = getattr(model, "provenance", None)
        if provenance is not None:
            entry.verified = (provenance.last_verified, *self.at(("provenance", "last_verified")))

    def references(self, model: Any) -> None:
        refs = self.entry.refs

        def ref(section: str, value: str, loc: source.Loc, what: str) -> None:
            refs.append((section, value, what, *self.at(loc)))

        if isinstance(model, Office):
            ref("organisations", model.organisation, ("organisation",), "organisation")
        if isinstance(model, Offer):
            for i, office in enumerate(model.offices):
                ref("offices", office, ("offices", i), "office")
            ref("categories", model.category, ("category",), "category")
            for i, cat in enumerate(model.categories):
                ref("categories", cat, ("categories", i), "category")
            for i, group in enumerate(model.target_groups):
                ref("target_groups", group, ("target_groups", i), "target group")
            for i, route in enumerate(model.routes):
                if isinstance(route, (ReferralRoute, WalkInRoute)) and route.target:
                    ref("offices", route.target, ("routes", i, "target"), "office")
        if isinstance(model, Guide):
            for i, cat in enumerate(model.categories):
                ref("categories", cat, ("categories", i), "category")
            for s, step in enumerate(model.steps):
                for i, offer in enumerate(step.offers):
                    ref("offers", offer, ("steps", s, "offers", i), "offer")
                for i, office in enumerate(step.offices):
                    ref("offices", office, ("steps", s, "offices", i), "office")

    def texts(self, model: Any) -> None:
        default, languages = self.settings.default_language, self.settings.languages
        missing: dict[str, list[str]] = {}
        for loc, value in _walk(model, ()):
            if isinstance(value, list):  # languages spoken
                for i, code in enumerate(value):
                    if not _known_language(code):
                        self.error((*loc, i), f"unknown language code '{code}'")
                continue
            for code in value:
                if not _known_language(code):
                    self.error((*loc, code), f"unknown language code '{code}'")
            if _is_keywords(value):
                continue
            label = ".".join(str(p) for p in loc)
            if default not in value:
                self.error(loc, f"{label}: text in the default language '{default}' is required")
            for lang in languages:
                if lang not in value and lang != default:
                    missing.setdefault(lang, []).append(label)
        if missing:
            parts = "; ".join(f"{lang}: {', '.join(fields)}" for lang, fields in missing.items())
            self.warn(("id",), f"missing translations ({parts})")

    def markdown(self, model: Any) -> None:
        """Warn about images in the texts where Markdown is allowed: the portal does not show them."""
        texts: list[tuple[source.Loc, dict[str, str] | None]] = []
        if isinstance(model, Offer):
            texts.append((("description",), model.description))
        if isinstance(model, Guide):
            texts += [(("steps", i, "text"), step.text) for i, step in enumerate(model.steps)]
        for loc, value in texts:
            for lang, text in (value or {}).items():
                for image in markup.images(text):
                    self.warn((*loc, lang), markup.image_note(image))


class _Loader:
    def __init__(self, root: Path, today: dt.date, cache: Path | None = None, workers: int | None = None):
        self.root = root
        self.today = today
        self.cache = cache
        self.workers = workers
        self.problems: list[Problem] = []
        self.files: list[str] = []
        self.pages = Pages()
        self.termbase: tuple[termbase.Termbase | None, list[Problem]] | None = None  # what `termbase.load` gave
        self.terms: dict[str, list[Problem]] = {}  # termbase warnings of the files read, by name

    def name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def read(self, path: Path) -> source.Document:
        doc = source.read(path, self.name(path))
        self.files.append(doc.name)
        self.problems += doc.problems
        return doc

    def shape(self, doc: source.Document, model: type[Model]) -> BaseModel | None:
        shaped, problems = _shape_file(doc, model)
        self.problems += problems
        return shaped

    def validation(self, doc: source.Document, loc: source.Loc, model: type[Model], exc: ValidationError) -> None:
        self.problems += _validation(doc, loc, model, exc)

    def run(self) -> Directory | None:
        services = self.root / SERVICES
        doc = self.read(services)
        top = self.shape(doc, ServicesFile)
        site: Site | None = None
        collect = isinstance(doc.data, dict)
        if collect:
            try:
                site = Site.model_validate(doc.data.get("site"))
            except ValidationError as exc:
                if top is not None:
                    self.validation(doc, ("site",), Site, exc)
        settings = Settings.of(site) if site is not None else None
        results = [shape_items(doc, collect, settings, [])]
        try:
            self.termbase = termbase.load(self.root)
        except Exception:  # `termbase.check` meets it again, where the report has always said so
            self.termbase = None
        terms = self.termbase[0] if self.termbase is not None else None
        context = Context(settings, terms, terms.model_dump_json() if terms is not None else "")
        # Every file to read, in order, and where the include refusals stand among them.
        plan: list[Problem | tuple[Path, str, str]] = []
        includes = top.include if isinstance(top, ServicesFile) else []
        for index, pattern in enumerate(includes):
            matched, refusal = include_matches(self.root, pattern)
            if refusal:
                plan.append(doc.problem(("include", index), refusal))
            elif all(path.resolve() == services.resolve() for path in matched):
                plan.append(doc.problem(("include", index), f"include '{pattern}' names only services.yaml itself; "
                                        f"name the content files, {_INCLUDE_EXAMPLE}"))
            for path in matched:
                if self.name(path) in self.files:  # named by two patterns: read once
                    continue
                self.files.append(self.name(path))
                plan.append((path, self.name(path), "include"))
        for path in sorted([*(self.root / GUIDES).glob("*.yaml"), *(self.root / GUIDES).glob("*.yml")]):
            self.files.append(self.name(path))
            plan.append((path, self.name(path), "guide"))
        tasks = [step for step in plan if isinstance(step, tuple)]
        with contextlib.closing(filecache.read_all(tasks, context, self.cache, self.workers)) as read:
            for step in plan:
                if isinstance(step, Problem):
                    self.problems.append(step)
                else:
                    result = next(read)
                    self.problems += result.problems
                    if result.terms is not None:
                        self.terms[result.name] = result.terms
                    results.append(result)
            next(read, None)  # the cache's bookkeeping, after the last file
        self.pages = self.read_pages()
        synonyms = self.read_synonyms()
        if site is None:
            return None
        for name in PAGE_NAMES:
            if not self.pages.get(name).get(site.default_language):
                self.problems.append(Problem(
                    str(PAGES / f"{name}.{site.default_language}.md"), 1, 1, Severity.error,
                    f"page text '{name}' in the default language is missing; create this file"))
        # The layers in the order a single pass over all items reports them: each item's shape,
        # then duplicate ids, the site's languages, and each item's references and own checks.
        for name in SECTIONS:
            for result in results:
                for problems in result.invalid.get(name, {}).values():
                    self.problems += problems
        self.cross_check(site, results)
        if any(p.severity == Severity.error for p in self.problems):
            return None
        return Directory(site=site, synonyms=synonyms, **{
            name: tuple(m for result in results for m in result.models.get(name, ()) if m is not None)
            for name in SECTIONS})

    def read_synonyms(self) -> tuple[Synonym, ...]:
        """`content/synonyms.yaml`, if there is one: each entry checked on its own, its language codes too."""
        if not (self.root / SYNONYMS).is_file():
            return ()
        doc = self.read(self.root / SYNONYMS)
        if self.shape(doc, SynonymsFile) is None:
            return ()
        out = []
        for i, value in enumerate(doc.data.get("synonyms") or []):
            item = _Item(doc, ("synonyms", i), value)
            try:
                synonym = Synonym.model_validate(value)
            except ValidationError as exc:
                self.validation(doc, item.loc, Synonym, exc)
                continue
            for code in synonym.typed:
                if not _known_language(code):
                    self.problems.append(doc.problem((*item.loc, "typed", code), f"unknown language code '{code}'"))
            out.append(synonym)
        return tuple(out)

    def read_pages(self) -> Pages:
        texts: dict[str, dict[str, str]] = {}
        for path in sorted((self.root / PAGES).glob("*.md")):
            name, _, lang = path.stem.partition(".")
            self.files.append(self.name(path))
            if name not in PAGE_NAMES or not lang:
                self.problems.append(
                    Problem(self.name(path), 1, 1, Severity.error,
                            f"page files are named NAME.LANG.md with NAME one of {', '.join(PAGE_NAMES)}")
                )
                continue
            try:
                text = texts.setdefault(name, {})[lang] = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                self.problems.append(Problem(self.name(path), 1, 1, Severity.error, "not a UTF-8 text file"))
                continue
            for image in markup.images(text):
                self.problems.append(Problem(self.name(path), image.line + 1, 1, Severity.warning,
                                             markup.image_note(image)))
        return Pages(texts)

    def cross_check(self, site: Site, results: list[FileResult]) -> None:
        # References are checked against every id written, valid or not, so that one
        # broken office does not also make every offer that names it an error.
        ids: dict[str, set[str]] = {
            section: {i for result in results for i in result.raw_ids.get(section, ())} for section in SECTIONS
        }
        unpickled: dict[int, dict[str, list[Facts]]] = {}

        def facts(n: int, section: str) -> list[Facts]:
            if n not in unpickled:
                unpickled[n] = pickle.loads(results[n].facts)
            return unpickled[n][section]

        for section in SECTIONS:
            seen: dict[str, tuple[int, int]] = {}
            for n, result in enumerate(results):
                for index, model in enumerate(result.models.get(section, ())):
                    if model is None:
                        continue
                    if model.id in seen:
                        first, first_index = seen[model.id]
                        line = facts(first, section)[first_index][0][0]
                        self.problems.append(Problem(
                            result.name, *facts(n, section)[index][0], Severity.error,
                            f"duplicate id '{model.id}' (first defined at {results[first].name}:{line})"))
                    else:
                        seen[model.id] = (n, index)
        self.check_site_languages(site)
        known: dict[str, list[str]] = {}
        for section in SECTIONS:
            for n, result in enumerate(results):
                # Most files have nothing to say here: no unknown reference, no problem of an item's
                # own, no date out of range. Only the others are gone through item by item.
                checks = result.checks.get(section, {})
                dates = result.dates.get(section)
                if not checks and not any(named - ids[target] for target, named in
                                          result.referenced.get(section, {}).items()) and (
                        dates is None or dates[1] <= self.today and (self.today - dates[0]).days <= site.stale_after_days):
                    continue
                for index, model in enumerate(result.models[section]):
                    if model is None:
                        continue
                    _, refs, verified = facts(n, section)[index]
                    for target, value, what, line, column in refs:
                        if value not in ids[target]:
                            if target not in known:
                                known[target] = sorted(ids[target])
                            hint = difflib.get_close_matches(value, known[target], n=1)
                            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                            self.problems.append(Problem(result.name, line, column, Severity.error,
                                                         f"unknown {what} '{value}'{suggestion}"))
                    self.problems += checks.get(index, ())
                    if verified is None:
                        continue
                    last_verified, line, column = verified
                    if last_verified > self.today:
                        self.problems.append(Problem(
                            result.name, line, column, Severity.error,
                            f"last_verified {last_verified} lies in the future; use the date you checked"))
                    else:
                        age = (self.today - last_verified).days
                        if age > site.stale_after_days:
                            self.problems.append(Problem(
                                result.name, line, column, Severity.warning,
                                f"last verified {age} days ago ({last_verified}); please check the facts"))

    def check_site_languages(self, site: Site) -> set[str]:
        known = set()
        for code in {*site.languages, site.default_language, *site.fallback}:
            if _known_language(code):
                known.add(code)
            else:
                self.problems.append(Problem(SERVICES, 1, 1, Severity.error, f"unknown language code '{code}' in site settings"))
        if site.default_language not in site.languages:
            self.problems.append(
                Problem(SERVICES, 1, 1, Severity.error,
                        f"the default language '{site.default_language}' must be listed in site.languages")
            )
        return known


def _is_keywords(value: dict[str, Any]) -> bool:
    return any(isinstance(v, list) for v in value.values())


def _walk(obj: Any, loc: source.Loc) -> Iterator[tuple[source.Loc, Any]]:
    """Yield every translated text (dict of language → text or words) and every `languages` list."""
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            key = info.alias or name
            if name == "languages" and isinstance(value, list):
                yield (*loc, key), value
            elif name != "weekly":
                yield from _walk(value, (*loc, key))
            else:
                for day, slots in value.items():
                    yield from _walk(slots, (*loc, key, day.value))
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from _walk(value, (*loc, i))
    elif isinstance(obj, dict) and obj and all(isinstance(k, str) for k in obj):
        yield loc, obj


_LANGUAGE_CACHE: dict[str, bool] = {}


def _known_language(code: str) -> bool:
    if code not in _LANGUAGE_CACHE:
        try:
            Locale.parse(code.replace("-", "_"))
            _LANGUAGE_CACHE[code] = True
        except (UnknownLocaleError, ValueError, TypeError):
            _LANGUAGE_CACHE[code] = False
    return _LANGUAGE_CACHE[code]


def _message(model: type[BaseModel], error: Any) -> str:
    """Turn a pydantic error into a sentence for an editor."""
    loc = error["loc"]
    kind = error["type"]
    key = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if hint:
            return f"unknown key '{key}' (did you mean '{hint[0]}'?)"
        return f"unknown key '{key}'" + (f"; allowed here: {', '.join(sorted(allowed))}" if allowed else "")
    if kind == "missing":
        return f"missing required key '{key}'"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind == "string_pattern_mismatch" and (key == "id" or str(error.get("ctx", {}).get("pattern", "")).startswith("^[a-z0-9]")):
        message = "an id has lower-case letters, digits and hyphens only, e.g. jena-migration-office"
    elif kind == "union_tag_invalid":
        message = "unknown route type; use one of phone, walk_in, online, email, referral"
    elif kind in ("enum", "literal_error"):
        message = f"'{error.get('input')}' is not allowed; " + message.replace("Input should be", "use")
    label = ".".join(str(p) for p in loc if not isinstance(p, int)) or "value"
    return f"{label}: {message}" if not message.startswith(label) else message


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at `loc` inside `model`, following pydantic's error location."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
        return tuple(_unwrap(m) for m in members)
    return tp


def _step(tp: Any, part: Any) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, tuple):  # a union: a discriminated one names its member by tag
        for member in tp:
            if isinstance(member, type) and issubclass(member, BaseModel):
                literal = member.model_fields.get("type")
                if literal is not None and part in typing.get_args(literal.annotation):
                    return member
        return None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, info in tp.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple) and args and isinstance(part, int):
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
