"""The termbase: one approved word per concept and language, and the variants to avoid.

A visitor who reads "service" on one screen and "offer" on the next, or
"recognition" in the menu and "evaluation" in the text, takes a wrong turn.
`content/termbase.yaml` names, for each key concept of the office world
(Angebot, Beratung, Termin, Anerkennung, Jobcenter, …), the approved term in
each language and the variants that must not be used, plus spelling rules
(such as the Ukrainian apostrophe). This module validates that file, finds
avoided variants in content texts, page texts and interface catalogs (each as
`file:line:col`), checks the number rule (Western digits, the thousands
separator of the language from Babel's locale data), measures conformance per
language, and lists the approved terms that concern a given source text for
translators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any

from babel import Locale, UnknownLocaleError, numbers
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lotse import source
from lotse.model import LangCode
from lotse.problems import Problem, Severity

TERMBASE = Path("content") / "termbase.yaml"
CATALOGS = Path("locales")

Word = Annotated[str, Field(min_length=1)]


def _known(codes: Iterable[str]) -> None:
    for code in codes:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            raise ValueError(f"'{code}' is not a language code; use e.g. de, en, ar, uk") from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Term(_Model):
    """One concept: its approved word in each language and the words to avoid."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    approved: dict[LangCode, Word] = Field(description="The approved term per language; German (de) is required.")
    avoid: dict[LangCode, list[Word]] = Field(
        default_factory=dict,
        description="Variants not to use, per language. `*` stands for any letters: `пропозиці*`.",
    )
    spot: list[Word] = Field(
        default_factory=list,
        description="Further German or English word parts that show a source text is about this concept.",
    )
    case_sensitive: bool = Field(default=False, description="Match avoided variants with their exact capitals.")
    door: bool = Field(
        default=False,
        description="An institution a visitor must find at a door: in running text, its German name follows "
                    "the translated one in brackets, at least once in each text.",
    )
    forms: dict[LangCode, list[Word]] = Field(
        default_factory=dict,
        description="How the approved term appears in running text (declined, with a city), longest first; "
                    "`*` stands for any letters. Defaults to the approved term.",
    )
    note: str = ""

    @field_validator("approved")
    @classmethod
    def _german(cls, value: dict[str, str]) -> dict[str, str]:
        if "de" not in value:
            raise ValueError("the German term (de) is required: it is what translators look up")
        return value

    @field_validator("approved", "avoid", "forms")
    @classmethod
    def _languages(cls, value: dict[str, Any]) -> dict[str, Any]:
        _known(value)
        return value


class Spelling(_Model):
    """A spelling rule: a regular expression that finds the wrong form, and the right one."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    languages: list[LangCode] = Field(min_length=1)
    pattern: str = Field(min_length=1, description="Python regular expression matching the wrong form.")
    use: str = Field(min_length=1, description="What to write instead.")
    note: str = ""

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        _known(value)
        return value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value


@cache  # the door rule looks up every form of every door term for every text
def _variant(word: str, case_sensitive: bool) -> re.Pattern[str]:
    body = r"\w*".join(re.escape(part) for part in word.split("*"))
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if case_sensitive else re.IGNORECASE)


class Termbase(_Model):
    terms: list[Term] = Field(default_factory=list)
    spelling: list[Spelling] = Field(default_factory=list)

    @cached_property
    def rules(self) -> dict[str, list[tuple[re.Pattern[str], str, str]]]:
        """Per language: (pattern, rule id, message) for every avoided variant and spelling rule."""
        rules: dict[str, list[tuple[re.Pattern[str], str, str]]] = {}
        for term in self.terms:
            for lang, words in term.avoid.items():
                use = term.approved.get(lang)
                hint = f"; use '{use}'" if use else ""
                for word in words:
                    rules.setdefault(lang, []).append(
                        (_variant(word, term.case_sensitive), term.id, f"avoid '{{found}}' ({term.id}){hint}"))
        for rule in self.spelling:
            for lang in rule.languages:
                rules.setdefault(lang, []).append(
                    (re.compile(rule.pattern), rule.id, f"write '{rule.use}', not '{{found}}' ({rule.id})"))
        return rules

    @cached_property
    def screens(self) -> dict[str, tuple[re.Pattern[str], int]]:
        """Per language: one pattern that matches wherever any avoided variant's pattern matches,
        and how many variants `rules` lists first for the language.

        Most texts contain no avoided variant; one search with it tells, instead of one per
        variant. (Spelling rules are editors' own expressions and are not joined into it.)
        """
        parts: dict[str, list[str]] = {}
        for term in self.terms:
            for lang, words in term.avoid.items():
                for word in words:
                    pattern = _variant(word, term.case_sensitive)
                    flag = "i" if pattern.flags & re.IGNORECASE else ""
                    parts.setdefault(lang, []).append(f"(?{flag}:{pattern.pattern})")
        return {lang: (re.compile("|".join(alternatives)), len(alternatives)) for lang, alternatives in parts.items()}

    @cached_property
    def doors(self) -> dict[str, list[tuple[Term, str, list[str]]]]:
        """Per language other than German: the door terms the door rule can apply to, their German
        name and their forms in that language (in the termbase's order)."""
        out: dict[str, list[tuple[Term, str, list[str]]]] = {}
        for lang in {lang for term in self.terms for lang in (*term.approved, *term.forms)} - {"de"}:
            for term in self.terms:
                german = term.approved["de"]
                if term.door and german not in term.approved.get(lang, german):
                    out.setdefault(lang, []).append(
                        (term, german, term.forms.get(lang) or [term.approved.get(lang, german)]))
        return out

    def approved(self, lang: str) -> dict[str, str]:
        """Term id → approved word in `lang`, for the terms that have one."""
        return {term.id: term.approved[lang] for term in self.terms if lang in term.approved}


@dataclass(frozen=True)
class Finding:
    """One avoided variant or rule violation in one text."""

    offset: int      # in the text
    found: str
    message: str
    rule: str = "number"


# A number written with thousands separators; a plain space is left out, as phone numbers are grouped with it.
_GROUPED = re.compile(r"(?<![\d.,\u00a0\u202f\u066c])\d{1,3}(?:([.,\u00a0\u202f\u066c])\d{3})+(?![\d])")
_EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]+")
_SEPARATOR_NAMES = {".": "a full stop", ",": "a comma", "\u00a0": "a no-break space",
                    "\u202f": "a narrow no-break space", "\u066c": "an Arabic thousands separator"}


@cache  # asked for every text; Babel parses the locale each time
def group_symbol(lang: str) -> str | None:
    """The thousands separator of `lang` with Western digits, from Babel's locale data.

    None for a code Babel does not know: validation reports the code itself ("unknown
    language code"), so the number rule has nothing to say about such a text.
    """
    try:
        return numbers.get_group_symbol(lang, numbering_system="latn")
    except (UnknownLocaleError, ValueError):
        return None


def number_findings(lang: str, text: str) -> Iterator[Finding]:
    """The number rule: digits 0–9 in every language, grouped with the language's own separator."""
    for match in _EASTERN_DIGITS.finditer(text):
        yield Finding(match.start(), match.group(), f"write the digits 0–9, not '{match.group()}' (number rule)")
    wanted = group_symbol(lang)
    if wanted is None:
        return
    for match in _GROUPED.finditer(text):
        if match.group(1) != wanted:
            right = match.group().replace(match.group(1), wanted)
            yield Finding(match.start(), match.group(),
                          f"write '{right}' with {_SEPARATOR_NAMES.get(wanted, repr(wanted))} as thousands "
                          f"separator in {lang}, not '{match.group()}' (number rule)")


def door_findings(termbase: Termbase, lang: str, text: str) -> Iterator[Finding]:
    """Institutions named in running text without their German name (the door rule)."""
    for term, german, forms in termbase.doors.get(lang, ()):
        if german in text:
            continue
        for form in forms:
            match = _variant(form, term.case_sensitive).search(text)
            if match:
                yield Finding(match.end(), match.group(),
                              f"write the German name after '{match.group()}' at its first mention: "
                              f"'{match.group()} ({german})' (door rule, {term.id})", f"door-{term.id}")
                break


def findings(termbase: Termbase, lang: str, text: str, running: bool = True) -> list[Finding]:
    """Every avoided variant, spelling and number problem in one text in `lang`, in order.

    Where two variants of one term match the same words ("bilgi föyü", "föy*"),
    only the longer match is reported. In `running` text (not a name, not an
    interface label) the door rule applies too.
    """
    rules = termbase.rules.get(lang, [])
    screen = termbase.screens.get(lang)
    if screen is not None and screen[0].search(text) is None:  # no avoided variant: the spelling rules only
        rules = rules[screen[1]:]
    matches = sorted(((m.start(), m.end(), rule, message.format(found=m.group()), m.group())
                      for pattern, rule, message in rules for m in pattern.finditer(text)),
                     key=lambda m: (m[0], -m[1]))
    found: list[Finding] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for start, end, rule, message, word in matches:
        spans = taken.setdefault(rule, [])
        if any(s <= start and end <= e for s, e in spans):
            continue
        spans.append((start, end))
        found.append(Finding(start, word, message, rule))
    found += number_findings(lang, text)
    if running:
        found += door_findings(termbase, lang, text)
    return sorted(found, key=lambda f: f.offset)


def load(root: Path) -> tuple[Termbase | None, list[Problem]]:
    """The termbase under `root` (None when there is none or it has errors), and its problems."""
    path = root / TERMBASE
    if not path.is_file():
        return None, []
    doc = source.read(path, str(TERMBASE))
    if doc.problems:
        return None, doc.problems
    try:
        return Termbase.model_validate(doc.data or {}), []
    except ValidationError as exc:
        from lotse.content import _message

        return None, [doc.problem(tuple(error["loc"]), _message(Termbase, error)) for error in exc.errors()]


@dataclass(frozen=True)
class Text:
    """One text in one language, and where it stands."""

    file: str
    line: int
    column: int
    lang: str
    text: str
    running: bool = True  # running text, not a name or an interface label


_TEXT_KEYS = {"name", "title", "summary", "description", "eligibility", "note", "text", "closed_note"}


def _yaml_texts(root: Path, name: str) -> Iterator[Text]:
    yield from doc_texts(source.read(root / name, name))


def doc_texts(doc: source.Document) -> Iterator[Text]:
    """Every translated text of a read YAML file (not the termbase), with where it stands."""
    name = doc.name

    def walk(value: Any, loc: source.Loc) -> Iterator[Text]:
        if isinstance(value, dict):
            last = next((p for p in reversed(loc) if isinstance(p, str)), "")
            is_text = value and all(isinstance(v, str) for v in value.values()) and "de" in value
            if is_text and (last in _TEXT_KEYS or "documents" in loc):
                for lang, text in value.items():
                    line, column = doc.position((*loc, lang))
                    yield Text(name, line, column, lang, text, running=last != "name")
                return
            for key, item in value.items():
                yield from walk(item, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, (*loc, i))

    yield from walk(doc.data, ())


def _page_texts(root: Path, name: str) -> Iterator[Text]:
    lang = Path(name).stem.partition(".")[2]
    for number, line in enumerate((root / name).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            yield Text(name, number, 1, lang, line)


_PO_STRING = re.compile(r'^(msgstr(?:\[\d+\])?\s+)?"(.*)"\s*$')


def _catalog_texts(root: Path) -> Iterator[Text]:
    """Each translated line (msgstr) of every catalog under `root/locales`, with its line."""
    for path in sorted((root / CATALOGS).glob("*/LC_MESSAGES/messages.po")):
        name = str(path.relative_to(root))
        lang = path.parent.parent.name
        in_msgstr, header = False, False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("msgid "):
                in_msgstr, header = False, line.strip() == 'msgid ""'
                continue
            match = _PO_STRING.match(line)
            if match is None:
                in_msgstr = False
                continue
            if match.group(1):
                in_msgstr = True
            elif not in_msgstr and match.group(2):
                header = False  # a long msgid wrapped after `msgid ""`: a message, not the catalog's header
            if in_msgstr and not header and match.group(2):
                text = match.group(2).replace('\\"', '"').replace("\\n", "\n")
                yield Text(name, number, len(match.group(1) or "") + 2, lang, text, running=False)


def texts(root: Path, files: Iterable[str]) -> Iterator[Text]:
    """Every translated text: content YAML and page files among `files`, and the interface catalogs."""
    for name in files:
        yield from _file_texts(root, name)
    yield from _catalog_texts(root)


def _file_texts(root: Path, name: str) -> Iterator[Text]:
    if name == str(TERMBASE) or not (root / name).is_file():
        return
    if name.endswith((".yaml", ".yml")):
        yield from _yaml_texts(root, name)
    elif name.endswith(".md"):
        yield from _page_texts(root, name)


def _warnings(termbase: Termbase, texts: Iterable[Text]) -> Iterator[Problem]:
    for text in texts:
        for finding in findings(termbase, text.lang, text.text, text.running):
            yield Problem(text.file, text.line, text.column, Severity.warning, finding.message)


def doc_warnings(termbase: Termbase, doc: source.Document) -> list[Problem]:
    """The warnings `check` gives for one read YAML file (not the termbase itself)."""
    return list(_warnings(termbase, doc_texts(doc)))


def check(root: Path, files: Iterable[str], known: Mapping[str, list[Problem]] | None = None,
          loaded: tuple[Termbase | None, list[Problem]] | None = None) -> list[Problem]:
    """Termbase problems: the file's own errors, then a warning for each avoided word or number.

    `known`: the warnings of files already worked out (`doc_warnings`, by file name), which are
    then not read again; `loaded`: what `load(root)` gave, if it was called already.
    """
    termbase, problems = loaded if loaded is not None else load(root)
    problems = list(problems)
    if termbase is None:
        return problems
    for name in files:
        if known is not None and name in known and name != str(TERMBASE) and (root / name).is_file():
            problems += known[name]
        else:
            problems += _warnings(termbase, _file_texts(root, name))
    problems += _warnings(termbase, _catalog_texts(root))
    return problems


@dataclass(frozen=True)
class Conformance:
    """Per language: how many texts there are and how many follow the termbase and the number rule."""

    texts: dict[str, int] = field(default_factory=dict)
    clean: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)

    def percent(self, lang: str) -> float:
        total = self.texts.get(lang, 0)
        return 100.0 if total == 0 else 100.0 * self.clean.get(lang, 0) / total

    def rows(self, languages: Iterable[str]) -> list[dict[str, object]]:
        return [{"language": lang, "texts": self.texts.get(lang, 0), "findings": self.findings.get(lang, 0),
                 "conformance": round(self.percent(lang), 1)} for lang in languages]


def conformance(root: Path, files: Iterable[str]) -> Conformance | None:
    """Termbase conformance per language, or None when there is no valid termbase."""
    termbase, _ = load(root)
    if termbase is None:
        return None
    result = Conformance()
    for text in texts(root, files):
        found = len(findings(termbase, text.lang, text.text, text.running))
        result.texts[text.lang] = result.texts.get(text.lang, 0) + 1
        result.clean[text.lang] = result.clean.get(text.lang, 0) + (found == 0)
        result.findings[text.lang] = result.findings.get(text.lang, 0) + found
    return result


def table(result: Conformance, languages: Iterable[str]) -> str:
    """A plain-text table: termbase conformance per language."""
    lines = ["termbase conformance (texts without an avoided term or a wrong number)",
             f"{'language':<8}  {'texts':>5}  {'findings':>8}  {'conformance':>11}"]
    for row in result.rows(languages):
        lines.append(f"{row['language']!s:<8}  {row['texts']!s:>5}  {row['findings']!s:>8}  {row['conformance']!s:>10}%")
    return "\n".join(lines)


def relevant(termbase: Termbase, sources: Mapping[str, str | None], lang: str) -> list[dict[str, Any]]:
    """The terms a translator into `lang` needs for a text whose German/English `sources` are given."""
    haystack = " ".join(text.casefold() for code, text in sources.items() if code in ("de", "en") and isinstance(text, str))
    out = []
    for term in termbase.terms:
        words = [term.approved["de"], term.approved.get("en", ""), *term.spot]
        if any(word and word.casefold() in haystack for word in words):
            entry: dict[str, Any] = {"de": term.approved["de"], lang: term.approved.get(lang)}
            if term.avoid.get(lang):
                entry["avoid"] = term.avoid[lang]
            if term.note:
                entry["note"] = term.note
            out.append(entry)
    return out
