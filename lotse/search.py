"""Search over offers, offices and guides, in every language of the content.

An `Index` is built once per content version from a `Directory` and shared by
all sessions: it never changes after it is built. Documents and queries are
folded the same way (`fold`): case, diacritics, German spellings (ä = ae and,
for people without a German keyboard, ä = a; ß = ss), Arabic-script letter
forms, diacritics and tatweel, and the Arabic article. The words of every
field in every language go into one inverted index over a sorted vocabulary,
so the words that start with what was typed are one contiguous range; typos are
looked up with rapidfuzz in the vocabulary, never in the documents.

Categories and target groups are indexed as documents of their own whose
matches pass on to the offers, offices and guides that belong to them, so the
keywords editors keep per category ("Anerkennung", "diploma", "Zeugnis") find
every offer of the category. An office passes its name and city on to its
offers. Whole-word hits count more than prefix hits, which count more than
typo hits; text in the visitor's language (or language-neutral text such as a
city) counts more than text in another language. Ranking is deterministic:
score, then id.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lotse import hours
from lotse.model import Directory, Guide, Offer, Office, Wheelchair

# How much a field counts, and how much a match passes on along a link.
TITLE = 3.0
CITY = 3.5            # a place name typed alone is most likely a search for a place
KEYWORDS = 2.5
ORGANISATION = 1.5
SUMMARY = 1.2
STEP_TITLE = 1.0
ADDRESS = 1.0
DESCRIPTION = 0.6
DETAIL = 0.5
CATEGORY_TO_OFFER = 0.8
FURTHER_CATEGORY_TO_OFFER = 0.6
CATEGORY_TO_GUIDE = 0.75       # a guide explains; the offer itself comes first
FURTHER_CATEGORY_TO_GUIDE = 0.55
CATEGORY_TO_OFFICE = 0.35
GROUP_TO_OFFER = 0.6
GROUP_TO_OFFICE = 0.3
OFFICE_TO_OFFER = 0.5
OFFER_TO_OFFICE = 0.3

AGREEMENT = 0.25      # bonus share when a document matches by its own text and through a link

# How a query word matched, and in which language.
PREFIX = 0.6
FUZZY = 0.5
OTHER_LANGUAGE = 0.75

PREFIX_MIN = 3        # shorter words match whole words only
FUZZY_MIN = 4         # shorter words are not corrected
COMMON_MAX_LENGTH = 3  # a short word with more postings than there are documents is not searched for
MAX_QUERY_WORDS = 12
NEUTRAL = ""          # the "language" of cities, streets and postal codes

# The federal states by their own names, as visitors see them on signs and letters.
STATES = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg", "HB": "Bremen",
    "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern", "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz", "SL": "Saarland", "SN": "Sachsen",
    "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein", "TH": "Thüringen",
}

Float = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int32]


# ---------------------------------------------------------------- folding


def _table(german: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c))
        if base != chr(cp) and base.isascii():
            table[cp] = base
    table.update({ord(k): v for k, v in {
        "ø": "o", "ł": "l", "đ": "d", "ı": "i", "œ": "oe", "æ": "ae", "ð": "d", "þ": "th", "ß": "ss",
        "ё": "е", "ґ": "г",                                   # Russian ё = е; Ukrainian ґ is often typed г
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",              # alef forms
        "ى": "ي", "ی": "ي", "ئ": "ي", "ک": "ك", "ؤ": "و", "ة": "ه",  # Arabic and Persian letter forms
        "ـ": None, "\u200c": None, "\u200d": None,            # tatweel, zero-width (non-)joiner
    }.items()})
    for cp in chain(range(0x300, 0x370), range(0x64B, 0x660), (0x670,), range(0x6D6, 0x6EE)):
        table[cp] = None                                      # combining marks, harakat, Quranic marks
    for digit in range(10):
        table[0x660 + digit] = table[0x6F0 + digit] = str(digit)
    if german:
        table.update({ord("ä"): "ae", ord("ö"): "oe", ord("ü"): "ue"})
    return table


_GERMAN = _table(german=True)
_PLAIN = _table(german=False)
# A word, with the marks that folding removes (so they do not split it): combining marks,
# Arabic harakat and Quranic marks, and the zero-width (non-)joiner used in Persian.
_WORD = re.compile(r"[\w\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+")
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")


def fold(text: str, german: bool = True) -> str:
    """Text as the index sees it: "Ärztin" → "aerztin", "الإقامة" → "الاقامه"."""
    return unicodedata.normalize("NFC", text).casefold().translate(_GERMAN if german else _PLAIN)


def _strip_article(word: str) -> str:
    if word and "\u0600" <= word[0] <= "\u06ff":
        for article in _ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 3:
                return word[len(article):]
    return word


@functools.lru_cache(maxsize=100_000)
def _fold_word(word: str) -> tuple[str, ...]:
    """A case-folded word as the index keeps it: its folded form, then its umlaut-free form if different."""
    out = []
    for table in (_GERMAN, _PLAIN):
        folded = _strip_article(word.translate(table))
        if (len(folded) > 1 or folded.isdigit()) and folded not in out:
            out.append(folded)
    return tuple(out)


def _raw_words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def words(text: str) -> list[str]:
    """The folded words of a query, in order, without repeats."""
    out = [folded[0] for folded in map(_fold_word, _raw_words(text)) if folded]
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- results


class Kind(StrEnum):
    offer = "offer"
    office = "office"
    guide = "guide"


Item = Offer | Office | Guide


@dataclass(frozen=True)
class Hit:
    """One result: what it is, how well it matched, and what a card shows."""

    id: str
    kind: Kind
    score: float
    item: Item
    title: Mapping[str, str]
    summary: Mapping[str, str] | None
    categories: tuple[str, ...]
    cities: tuple[str, ...]
    offices: tuple[str, ...]


@dataclass(frozen=True)
class Results:
    hits: tuple[Hit, ...]
    total: int            # how many matched; `hits` may be fewer (the limit)


@dataclass(frozen=True)
class Filters:
    """What a visitor narrowed the search to; the defaults filter nothing."""

    category: str | None = None
    target_group: str | None = None
    city: str | None = None
    state: str | None = None
    languages: tuple[str, ...] = ()      # spoken at the office, any of them
    free: bool = False
    wheelchair: bool = False
    open_now: bool = False
    open_on: dt.date | None = None

    @property
    def active(self) -> bool:
        return self != Filters()


@dataclass(frozen=True)
class _Doc:
    id: str
    kind: Kind
    item: Item
    title: Mapping[str, str]
    summary: Mapping[str, str] | None
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    offices: tuple[str, ...]
    route_languages: tuple[str, ...]
    free: bool


# ---------------------------------------------------------------- building


class _Numbering(dict[str, int]):
    """Numbers keys in the order they are first looked up."""

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


class _Postings:
    """Collects which text (in which language, with which weight) belongs to which document.

    Texts are numbered as they come; `text_terms` splits every distinct text into
    words in one batch, and the (term, document, language, weight) rows are
    expanded with numpy when the index is frozen.
    """

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.texts = _Numbering()
        self.docs: list[int] = []
        self.text_ids: list[int] = []
        self.langs: list[int] = []
        self.weights: list[float] = []
        self.languages = _Numbering()
        self.languages[NEUTRAL] = 0

    def add(self, doc: int, lang: str, text: str, weight: float) -> None:
        self.text(doc, {lang: text}, weight)

    def text(self, doc: int, value: Mapping[str, str] | None, weight: float) -> None:
        # This runs a few hundred thousand times for a big directory: every lookup goes through map().
        if not value:
            return
        n = len(value)
        self.text_ids += map(self.texts.__getitem__, value.values())
        self.langs += map(self.languages.__getitem__, value)
        self.docs += [doc] * n
        self.weights += [weight] * n

    def text_terms(self) -> tuple[Ints, Ints]:
        """The terms of every text: term ids grouped by text, and how many each text has."""
        # All texts are normalised together and split at whitespace in one call; each distinct
        # piece ("eu-bürger,") is then split into words and folded once. numpy puts each text's
        # terms together, so no Python code runs per text or per word of a text.
        pieces = unicodedata.normalize("NFC", " \x00 ".join(self.texts)).casefold().split()
        distinct = _Numbering()
        distinct["\x00"] = 0                                   # the boundary between two texts
        occurrences = np.fromiter(map(distinct.__getitem__, pieces), dtype=np.int32, count=len(pieces))
        vocab = self.vocab
        widths = np.zeros(len(distinct), dtype=np.int64)
        forms: list[int] = []
        for piece, number in distinct.items():
            if number:
                ids = [vocab.setdefault(t, len(vocab)) for word in _WORD.findall(piece) for t in _fold_word(word)]
                widths[number] = len(ids)
                forms += ids
        form_start = np.cumsum(widths) - widths
        per_piece = widths[occurrences]
        at = np.repeat(form_start[occurrences] - (np.cumsum(per_piece) - per_piece), per_piece)
        terms = np.asarray(forms, dtype=np.int32)[at + np.arange(len(at))]
        owner = np.repeat(np.cumsum(occurrences == 0), per_piece)
        return terms, np.bincount(owner, minlength=len(self.texts)).astype(np.int64)

    def words(self, doc: int, value: Mapping[str, Sequence[str]], weight: float) -> None:
        self.text(doc, {lang: " ".join(items) for lang, items in value.items()}, weight)


def _offices_of_guide(guide: Guide, directory: Directory) -> tuple[str, ...]:
    ids: list[str] = []
    for step in guide.steps:
        ids += step.offices
        for offer_id in step.offers:
            offer = directory.offer(offer_id)
            if offer is not None:
                ids += offer.offices
    return tuple(dict.fromkeys(ids))


def _documents(directory: Directory) -> list[_Doc]:
    offers_at: dict[str, list[Offer]] = {}
    for offer in directory.offers:
        for office_id in offer.offices:
            offers_at.setdefault(office_id, []).append(offer)
    docs = [
        _Doc(o.id, Kind.offer, o, o.title, o.summary, o.all_categories, tuple(o.target_groups), tuple(o.offices),
             tuple(dict.fromkeys(code for r in o.routes for code in r.languages)), o.cost.free)
        for o in directory.offers
    ]
    for office in directory.offices:
        offers = offers_at.get(office.id, [])
        docs.append(_Doc(
            office.id, Kind.office, office, office.name, None,
            tuple(dict.fromkeys(c for o in offers for c in o.all_categories)),
            tuple(dict.fromkeys(g for o in offers for g in o.target_groups)),
            (office.id,), (), any(o.cost.free for o in offers),
        ))
    for guide in directory.guides:
        offers = [o for o in (directory.offer(i) for s in guide.steps for i in s.offers) if o is not None]
        docs.append(_Doc(
            guide.id, Kind.guide, guide, guide.title, guide.summary, tuple(guide.categories),
            tuple(dict.fromkeys(g for o in offers for g in o.target_groups)),
            _offices_of_guide(guide, directory), (), True,
        ))
    return sorted(docs, key=lambda d: (d.id, d.kind))


class Index:
    """The search index of one content version. Build it with `build(directory)`."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.timezone = directory.site.timezone
        docs = _documents(directory)
        self._docs = docs
        self._n = n = len(docs)
        position = {(d.kind, d.id): i for i, d in enumerate(docs)}
        categories = {c.id: n + i for i, c in enumerate(directory.categories)}
        groups = {g.id: n + len(categories) + i for i, g in enumerate(directory.target_groups)}
        self._n_all = n + len(categories) + len(groups)

        post = _Postings()
        links: list[tuple[int, int, float]] = []
        for category in directory.categories:
            i = categories[category.id]
            post.text(i, category.name, TITLE)
            post.words(i, category.keywords, KEYWORDS)
            post.text(i, category.description, DESCRIPTION)
        for group in directory.target_groups:
            i = groups[group.id]
            post.text(i, group.name, TITLE)
            post.words(i, group.keywords, KEYWORDS)
        for i, doc in enumerate(docs):
            item = doc.item
            if isinstance(item, Offer):
                self._index_offer(post, i, item)
                links += [(position[Kind.office, o], i, OFFICE_TO_OFFER) for o in item.offices
                          if (Kind.office, o) in position]
                links += [(i, position[Kind.office, o], OFFER_TO_OFFICE) for o in item.offices
                          if (Kind.office, o) in position]
                links += [(categories[c], i, CATEGORY_TO_OFFER if c == item.category else FURTHER_CATEGORY_TO_OFFER)
                          for c in item.all_categories if c in categories]
                links += [(groups[g], i, GROUP_TO_OFFER) for g in item.target_groups if g in groups]
            elif isinstance(item, Office):
                self._index_office(post, i, item)
                links += [(categories[c], i, CATEGORY_TO_OFFICE) for c in doc.categories if c in categories]
                links += [(groups[g], i, GROUP_TO_OFFICE) for g in doc.target_groups if g in groups]
            else:
                self._index_guide(post, i, item)
                links += [(categories[c], i, CATEGORY_TO_GUIDE if k == 0 else FURTHER_CATEGORY_TO_GUIDE)
                          for k, c in enumerate(item.categories) if c in categories]
        self._languages = post.languages
        self._freeze(post, links)
        self._facets(directory, docs)
        self._open_at: Callable[[dt.datetime], Bool] = functools.lru_cache(maxsize=16)(self._compute_open_at)
        self._open_on: Callable[[dt.date], Bool] = functools.lru_cache(maxsize=16)(self._compute_open_on)

    def __getstate__(self) -> dict[str, object]:
        """Picklable (a version is built in a child process): the per-time caches are made anew."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_open_at", "_open_on")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._open_at = functools.lru_cache(maxsize=16)(self._compute_open_at)
        self._open_on = functools.lru_cache(maxsize=16)(self._compute_open_on)

    # -- what goes into the index

    def _index_offer(self, post: _Postings, i: int, offer: Offer) -> None:
        post.text(i, offer.title, TITLE)
        post.words(i, offer.keywords, KEYWORDS)
        post.text(i, offer.summary, SUMMARY)
        post.text(i, offer.description, DESCRIPTION)
        post.text(i, offer.eligibility, DETAIL)
        for document in offer.documents:
            post.text(i, document, DETAIL)

    def _index_office(self, post: _Postings, i: int, office: Office) -> None:
        post.text(i, office.name, TITLE)
        address = office.address
        post.add(i, NEUTRAL, address.city, CITY)
        post.add(i, NEUTRAL, f"{address.street} {address.postal_code} {STATES[address.state.value]}", ADDRESS)
        organisation = self.directory.organisation(office.organisation)
        if organisation is not None:
            post.text(i, organisation.name, ORGANISATION)

    def _index_guide(self, post: _Postings, i: int, guide: Guide) -> None:
        post.text(i, guide.title, TITLE)
        post.words(i, guide.keywords, KEYWORDS)
        post.text(i, guide.summary, SUMMARY)
        for step in guide.steps:
            post.text(i, step.title, STEP_TITLE)
            post.text(i, step.text, DETAIL)

    def _freeze(self, post: _Postings, links: list[tuple[int, int, float]]) -> None:
        """Turn the collected texts into posting arrays sorted by term, the terms sorted alphabetically."""
        flat_terms, lengths = post.text_terms()
        vocab = sorted(post.vocab)
        rank = np.empty(len(vocab), dtype=np.int32)
        rank[np.fromiter((post.vocab[t] for t in vocab), dtype=np.int32, count=len(vocab))] = np.arange(
            len(vocab), dtype=np.int32)
        # Term ranks fit in 16 bits for any realistic vocabulary; numpy sorts those by radix, in linear time.
        key_type = np.uint16 if len(vocab) < 2**16 else np.int32
        flat = rank[flat_terms].astype(key_type)
        text_start = np.cumsum(lengths) - lengths
        text_ids = np.asarray(post.text_ids, dtype=np.int64)
        per_row = lengths[text_ids]                       # how many terms each (document, text) row brings
        row_start = np.cumsum(per_row) - per_row
        # Row r of text t, term k, sits at row_start + k and takes flat[text_start[t] + k].
        terms = flat[np.repeat(text_start[text_ids] - row_start, per_row) + np.arange(int(per_row.sum()))]
        order = np.argsort(terms, kind="stable")
        source = np.repeat(np.arange(len(text_ids), dtype=np.int32), per_row)[order]
        self._vocab = vocab
        self._offsets = np.concatenate(([0], np.cumsum(np.bincount(terms, minlength=len(vocab))))).astype(np.int64)
        self._p_doc: Ints = np.asarray(post.docs, dtype=np.int32)[source]
        self._p_lang = np.asarray(post.langs, dtype=np.int16)[source]
        self._p_weight = np.asarray(post.weights, dtype=np.float32)[source]
        by_length: dict[int, list[int]] = {}
        for term_id, term in enumerate(vocab):
            by_length.setdefault(len(term), []).append(term_id)
        self._by_length = {k: ([vocab[i] for i in v], v) for k, v in by_length.items()}
        self._link_src = np.asarray([s for s, _, _ in links], dtype=np.int32)
        self._link_dst = np.asarray([d for _, d, _ in links], dtype=np.int32)
        self._link_w = np.asarray([w for _, _, w in links], dtype=np.float64)

    def _facets(self, directory: Directory, docs: list[_Doc]) -> None:
        n = self._n
        self._offices = list(directory.offices)
        office_pos = {o.id: i for i, o in enumerate(self._offices)}
        pairs = [(i, office_pos[o]) for i, d in enumerate(docs) for o in d.offices if o in office_pos]
        self._pair_doc = np.asarray([p[0] for p in pairs], dtype=np.int32)
        self._pair_office = np.asarray([p[1] for p in pairs], dtype=np.int32)
        self._category_mask: dict[str, Bool] = {}
        self._group_mask: dict[str, Bool] = {}
        self._route_language_mask: dict[str, Bool] = {}
        for i, d in enumerate(docs):
            for c in d.categories:
                self._category_mask.setdefault(c, np.zeros(n, dtype=np.bool_))[i] = True
            for g in d.target_groups:
                self._group_mask.setdefault(g, np.zeros(n, dtype=np.bool_))[i] = True
            for code in d.route_languages:
                self._route_language_mask.setdefault(code, np.zeros(n, dtype=np.bool_))[i] = True
        self._free = np.asarray([d.free for d in docs], dtype=np.bool_)
        self._office_city = np.asarray([fold(o.address.city) for o in self._offices], dtype=object)
        self._office_state = np.asarray([o.address.state.value for o in self._offices], dtype=object)
        self._office_wheelchair = np.asarray([o.wheelchair == Wheelchair.yes for o in self._offices], dtype=np.bool_)
        self._office_speaks: dict[str, Bool] = {}
        for j, office in enumerate(self._offices):
            for code in office.languages:
                self._office_speaks.setdefault(code, np.zeros(len(self._offices), dtype=np.bool_))[j] = True
        self._cities = tuple(sorted({o.address.city for o in self._offices}, key=lambda c: (fold(c, german=False), c)))
        self._states = tuple(sorted({o.address.state.value for o in self._offices}))
        self._spoken = tuple(sorted(set(self._office_speaks) | set(self._route_language_mask)))

    # -- facts for the filter controls

    def cities(self) -> list[str]:
        """Cities with an office, as written, in alphabetical order of their folded names."""
        return list(self._cities)

    def states(self) -> list[str]:
        return list(self._states)

    def spoken_languages(self) -> list[str]:
        """Languages spoken at some office, or on some appointment route."""
        return list(self._spoken)

    @property
    def size(self) -> int:
        return self._n

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocab)

    # -- searching

    def search(
        self,
        query: str,
        lang: str,
        filters: Filters | None = None,
        now: dt.datetime | None = None,
        limit: int | None = None,
    ) -> Results:
        """Offers, offices and guides that match `query` and `filters`, best first.

        An empty query lists everything the filters let through, by id. `now` is
        needed for the open-now filter.
        """
        filters = filters or Filters()
        if filters.open_now and now is None:
            raise ValueError("the open-now filter needs `now`")
        allowed = self._allowed(filters, now)
        tokens = words(query)[:MAX_QUERY_WORDS]
        if tokens:
            score = self._score(tokens, lang)
            candidates = score > 0
            if allowed is not None:
                candidates &= allowed
            found = np.flatnonzero(candidates)
            ranked = found[np.argsort(-score[found], kind="stable")]  # stable: ties stay in id order
        else:
            score = np.zeros(self._n)
            ranked = np.flatnonzero(allowed) if allowed is not None else np.arange(self._n)
        shown = ranked if limit is None else ranked[:limit]
        return Results(tuple(self._hit(int(i), float(score[i])) for i in shown), len(ranked))

    def _score(self, tokens: list[str], lang: str) -> Float:
        total = np.zeros(self._n)
        matched = np.zeros(self._n)
        language = self._languages.get(lang, -1)
        # Short words found all over the content ("in", "of", "и", "de") say nothing about what
        # is wanted; in a query of several words they are left out, which also keeps search fast.
        meaningful = [t for t in tokens if not self._common(t)] or tokens
        for token in meaningful:
            found = self._token(token, language)
            if found is None:
                continue
            hit = found > 0
            weight = math.log1p(self._n / int(np.count_nonzero(hit)))  # rare words count more
            total += found * weight
            matched += hit
        # Documents matching more of the query's words rank first; rounding makes near-equal scores ties.
        return np.round(total * (matched / len(meaningful)), 6)

    def _common(self, token: str) -> bool:
        if len(token) > COMMON_MAX_LENGTH:
            return False
        lo = bisect.bisect_left(self._vocab, token)
        if lo == len(self._vocab) or self._vocab[lo] != token:
            return False
        return int(self._offsets[lo + 1] - self._offsets[lo]) > self._n

    def _token(self, token: str, language: int) -> Float | None:
        """How well each document matches one query word, its links included."""
        base = np.zeros(self._n_all)
        vocab = self._vocab
        lo = bisect.bisect_left(vocab, token)
        exact = lo < len(vocab) and vocab[lo] == token
        if exact:
            self._scatter(base, lo, lo + 1, language, 1.0)
        if len(token) >= PREFIX_MIN:
            hi = bisect.bisect_left(vocab, token + "\U0010ffff", lo)
            if hi > lo + exact:
                self._scatter(base, lo + exact, hi, language, PREFIX)
        if not exact and len(token) >= FUZZY_MIN and not token.isdigit():
            for term_id, distance in self._similar(token):
                self._scatter(base, term_id, term_id + 1, language, FUZZY * (1 - distance / len(token)))
        if not base.any():
            return None
        passed = np.zeros(self._n_all)
        along = base[self._link_src] * self._link_w
        some = along > 0
        np.maximum.at(passed, self._link_dst[some], along[some])
        # A document that matches by its own text and through its category (or office) too
        # is a better match than one that matches only one way.
        score = np.maximum(base, passed) + AGREEMENT * np.minimum(base, passed)
        return score[: self._n]

    def _scatter(self, into: Float, first: int, stop: int, language: int, factor: float) -> None:
        start, end = self._offsets[first], self._offsets[stop]
        if start == end:
            return
        langs = self._p_lang[start:end]
        weights = self._p_weight[start:end].astype(np.float64) * factor  # float64: the fast path of maximum.at
        weights = np.where((langs == language) | (langs == 0), weights, weights * OTHER_LANGUAGE)
        np.maximum.at(into, self._p_doc[start:end], weights)

    def _similar(self, token: str) -> list[tuple[int, int]]:
        """Vocabulary terms within one typo (two for long words) of `token`."""
        most = 1 if len(token) <= 6 else 2
        out: list[tuple[int, int]] = []
        for length in range(len(token) - most, len(token) + most + 1):
            bucket = self._by_length.get(length)
            if bucket is None:
                continue
            terms, ids = bucket
            for _, distance, index in process.extract(
                token, terms, scorer=OSA.distance, score_cutoff=most, limit=None
            ):
                out.append((ids[index], int(distance)))
        return out

    # -- filtering

    def _allowed(self, f: Filters, now: dt.datetime | None) -> Bool | None:
        """Which documents the filters let through, or None when nothing is filtered."""
        if not f.active:
            return None
        n = self._n
        allowed = np.ones(n, dtype=np.bool_)
        none = np.zeros(n, dtype=np.bool_)
        if f.category:
            allowed &= self._category_mask.get(f.category, none)
        if f.target_group:
            allowed &= self._group_mask.get(f.target_group, none)
        if f.free:
            allowed &= self._free
        offices: Bool | None = None

        def narrow(mask: Bool) -> None:
            nonlocal offices
            offices = mask if offices is None else offices & mask

        if f.city:
            narrow(self._office_city == fold(f.city))
        if f.state:
            narrow(self._office_state == f.state)
        if f.wheelchair:
            narrow(self._office_wheelchair)
        if f.open_now and now is not None:
            narrow(self._open_at(now.replace(second=0, microsecond=0)))
        if f.open_on is not None:
            narrow(self._open_on(f.open_on))
        if f.languages:
            where = offices if offices is not None else np.ones(len(self._offices), dtype=np.bool_)
            speaks = np.zeros(len(self._offices), dtype=np.bool_)
            by_route = none.copy()
            for code in f.languages:
                speaks |= self._office_speaks.get(code, speaks)
                by_route |= self._route_language_mask.get(code, none)
            allowed &= self._at_some_office(where & speaks) | (by_route & self._at_some_office(where))
        elif offices is not None:
            allowed &= self._at_some_office(offices)
        return allowed

    def _at_some_office(self, offices: Bool) -> Bool:
        out = np.zeros(self._n, dtype=np.bool_)
        out[self._pair_doc[offices[self._pair_office]]] = True
        return out

    def _compute_open_at(self, now: dt.datetime) -> Bool:
        return np.asarray([hours.is_open(o, now, self.timezone) for o in self._offices], dtype=np.bool_)

    def _compute_open_on(self, date: dt.date) -> Bool:
        return np.asarray([hours.open_on(o, date) for o in self._offices], dtype=np.bool_)

    def _hit(self, i: int, score: float) -> Hit:
        d = self._docs[i]
        cities = tuple(sorted({o.address.city for o in (self.directory.office(x) for x in d.offices) if o}))
        return Hit(d.id, d.kind, score, d.item, d.title, d.summary, d.categories, cities, d.offices)


def build(directory: Directory) -> Index:
    """The search index of a directory; build it once per content version."""
    # Building allocates millions of small objects that never form cycles; without this the
    # cycle collector would walk the whole directory again and again while the index grows.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return Index(directory)
    finally:
        if enabled:
            gc.enable()


def filters_from(values: Mapping[str, str | Iterable[str]]) -> Filters:
    """Filters from URL query parameters (`category`, `group`, `city`, `state`, `spoken`, `free`, ...)."""
    def one(key: str) -> str | None:
        value = values.get(key)
        if value is None or isinstance(value, str):
            return value or None
        items = list(value)
        return items[0] if items else None

    def many(key: str) -> tuple[str, ...]:
        value = values.get(key)
        if value is None:
            return ()
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(dict.fromkeys(v for v in items if v))

    def flag(key: str) -> bool:
        return one(key) in ("1", "true", "yes")

    on = one("on")
    try:
        open_on = dt.date.fromisoformat(on) if on else None
    except ValueError:
        open_on = None
    return Filters(
        category=one("category"), target_group=one("group"), city=one("city"), state=one("state"),
        languages=many("spoken"), free=flag("free"), wheelchair=flag("wheelchair"),
        open_now=flag("open"), open_on=open_on,
    )


def filters_to(filters: Filters) -> dict[str, str]:
    """URL query parameters for `filters`; the inverse of `filters_from`."""
    out = {
        "category": filters.category, "group": filters.target_group, "city": filters.city, "state": filters.state,
        "spoken": ",".join(filters.languages) or None, "free": "1" if filters.free else None,
        "wheelchair": "1" if filters.wheelchair else None, "open": "1" if filters.open_now else None,
        "on": filters.open_on.isoformat() if filters.open_on else None,
    }
    return {k: v for k, v in out.items() if v}
