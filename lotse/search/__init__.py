"""Search over offers, offices and guides, in every language of the content, as people type.

An `Index` is built once per content version from a `Directory` and shared by
all sessions: it never changes after it is built. Documents and queries are
folded the same way (`language.fold`). The words of every field in every
language go into one inverted index over a sorted vocabulary, so the words that
start with what was typed are one contiguous range; typos are looked up with
rapidfuzz in the vocabulary, never in the documents.

A query becomes units of meaning (`_units`): stop and question words leave it;
synonyms and old names from `content/synonyms.yaml` ("Hartz IV") stand for what
the content calls it ("Bürgergeld"); words typed apart that the content writes
as one ("Job Center") are joined; a German compound the content lacks is split
into parts it has ("Sprachkursanmeldung"). Each word matches whole, by its stem
or lemma, as the start of a longer word, corrected for a typo, or, typed in
Cyrillic, Arabic or Persian script, by how it sounds ("бюргергельд").

Categories and target groups are indexed as documents of their own whose
matches pass on to the offers, offices and guides that belong to them, so the
keywords editors keep per category ("Anerkennung", "diploma", "Zeugnis") find
every offer of the category. An office passes its name and city on to its
offers. Units weigh by how rare they are (BM25's idf), and a unit that names a
category (what is sought) weighs more than one naming a group or a place.
A document is shown only if it matches every unit of a one- or two-unit query
and half of a longer one: nothing relevant finds nothing. Among equal scores,
a title in the visitor's language comes first, then what is open now, then the
title in alphabetical order.

A search works on what the query's words matched, not on the whole directory: each
term keeps one posting per document (`Index._postings`), links are kept by source and
in the order they pass things on (`Index._links`), and a word that matched little keeps
scores for the documents it reached only. Every score is the same, to the last bit, as
weighing every posting and following every link would give (tests/test_search_paths.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import itertools
import math
import operator
import sys
import threading
import unicodedata
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lotse import hours
from lotse.model import Directory, Guide, Offer, Office, Wheelchair
from lotse.search import language
from lotse.search.language import fold, words

__all__ = ["FIRST_HELP", "STATES", "Fallback", "Filters", "Hit", "Index", "Kind", "Results", "build", "filters_from", "filters_to", "fold",
           "words"]

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

PHRASE = 0.5          # share of a keyword's weight for each word of a keyword phrase
AGREEMENT = 0.25      # bonus share when a document matches by its own text and through a link
TOPIC = 2.0           # a word that names a category weighs this much more than one naming a group or place

# How a query word matched (a match quality from 0 to 1), and in which language.
STEM = 0.9            # the same stem or lemma: "Zeugnisse" for "Zeugnis", "роботу" for "робота"
INFLECTED = 0.85      # the word plus a short ending: "Kurse" for "Kurs"
PREFIX = 0.6          # the start of a longer word: "Kurs" in "Kursangebot"
HEARD = 0.8           # a German word typed in another script: "бюргергельд" for "Bürgergeld"
FUZZY = 0.5           # a typo-corrected word, times the share of its letters typed right
OTHER_LANGUAGE = 0.75
OUTWEIGHED = 0.7499   # below OTHER_LANGUAGE: a posting this much lighter than a document's best never counts
POSTINGS_PIECE = 1 << 20   # postings the index sorts out at a time when it is built
DENSE = 7             # a word that matched more than 1/DENSE of the documents follows all their links
PICK = 1.5            # ...of them, those from what it matched, when that leaves fewer than 1/PICK of them
WHOLE = 4             # a word that reached more than 1/WHOLE of the documents keeps a score for every one
ENDING_MAX = 3        # letters an ending may add
FLOOR = 0.5           # share of the words of a longer query a document must match to be shown
MATCHED = 0.6         # the match quality from which a word counts as found: one typo in five letters

PREFIX_MIN = 3        # shorter words match whole words only
FUZZY_MIN = 4         # shorter words are not corrected; a typo costs 2 / length of the match quality
TWO_TYPOS_MIN = 9     # words this long may have two typos
COMPOUND_MIN = 8      # shorter words are not split into parts
PART_MIN = 4
COMPOUND_COVER = 0.5  # the known parts must make up this much of a compound to stand for it
MAX_QUERY_WORDS = 12
RECENT_BYTES = 16 << 20   # a process keeps the matches of the words searched last, up to this many bytes
NEUTRAL = ""          # the "language" of cities, streets and postal codes
# Offers that help with any question and know where to go next: shown when a search finds nothing.
FIRST_HELP = ("first-orientation", "social-counselling")

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
Positions = npt.NDArray[np.intp]


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
class Fallback:
    """What to offer when a search finds nothing: words to search with, and where to ask in person."""

    words: tuple[str, ...]      # the topics as offices name them, in the content's default language
    offers: tuple[Offer, ...]   # general first orientation and counselling, in the place searched if any


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
    """What the index keeps of a document: no texts and no content object, which stay in the directory
    (a compiled directory keeps them on disk until a result is shown, lotse.compiled)."""

    id: str
    kind: Kind
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    offices: tuple[str, ...]
    route_languages: tuple[str, ...]
    free: bool


@dataclass(frozen=True)
class _Word:
    folded: str
    raw: str              # as typed, case-folded: stemmers and transliteration need the letters
    stop: bool            # a question or filler word: matched whole only, and never required


@dataclass(frozen=True)
class _Match:
    """How well documents match a word or unit: a score, and a match quality from 0 to 1.

    Sparse: only the documents that match at all (`docs`, in increasing order, each once) have a
    score; every other document scores 0. A word that reaches much of the directory has a score for
    every document instead (`docs` None): whole arrays are then cheaper than picking documents out.
    """

    docs: Positions | None
    score: Float
    quality: Float
    topic: bool           # the word names a category: it says what is sought, not for whom or where


@dataclass(frozen=True)
class _Unit:
    """One thing the query asks for: a word, or words that belong together, with their alternatives.

    Each alternative is words that should all match, with their shares (None: equal shares).
    """

    alternatives: tuple[tuple[tuple[_Word, ...], tuple[float, ...] | None], ...]
    optional: bool


class _Recent:
    """The matches of the words searched last, by word and language, up to `RECENT_BYTES`.

    Every click on a page searches again (Streamlit reruns the page), "show more" and a filter
    search the same words again, and visitors search for the same few things: a word that matched
    much of the directory takes a millisecond to weigh again, and one of its matches is a lookup.
    A match is the same whenever it is asked for (an index never changes), and nobody writes to one.
    """

    def __init__(self) -> None:
        self._matches: OrderedDict[tuple[_Word, str], _Match | None] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[_Word, str]) -> tuple[bool, _Match | None]:
        with self._lock:
            if key not in self._matches:
                return False, None
            self._matches.move_to_end(key)
            return True, self._matches[key]

    def put(self, key: tuple[_Word, str], match: _Match | None) -> None:
        size = _size(match)
        if size > RECENT_BYTES:
            return
        with self._lock:
            if key in self._matches:
                return
            self._matches[key] = match
            self._bytes += size
            while self._bytes > RECENT_BYTES:
                _, dropped = self._matches.popitem(last=False)
                self._bytes -= _size(dropped)


def _size(match: _Match | None) -> int:
    if match is None:
        return 64
    return 64 + match.score.nbytes + match.quality.nbytes + (0 if match.docs is None else match.docs.nbytes)


# Kept beside each index, not in it: the index stays a plain value to pickle and compare, and no
# reference cycle (lotse.store frees a version without the collector).
_recent: weakref.WeakKeyDictionary[Index, _Recent] = weakref.WeakKeyDictionary()
_recent_lock = threading.Lock()


def _recent_of(index: Index) -> _Recent:
    found = _recent.get(index)
    if found is None:
        with _recent_lock:
            found = _recent.setdefault(index, _Recent())
    return found


# ---------------------------------------------------------------- building


class _Numbering(dict[str, int]):
    """Numbers keys in the order they are first looked up."""

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


_values = operator.methodcaller("values")


class _Postings:
    """Collects which text (in which language, with which weight) belongs to which document.

    Each call only notes the texts, their document and weight; `settle` numbers the texts and
    languages in the order they came and expands the (document, text, language, weight) rows
    with numpy, `text_terms` splits every distinct text into words in one batch, and the
    (term, document, language, weight) rows are expanded with numpy when the index is frozen.
    """

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.texts = _Numbering()
        self.values: list[Mapping[str, str]] = []
        self.owners: list[int] = []
        self.shares: list[float] = []
        self.languages = _Numbering()
        self.languages[NEUTRAL] = 0

    def add(self, doc: int, lang: str, text: str, weight: float) -> None:
        self.text(doc, {lang: text}, weight)

    def text(self, doc: int, value: Mapping[str, str] | None, weight: float) -> None:
        # This runs a few hundred thousand times for a big directory: it only notes the call.
        if value:
            self.values.append(value)
            self.owners.append(doc)
            self.shares.append(weight)

    def settle(self) -> tuple[npt.NDArray[np.int64], Ints, npt.NDArray[np.int16], npt.NDArray[np.float32]]:
        """Every (document, text, language, weight) row in the order the texts came: the texts and
        languages numbered by their first appearance, all in C loops (no Python code per row)."""
        values = self.values
        texts = np.fromiter(map(self.texts.__getitem__, itertools.chain.from_iterable(map(_values, values))),
                            dtype=np.int64)
        langs = np.fromiter(map(self.languages.__getitem__, itertools.chain.from_iterable(values)), dtype=np.int16)
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        docs = np.repeat(np.asarray(self.owners, dtype=np.int32), sizes)
        weights = np.repeat(np.asarray(self.shares, dtype=np.float64), sizes).astype(np.float32)
        return texts, docs, langs, weights

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
                ids = [vocab.setdefault(t, len(vocab)) for word in language.WORD.findall(piece) for t in language.fold_word(word)]
                widths[number] = len(ids)
                forms += ids
        form_start = np.cumsum(widths) - widths
        per_piece = widths[occurrences]
        at = np.repeat(form_start[occurrences] - (np.cumsum(per_piece) - per_piece), per_piece)
        terms = np.asarray(forms, dtype=np.int32)[at + np.arange(len(at))]
        owner = np.repeat(np.cumsum(occurrences == 0), per_piece)
        return terms, np.bincount(owner, minlength=len(self.texts)).astype(np.int64)

    def words(self, doc: int, value: Mapping[str, Sequence[str]], weight: float) -> None:
        """Keywords; the words of a phrase share its weight, so "social work" is not the keyword "work"."""
        single: dict[str, str] = {}
        phrases: dict[str, str] = {}
        for lang, items in value.items():
            one = [item for item in items if " " not in item]
            if one:
                single[lang] = " ".join(one)
            if len(one) < len(items):
                phrases[lang] = " ".join(item for item in items if " " in item)
        self.text(doc, single, weight)
        self.text(doc, phrases, weight * PHRASE)


def _offices_of_guide(guide: Guide, directory: Directory) -> tuple[str, ...]:
    ids: list[str] = []
    for step in guide.steps:
        ids += step.offices
        for offer_id in step.offers:
            offer = directory.offer(offer_id)
            if offer is not None:
                ids += offer.offices
    return tuple(dict.fromkeys(ids))


def _documents(directory: Directory) -> list[tuple[_Doc, Item]]:
    """Every offer, office and guide as a document (by id), with the content object it was made from."""
    offers_at: dict[str, list[Offer]] = {}
    for offer in directory.offers:
        for office_id in offer.offices:
            offers_at.setdefault(office_id, []).append(offer)
    docs: list[tuple[_Doc, Item]] = [
        (_Doc(o.id, Kind.offer, o.all_categories, tuple(o.target_groups), tuple(o.offices),
              tuple(dict.fromkeys(code for r in o.routes for code in r.languages)), o.cost.free), o)
        for o in directory.offers
    ]
    for office in directory.offices:
        offers = offers_at.get(office.id, [])
        docs.append((_Doc(
            office.id, Kind.office,
            tuple(dict.fromkeys(c for o in offers for c in o.all_categories)),
            tuple(dict.fromkeys(g for o in offers for g in o.target_groups)),
            (office.id,), (), any(o.cost.free for o in offers),
        ), office))
    for guide in directory.guides:
        offers = [o for o in (directory.offer(i) for s in guide.steps for i in s.offers) if o is not None]
        docs.append((_Doc(
            guide.id, Kind.guide, tuple(guide.categories),
            tuple(dict.fromkeys(g for o in offers for g in o.target_groups)),
            _offices_of_guide(guide, directory), (), True,
        ), guide))
    return sorted(docs, key=lambda pair: (pair[0].id, pair[0].kind))


class Index:
    """The search index of one content version. Build it with `build(directory)`."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.timezone = directory.site.timezone
        pairs = _documents(directory)
        self._docs = docs = [doc for doc, _ in pairs]
        self._n = n = len(docs)
        position = {(d.kind, d.id): i for i, d in enumerate(docs)}
        categories = {c.id: n + i for i, c in enumerate(directory.categories)}
        groups = {g.id: n + len(categories) + i for i, g in enumerate(directory.target_groups)}
        self._n_all = n + len(categories) + len(groups)
        self._n_categories = len(categories)

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
        for i, (doc, item) in enumerate(pairs):
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
        self._vocabulary_tools(directory)
        self._title_order(directory, [item.name if isinstance(item, Office) else item.title for _, item in pairs])
        self._open_docs_at: tuple[dt.datetime, Bool] | None = None
        self._open_cache: dict[dt.datetime | dt.date, Bool] = {}
        self._office_filters: dict[Hashable, Bool] = {}

    # Plain dicts, not lru_cache wrappers of bound methods: those would make the index a reference cycle,
    # which only the cyclic collector frees, and a published version is frozen out of its reach (lotse.store).
    _CACHES = ("_open_cache", "_open_docs_at", "_office_filters")

    def _open_at(self, now: dt.datetime) -> Bool:
        return self._cached_open(now, self._compute_open_at)

    def _open_on(self, date: dt.date) -> Bool:
        return self._cached_open(date, self._compute_open_on)

    def _cached_open(self, key: Any, compute: Callable[[Any], Bool]) -> Bool:
        found = self._open_cache.get(key)
        if found is None:
            if len(self._open_cache) >= 32:
                self._open_cache.clear()
            found = self._open_cache[key] = compute(key)
        return found

    def __getstate__(self) -> dict[str, object]:
        """Picklable (a version is built in a child process, lotse.store): the caches are made anew."""
        return {k: v for k, v in self.__dict__.items() if k not in self._CACHES}

    def __setstate__(self, state: dict[str, object]) -> None:
        # Arrays mapped from files (lotse.compiled) are used as plain arrays over the same memory: numpy's
        # memmap class runs Python code on every slice and result, which a search makes thousands of.
        self.__dict__.update({k: np.asarray(v) if isinstance(v, np.memmap) else v for k, v in state.items()})
        self._open_docs_at = None
        self._open_cache = {}
        self._office_filters = {}

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
        text_ids, docs, langs, weights = post.settle()
        flat_terms, lengths = post.text_terms()
        vocab = sorted(post.vocab)
        rank = np.empty(len(vocab), dtype=np.int32)
        rank[np.fromiter((post.vocab[t] for t in vocab), dtype=np.int32, count=len(vocab))] = np.arange(
            len(vocab), dtype=np.int32)
        # Term ranks fit in 16 bits for any realistic vocabulary; numpy sorts those by radix, in linear time.
        key_type = np.uint16 if len(vocab) < 2**16 else np.int32
        self._vocab = vocab
        self._postings(rank[flat_terms].astype(key_type), np.cumsum(lengths) - lengths, lengths[text_ids],
                       text_ids, docs, langs, weights)
        by_length: dict[int, list[int]] = {}
        for term_id, term in enumerate(vocab):
            by_length.setdefault(len(term), []).append(term_id)
        self._by_length = {k: ([vocab[i] for i in v], v) for k, v in by_length.items()}
        self._links(links)

    def _postings(self, flat: npt.NDArray[Any], text_start: Ints, per_row: Ints, text_ids: npt.NDArray[np.int64],
                  doc: Ints, lang: npt.NDArray[np.int16], weight: npt.NDArray[np.float32]) -> None:
        """Keep of every term in every document its best posting, and of the others only what can count.

        Row r of the collected texts (document `doc[r]`, text `text_ids[r]`, ...) brings the `per_row[r]`
        terms of its text, `flat[text_start[t]:]`. A search weighs a posting in the visitor's language or
        in none (NEUTRAL) fully and one in another language by OTHER_LANGUAGE, and takes a document's
        best: so beside the best posting (`_p_doc`, `_p_lang`, `_p_weight`, by term from `_offsets`) only
        postings in another language than the best's that could outweigh it for a visitor of their
        language are kept (`_s_doc`, `_s_weight`, by term and language from `_s_start`). A city written
        in ten languages of an office is then one posting, not twenty, and every score is what weighing
        all postings gives (`_scatter`).

        The rows are expanded into postings a piece of whole documents at a time (each document's rows
        come together), about POSTINGS_PIECE postings a piece, and each piece is reduced to the postings
        kept before the next: at 20,000 offices the expanded postings would be 32 million, and arrays of
        that size, touched once each, cost more in page faults than in sorting. The pieces' postings,
        each piece's sorted by term with documents in their order, are then put in term order with the
        pieces in theirs: the same arrays as sorting all postings at once.
        """
        n_terms, n_langs = len(self._vocab), len(self._languages)
        german = self._languages.get("de", -1)
        self._german: Bool = np.zeros(n_terms, dtype=np.bool_)  # terms in German (or language-neutral) text
        row_end = np.cumsum(per_row)
        new_doc = np.flatnonzero(doc[1:] != doc[:-1]) + 1      # rows where a document's rows start
        at_cut = np.searchsorted(row_end[new_doc - 1], np.arange(POSTINGS_PIECE, int(row_end[-1]) if len(row_end) else 0,
                                                                    POSTINGS_PIECE))
        cuts = np.unique(np.concatenate(([0], new_doc[np.minimum(at_cut, len(new_doc) - 1)] if len(new_doc) else [],
                                         [len(doc)]))).astype(np.int64).tolist()
        parts = []
        for a, b in itertools.pairwise(cuts):
            counts = per_row[a:b]
            total = int(counts.sum())
            first = np.cumsum(counts) - counts
            terms = flat[np.repeat(text_start[text_ids[a:b]] - first, counts) + np.arange(total)]
            order = np.argsort(terms, kind="stable")
            rows = np.repeat(np.arange(a, b, dtype=np.int64), counts)[order]
            terms, r_lang = terms[order], lang[rows]
            self._german[terms[(r_lang == german) | (r_lang == 0)]] = True
            parts.append(self._best_postings(terms, doc[rows], r_lang, weight[rows], n_langs))
        empty = (flat[:0], doc[:0], lang[:0], weight[:0], np.zeros(0, dtype=np.int64), doc[:0], weight[:0])

        def joined(k: int) -> npt.NDArray[Any]:
            return np.concatenate([part[k] for part in parts]) if parts else empty[k]

        p_term, p_doc, p_lang, p_weight, s_key, s_doc, s_weight = map(joined, range(7))
        by_term = np.argsort(p_term, kind="stable")
        self._p_doc, self._p_lang, self._p_weight = p_doc[by_term], p_lang[by_term], p_weight[by_term]
        by_key = np.argsort(s_key, kind="stable")
        self._s_doc, self._s_weight = s_doc[by_key], s_weight[by_key]
        self._offsets = np.concatenate(([0], np.cumsum(np.bincount(p_term, minlength=n_terms)))).astype(np.int64)
        self._s_start = np.concatenate(([0], np.cumsum(np.bincount(s_key, minlength=n_terms * n_langs)))).astype(
            np.int64)

    @staticmethod
    def _best_postings(term: npt.NDArray[Any], doc: Ints, lang: npt.NDArray[np.int16], weight: npt.NDArray[np.float32],
                       n_langs: int) -> tuple[npt.NDArray[Any], ...]:
        """Of postings of whole terms: the best of each (term, document), with its term, and the others
        that can count, each (term, language, document) once at its best, with its term and language."""
        new = np.ones(len(term), dtype=np.bool_)
        new[1:] = (term[1:] != term[:-1]) | (doc[1:] != doc[:-1])
        starts = np.flatnonzero(new)
        each = np.diff(starts, append=len(term))          # postings of each (term, document)
        run = np.repeat(np.arange(len(starts), dtype=np.int32), each)
        top = np.maximum.reduceat(weight, starts)
        top_each = np.repeat(top, each)
        best = np.flatnonzero(weight == top_each)
        first_best = np.ones(len(best), dtype=np.bool_)
        first_best[1:] = run[best[1:]] != run[best[:-1]]
        primary = best[first_best]                      # one per (term, document), in order
        # A posting at most OUTWEIGHED times the best can never beat the best weighed as another language
        # (rounding included): OUTWEIGHED < OTHER_LANGUAGE by far more than a rounding error. Kept are
        # those above a little less than that (in single precision, rounding included): keeping a
        # posting that cannot count changes nothing.
        keep = weight > top_each * np.float32(OUTWEIGHED - 1e-4)
        keep &= lang != np.repeat(lang[primary], each)
        kept = np.flatnonzero(keep)
        key = term[kept].astype(np.int64) * n_langs + lang[kept]
        low = int(key.min()) if len(key) else 0
        # Stable, so that documents stay in order within a key; by radix when the keys fit in 16 bits.
        by_key = np.argsort(key - low if len(key) == 0 or int(key.max()) - low >= 2**16 else (key - low).astype(np.uint16),
                            kind="stable")
        kept, key = kept[by_key], key[by_key]
        new = np.ones(len(kept), dtype=np.bool_)
        new[1:] = (key[1:] != key[:-1]) | (doc[kept[1:]] != doc[kept[:-1]])
        at = np.flatnonzero(new)
        s_weight = np.maximum.reduceat(weight[kept], at) if len(at) else weight[kept]
        return term[primary], doc[primary], lang[primary], weight[primary], key[at], doc[kept[at]], s_weight

    def _links(self, links: list[tuple[int, int, float]]) -> None:
        """The links, arranged so that a search follows only the links of what matched and adds up what
        reaches each document in the order the links were made (so every score is the same to the last
        bit however the links are stored).

        Into each document come first links from documents (an offer's offices, an office's offers
        before it), then links from its categories and target groups, then links from documents again
        (an office's offers after it): three phases. The links from documents of the first and the last
        phase are kept twice: by source (`_early_start`, `_early_out_*`: a word that matched few
        documents gathers their links), and all of them by their place among the links into their target
        (`_early_src`, `_early_dst`, ...: a word that matched many follows them all, no sorting). The
        links of categories and groups are kept by source and by their rank among the topic links into
        their target (`_topic_*`, from `_topic_start`).
        """
        n, n_all = self._n, self._n_all
        src = np.asarray([s for s, _, _ in links], dtype=np.int32)
        dst = np.asarray([d for _, d, _ in links], dtype=np.int32)
        weight = np.asarray([w for _, _, w in links], dtype=np.float64)
        into = np.bincount(dst, minlength=n_all)
        by_target = np.argsort(dst, kind="stable")
        place = np.empty(len(links), dtype=np.int64)
        place[by_target] = np.arange(len(links)) - (np.cumsum(into) - into)[dst[by_target]]
        from_topic = src >= n
        topic_into = np.bincount(dst[from_topic], minlength=n_all)
        first_topic = np.full(n_all, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first_topic, dst[from_topic], place[from_topic])
        rank = place - first_topic[dst]
        if not (rank[from_topic] < topic_into[dst[from_topic]]).all():
            raise AssertionError("the links of categories and groups into a document are made one after the other")
        # Places sort by radix in linear time when they fit in 8 bits.
        place_type = np.uint8 if len(links) == 0 or int(into.max()) < 2**8 else np.int64
        for name, chosen in (("_early", ~from_topic & (rank < 0)), ("_late", ~from_topic & (rank > 0))):
            at = np.flatnonzero(chosen)
            by_source = at[np.argsort(src[at], kind="stable")]
            setattr(self, f"{name}_start", np.concatenate(([0], np.cumsum(np.bincount(src[at], minlength=n)))).astype(np.int64))
            setattr(self, f"{name}_out_dst", dst[by_source].astype(np.intp))
            setattr(self, f"{name}_out_w", weight[by_source])
            setattr(self, f"{name}_out_place", place[by_source].astype(place_type))
            # By place, and by target within a place: each target's links in the order made, and the
            # targets mostly in order, which keeps the writes near each other.
            by_place = at[np.lexsort((dst[at], place[at]))]
            setattr(self, f"{name}_src", src[by_place].astype(np.intp))
            setattr(self, f"{name}_dst", dst[by_place].astype(np.intp))
            setattr(self, f"{name}_w", weight[by_place])
            setattr(self, f"{name}_strength", weight[by_place] / CATEGORY_TO_OFFER)
        ranks = int(topic_into.max()) if len(links) else 0
        at = np.flatnonzero(from_topic)
        key = (src[at].astype(np.int64) - n) * ranks + rank[at]
        by_key = np.argsort(key, kind="stable")
        self._topic_ranks = ranks
        self._topic_dst = dst[at][by_key].astype(np.intp)
        self._topic_w: Float = weight[at][by_key]
        self._topic_rank = rank[at][by_key].astype(place_type)
        self._topic_strength: Float = self._topic_w / CATEGORY_TO_OFFER
        self._topic_start = np.concatenate(([0], np.cumsum(np.bincount(key, minlength=(n_all - n) * ranks)))).astype(
            np.int64)

    def _vocabulary_tools(self, directory: Directory) -> None:
        """Stop words, synonyms and the sound of German words, fitted to this content's vocabulary."""
        # A stop word that editors chose as a keyword or name of its own is a topic here ("Kind").
        single = (words(text) for text in set(_topic_texts(directory)) if " " not in text.strip())
        chosen = {w[0] for w in single if len(w) == 1}
        self._stop = language.stop_words() - chosen   # phrases of unknown language (synonyms)
        # What is filler in a query depends on the visitor's language: "is" in English, "iş" (work) in Turkish.
        self._stops = {lang: language.stop_words(lang, directory.site.default_language) - chosen
                       for lang in directory.site.languages}
        # Synonym phrases by each form of their first word; a phrase word matches by its form or stem.
        self._synonyms: dict[str, list[tuple[tuple[frozenset[str], ...], list[tuple[_Word, ...]]]]] = {}
        for synonym in directory.synonyms:
            means = [m for m in (tuple(_Word(w, r, w in self._stop) for w, r in _pairs(t)) for t in synonym.means) if m]
            for code, phrases in synonym.typed.items():
                for phrase in phrases:
                    # Stems only: the lemma dictionaries load when a visitor types in their language.
                    stems = code in language.SNOWBALL
                    key = tuple(frozenset({w, *(language.base_forms(r, code) if stems else ())})
                                for w, r in _pairs(phrase))
                    for form in key[0] if key else ():
                        self._synonyms.setdefault(form, []).append((key, means))
        self._lengths = np.fromiter(map(len, self._vocab), dtype=np.int32, count=len(self._vocab))
        # The consonant skeletons of the German (and language-neutral) words, sorted, for words typed
        # in another script. Only whole Latin words long enough to say something are heard.
        heard = []
        for term_id in np.flatnonzero(self._german & (self._lengths >= 5)).tolist():
            if self._vocab[term_id].isascii():
                sound = language.skeleton(self._vocab[term_id])
                if len(sound) >= language.SKELETON_MIN:
                    heard.append((sound, term_id))
        heard.sort()
        self._heard_keys = [sys.intern(k) for k, _ in heard]
        self._heard_terms: Ints = np.asarray([t for _, t in heard], dtype=np.int32)

    def _facets(self, directory: Directory, docs: list[_Doc]) -> None:
        n = self._n
        offices = list(directory.offices)
        self._office_number = office_pos = {o.id: i for i, o in enumerate(offices)}
        pairs = [(i, office_pos[o]) for i, d in enumerate(docs) for o in d.offices if o in office_pos]
        self._pair_doc = np.asarray([p[0] for p in pairs], dtype=np.int32)
        self._pair_office = np.asarray([p[1] for p in pairs], dtype=np.int32)
        self._category_mask = _masks(((c, i) for i, d in enumerate(docs) for c in d.categories), n)
        self._group_mask = _masks(((g, i) for i, d in enumerate(docs) for g in d.target_groups), n)
        self._route_language_mask = _masks(((code, i) for i, d in enumerate(docs) for code in d.route_languages), n)
        self._free = np.asarray([d.free for d in docs], dtype=np.bool_)
        self._cities_of_offices = [sys.intern(o.address.city) for o in offices]
        self._office_city = np.asarray([fold(o.address.city) for o in offices], dtype=object)
        self._office_state = np.asarray([o.address.state.value for o in offices], dtype=object)
        self._office_wheelchair = np.asarray([o.wheelchair == Wheelchair.yes for o in offices], dtype=np.bool_)
        self._office_speaks = _masks(((code, j) for j, office in enumerate(offices) for code in office.languages),
                                     len(offices))
        # Whether an office is open depends on its timetable, state and closed flag only: thousands of
        # offices share a few hundred timetables, so the index keeps one office of each (not all of them).
        group: dict[Hashable, int] = {}
        self._timetable_offices: list[Office] = []
        numbers = []
        for office in offices:
            key = hours.timetable_key(office)
            if key not in group:
                group[key] = len(self._timetable_offices)
                self._timetable_offices.append(office)
            numbers.append(group[key])
        self._timetable = np.asarray(numbers, dtype=np.int32)
        self._cities = tuple(sorted(set(self._cities_of_offices), key=lambda c: (fold(c, german=False), c)))
        self._states = tuple(sorted({o.address.state.value for o in offices}))
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

        An empty query lists everything the filters let through, by id. A query
        that nothing matches well enough finds nothing. `now` is needed for the
        open-now filter; given, it also puts open places first among equals.
        """
        filters = filters or Filters()
        if filters.open_now and now is None:
            raise ValueError("the open-now filter needs `now`")
        allowed = self._allowed(filters, now)
        units = self._units(query, lang)
        if units:
            found, score = self._score(units, lang)
            candidates = score > 0
            if allowed is not None:
                candidates &= allowed if found is None else allowed[found]
            if found is None:
                found = np.flatnonzero(candidates)
                score = score[found]
            else:
                found, score = found[candidates], score[candidates]
            total = len(found)
            if limit is not None and total > limit:
                # Only what can be shown is put in order: the best `limit` scores and all that tie with the last.
                last = np.partition(score, total - limit)[total - limit]
                best = score >= last
                found, score = found[best], score[best]
                if len(found) > limit:
                    found, score = self._first_of_ties(found, score, last, limit, lang, now)
            order = self._order(found, score, lang, now)[:limit]
            shown, scores = found[order].tolist(), score[order].tolist()
        else:
            ranked = np.flatnonzero(allowed) if allowed is not None else np.arange(self._n)
            total = len(ranked)
            shown = ranked[:limit].tolist()
            scores = [0.0] * len(shown)
        return Results(tuple(self._hit(i, s) for i, s in zip(shown, scores, strict=True)), total)

    def _first_of_ties(self, found: Positions, score: Float, last: float, limit: int, lang: str,
                       now: dt.datetime | None) -> tuple[Positions, Float]:
        """Of the documents that tie with the last shown score, the ones `_order` puts first: all those
        with a better score and, of the ties, as many as fit, by their order among equals (unique, as
        the alphabetical rank is), picked without sorting thousands of ties."""
        better = score > last
        tie = np.flatnonzero(~better)
        need = limit - int(np.count_nonzero(better))
        docs = found[tie]
        own = self._titled(lang)[docs]
        open_now = self._open_docs(now)[docs] if now is not None else np.zeros(len(docs), dtype=np.bool_)
        key = (~own).astype(np.int64) << 33 | (~open_now).astype(np.int64) << 32 | self._name_rank(lang)[docs]
        keep = np.sort(np.concatenate((np.flatnonzero(better), tie[np.argpartition(key, need - 1)[:need]])))
        return found[keep], score[keep]

    def _order(self, found: npt.NDArray[np.intp], score: Float, lang: str,
               now: dt.datetime | None) -> npt.NDArray[np.intp]:
        """Best first; among equals, a title in the visitor's language, then open now, then by name."""
        own = self._titled(lang)[found]
        open_now = self._open_docs(now)[found] if now is not None else np.zeros(len(found), dtype=np.bool_)
        return np.lexsort((self._name_rank(lang)[found], ~open_now, ~own, -score))

    def _open_docs(self, now: dt.datetime) -> Bool:
        """Which documents have an office open at `now`, worked out once a minute."""
        minute = now.replace(second=0, microsecond=0)
        cached = self._open_docs_at
        if cached is None or cached[0] != minute:
            cached = self._open_docs_at = (minute, self._at_some_office(self._open_at(minute)))
        return cached[1]

    def _title_order(self, directory: Directory, titles: list[Mapping[str, str]]) -> None:
        """For every language a title is written in: which documents have one, and their alphabetical order.

        Worked out when the index is built, so that searching needs no titles (they stay in the directory).
        """
        default = directory.site.default_language
        self._titled_in: dict[str, Bool] = {}
        self._name_ranks: dict[str, Ints] = {}
        # A title shown in several languages is folded once, and all of them in one call.
        folded = _fold_all(dict.fromkeys(itertools.chain([""], *map(_values, titles))), german=False)
        for lang in dict.fromkeys([default, *(code for title in titles for code in title)]):
            self._titled_in[lang] = np.asarray([lang in title for title in titles], dtype=np.bool_)
            names = [folded[t.get(lang) or t.get(default) or next(iter(t.values()), "")] for t in titles]
            rank = np.empty(len(names), dtype=np.int32)
            # Equal names keep the documents' order, which is by id (`_documents`).
            rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
            self._name_ranks[lang] = rank
        self._default_language = default

    def _titled(self, lang: str) -> Bool:
        """Which documents have a title in `lang`."""
        found = self._titled_in.get(lang)
        return found if found is not None else np.zeros(self._n, dtype=np.bool_)

    def _name_rank(self, lang: str) -> Ints:
        """Each document's place in the alphabetical order of titles as `lang` shows them."""
        return self._name_ranks.get(lang, self._name_ranks[self._default_language])

    # -- what the query asks

    def _units(self, query: str, lang: str) -> list[_Unit]:
        """The query as units of meaning: words, words typed apart that belong together, synonyms."""
        typed: list[_Word] = []
        stop = self._stops.get(lang, self._stop)
        for raw in language.raw_words(query):
            folded = language.fold_word(raw)
            if folded and all(w.folded != folded[0] for w in typed):
                typed.append(_Word(folded[0], raw, folded[0] in stop))
        typed = typed[:MAX_QUERY_WORDS]
        units: list[_Unit] = []
        i = 0
        while i < len(typed):
            synonym = self._synonym_at(typed, i, lang)
            if synonym is not None:
                length, means = synonym
                units.append(_Unit(((tuple(typed[i:i + length]), None), *((m, None) for m in means)),
                                   all(w.stop for w in typed[i:i + length])))
                i += length
                continue
            word = typed[i]
            after = typed[i + 1] if i + 1 < len(typed) else None
            if after is not None and not word.stop and not after.stop and self._known(word.folded + after.folded):
                # Words typed apart that the content writes as one: "Job Center", "джоб центр".
                joined = _Word(word.folded + after.folded, word.raw + after.raw, False)
                units.append(_Unit((((word, after), None), ((joined,), None)), False))
                i += 2
                continue
            alternatives: list[tuple[tuple[_Word, ...], tuple[float, ...] | None]] = [((word,), None)]
            if not word.stop:
                parts = self._compound(word.folded)
                if parts is not None:
                    alternatives.append(parts)
            units.append(_Unit(tuple(alternatives), word.stop))
            i += 1
        # Stop words leave the query, unless it has nothing else ("wo", "як").
        return [u for u in units if not u.optional] or [_Unit(u.alternatives, False) for u in units]

    def _synonym_at(self, typed: list[_Word], i: int, lang: str) -> tuple[int, list[tuple[_Word, ...]]] | None:
        """The longest synonym phrase that starts at word i, by word form or stem: (its length, what it means)."""
        best: tuple[int, list[tuple[_Word, ...]]] | None = None
        for form in _forms(typed[i], lang):
            for phrase, means in self._synonyms.get(form, ()):
                n = len(phrase)
                if (best is None or n > best[0]) and i + n <= len(typed) and all(
                        phrase[k] & _forms(typed[i + k], lang) for k in range(n)):
                    best = (n, means)
        return best

    def _known(self, term: str) -> bool:
        lo = bisect.bisect_left(self._vocab, term)
        return lo < len(self._vocab) and self._vocab[lo] == term

    def _compound(self, token: str) -> tuple[tuple[_Word, ...], tuple[float, ...]] | None:
        """The parts of a German compound that the content's German has as words: "frauentreff" → frauen, treff.

        Letters between parts (Fugen-s, -es, -n) and letters of parts the content lacks stay
        uncovered; the known parts must make up half the word to stand for it, and weigh by
        their length. The last part may be the start of a word ("treff").
        """
        n = len(token)
        if n < COMPOUND_MIN or not language.is_latin(token) or self._known(token):
            return None
        vocab = self._vocab
        # best[i]: (letters covered from i to the end, fewest parts, the parts)
        best: list[tuple[int, int, tuple[str, ...]]] = [(0, 0, ())] * (n + 1)
        for i in range(n - 1, -1, -1):
            covered, count, parts = best[i + 1]
            choice = (covered, -count, parts)
            for j in range(i + PART_MIN, n + 1):
                piece = token[i:j]
                lo = bisect.bisect_left(vocab, piece)
                if lo == len(vocab) or not vocab[lo].startswith(piece):
                    break                                # no word goes on with these letters
                if vocab[lo] != piece and j < n:
                    continue
                if not self._german[lo]:                 # compounds are German: so are their parts
                    continue
                rest_covered, rest_count, rest = best[j]
                option = (j - i + rest_covered, -(rest_count + 1), (piece, *rest))
                if option[:2] > choice[:2]:
                    choice = option
            best[i] = (choice[0], -choice[1], choice[2])
        covered, _, parts = best[0]
        if covered < n * COMPOUND_COVER:
            return None
        return tuple(_Word(p, p, p in self._stop) for p in parts), tuple(len(p) / covered for p in parts)

    # -- scoring

    def _score(self, units: list[_Unit], lang: str) -> tuple[Positions | None, Float]:
        """BM25-like: each unit counts by how rare it is; documents below the relevance floor get 0.

        The documents that match some unit, in increasing order (None: all documents), and their scores.
        """
        n = self._n
        mass = 0.0
        required = known = 0
        lang_no = self._languages.get(lang, -1)
        found_units = []
        for unit in units:
            found = self._unit(unit, lang, lang_no)
            df = int(np.count_nonzero(found.score)) if found is not None else 0
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            required += 1
            mass += idf
            if found is not None:
                found_units.append((found, idf))
        if len(found_units) == 1:
            found, idf = found_units[0]
            docs = found.docs
            total = found.score * idf * (TOPIC if found.topic else 1.0)
            covered = found.quality * idf
            hits = found.quality >= MATCHED
            matched = hits.astype(np.int32)
            known += bool(hits.any())
        else:
            docs, at, size = self._common([found for found, _ in found_units])
            total = np.zeros(size)
            covered = np.zeros(size)
            matched = np.zeros(size, dtype=np.int32)
            for (found, idf), where in zip(found_units, at, strict=True):
                total[where] += found.score * idf * (TOPIC if found.topic else 1.0)
                covered[where] += found.quality * idf
                hits = found.quality >= MATCHED
                matched[where] += hits
                known += bool(hits.any())
        # The floor: a document must match every word of a query of one or two, and half of a longer one.
        # When no document does, but every word is found somewhere, one word less will do: the words
        # exist here, only not together in one text (a topic and a place, a problem and where it happens).
        needed = required if required <= 2 else math.ceil(required * FLOOR)
        if required >= 2 and known == required and not (matched >= needed).any():
            needed -= 1
        # Documents matching more of the query rank first; rounding makes near-equal scores ties.
        return docs, np.where(matched >= needed, np.round(total * covered / mass, 4), 0.0)

    def _common(self, matches: list[_Match]) -> tuple[Positions | None, list[Positions | slice], int]:
        """The documents any of `matches` has (None: all), where each match's are among them, and how many."""
        if any(found.docs is None for found in matches):
            return None, [slice(None) if found.docs is None else found.docs for found in matches], self._n
        docs, at = _union([found.docs for found in matches if found.docs is not None], self._n)
        return docs, list(at), len(docs)

    def _unit(self, unit: _Unit, lang: str, lang_no: int) -> _Match | None:
        """How well each document matches one unit: its best alternative."""
        found_alternatives = []
        for words_, shares in unit.alternatives:
            if len(words_) == 1 and shares is None:
                found = self._word(words_[0], lang, lang_no)
            else:
                found = self._together(words_, shares, lang, lang_no)
            if found is not None:
                found_alternatives.append(found)
        if len(found_alternatives) <= 1:
            return found_alternatives[0] if found_alternatives else None
        docs, at, size = self._common(found_alternatives)
        score = np.zeros(size)
        quality = np.zeros(size)
        for found, where in zip(found_alternatives, at, strict=True):
            score[where] = np.maximum(score[where], found.score)
            quality[where] = np.maximum(quality[where], found.quality)
        return _Match(docs, score, quality, any(found.topic for found in found_alternatives))

    def _together(self, words_: tuple[_Word, ...], shares: tuple[float, ...] | None, lang: str,
                  lang_no: int) -> _Match | None:
        """Several words that stand for one thing (a phrase, a compound's parts): all should match."""
        meaningful = [k for k, w in enumerate(words_) if not w.stop] or list(range(len(words_)))
        weights = [shares[k] if shares else 1 / len(meaningful) for k in meaningful]
        found_words = []
        for k, weight in zip(meaningful, weights, strict=True):
            found = self._word(words_[k], lang, lang_no)
            if found is not None:
                found_words.append((found, weight))
        if not found_words:
            return None
        docs, at, size = self._common([found for found, _ in found_words])
        score = np.zeros(size)
        quality = np.zeros(size)
        for (found, weight), where in zip(found_words, at, strict=True):
            score[where] += found.score * weight
            quality[where] += found.quality * weight
        return _Match(docs, score, quality, any(found.topic for found, _ in found_words))

    def _word(self, word: _Word, lang: str, lang_no: int) -> _Match | None:
        """How well each document matches one word, its links included; the same again from `_Recent`."""
        if RECENT_BYTES <= 0:
            return self._weigh(word, lang, lang_no)
        recent = _recent_of(self)
        known, found = recent.get((word, lang))
        if not known:
            found = self._weigh(word, lang, lang_no)
            if found is not None:
                for array in (found.docs, found.score, found.quality):
                    if array is not None:
                        array.flags.writeable = False
            recent.put((word, lang), found)
        return found

    def _weigh(self, word: _Word, lang: str, lang_no: int) -> _Match | None:
        """How well each document matches one word, its links included."""
        base = np.zeros(self._n_all)
        marks: list[tuple[float, Ints]] = []
        vocab = self._vocab
        token = word.folded
        lo = bisect.bisect_left(vocab, token)
        exact = lo < len(vocab) and vocab[lo] == token
        if word.stop or len(token) < PREFIX_MIN:
            if exact:
                self._scatter(base, marks, lo, lo + 1, lang_no, len(token), 1.0)
        else:
            hi = bisect.bisect_left(vocab, token + "\U0010ffff", lo)
            self._scatter(base, marks, lo, hi, lang_no, len(token), 1.0)
            for code in dict.fromkeys((lang, "de")):
                for stem in language.base_forms(word.raw, code):
                    for term_id in self._same_stem(stem, code):
                        if not lo <= term_id < hi:   # words that start with the typed word matched above
                            self._scatter(base, marks, term_id, term_id + 1, lang_no, -1, STEM)
            if not exact and len(token) >= FUZZY_MIN and not token.isdigit():
                for term_id, distance in self._similar(token):
                    # A corrected word counts as found, but weighs less than one typed right.
                    self._scatter(base, marks, term_id, term_id + 1, lang_no, -1,
                                  FUZZY * (1 - distance / len(token)), 1 - 2 * distance / len(token))
            if not exact and not language.is_latin(word.raw):
                for term_id in self._heard(word.raw):
                    self._scatter(base, marks, term_id, term_id + 1, lang_no, -1, HEARD)
        if not marks:
            return None
        # A document's match quality is the best mark of the terms it has: written best last.
        quality = np.zeros(self._n_all)
        for mark, docs in sorted(marks, key=lambda pair: pair[0]):
            quality[docs] = mark
        n = self._n
        topic = bool((quality[n:n + self._n_categories] >= INFLECTED).any())
        # Only the links out of what matched are followed.
        matched = base > 0
        source = np.flatnonzero(matched)
        documents = source[:np.searchsorted(source, n)]
        passed = np.zeros(n)
        passed_sum = base[:n].copy()
        passed_quality = np.zeros(n)
        into = (passed, passed_sum, passed_quality)
        self._pass_from_documents("_early", documents, matched, base, quality, into)
        self._pass_from_topics(source[len(documents):].tolist(), base, quality, into)
        self._pass_from_documents("_late", documents, matched, base, quality, into)
        return self._passed(base, quality, passed, passed_sum, passed_quality, topic)

    def _passed(self, base: Float, quality: Float, passed: Float, passed_sum: Float, passed_quality: Float,
                topic: bool) -> _Match:
        """A word's match from what matched by its own text and what its links passed on."""
        n = self._n
        # A document that matches several ways (its own text, its category, its target group, its
        # office) is a better match than one that matches only one way.
        reached = passed_sum > 0
        if np.count_nonzero(reached) * WHOLE > n:     # much of the directory: whole arrays are cheaper than picking out
            # In the arrays that are no longer needed: new ones of this size cost more to allocate than to fill.
            best = np.maximum(base[:n], passed, out=passed)
            score = np.subtract(passed_sum, best, out=passed_sum)
            np.minimum(score, best, out=score)
            score *= AGREEMENT
            score += best
            return _Match(None, score, np.maximum(quality[:n], passed_quality, out=passed_quality), topic)
        docs = np.flatnonzero(reached)
        best = np.maximum(base[docs], passed[docs])
        score = best + AGREEMENT * np.minimum(passed_sum[docs] - best, best)
        return _Match(docs, score, np.maximum(quality[docs], passed_quality[docs]), topic)

    def _pass_from_documents(self, phase: str, documents: Positions, matched: Bool, base: Float, quality: Float,
                             into: tuple[Float, Float, Float]) -> None:
        """What the links of one phase (`_links`) from the matched documents pass on: the best, the sum
        (in the order the links were made) and the best match quality, into `into`."""
        passed, passed_sum, passed_quality = into
        if len(documents) * DENSE > self._n:
            # Much of the directory: the links of the phase in order, of them those from what matched
            # when that saves much. A link from a document that did not match passes on 0, which
            # changes no sum and no maximum.
            src, dst, weight, strength = (getattr(self, f"{phase}_{name}") for name in ("src", "dst", "w", "strength"))
            # (np.take: the same as indexing, in half the time)
            chosen = np.flatnonzero(np.take(matched, src))
            if len(chosen) * PICK < len(src):
                src, dst, weight, strength = (np.take(a, chosen) for a in (src, dst, weight, strength))
            along = np.take(base, src)
            along *= weight
            carried = np.take(quality, src)
            carried *= strength
        else:
            start = getattr(self, f"{phase}_start")
            first = start[documents]
            count = start[documents + 1] - first
            links = int(count.sum())
            if links == 0:
                return
            end = np.cumsum(count)
            link = np.repeat(first - (end - count), count)
            link += np.arange(links)
            order = np.argsort(getattr(self, f"{phase}_out_place")[link], kind="stable")
            link = link[order]
            dst = getattr(self, f"{phase}_out_dst")[link]
            weight = getattr(self, f"{phase}_out_w")[link]
            origin = np.repeat(np.arange(len(documents)), count)[order]
            along = base[documents[origin]] * weight
            carried = quality[documents[origin]]
            carried *= weight / CATEGORY_TO_OFFER
        np.maximum.at(passed, dst, along)
        np.add.at(passed_sum, dst, along)
        # What a link passes on counts as found only along strong links (`carried`): an office does
        # not become a German course because one of its offers is one.
        np.maximum.at(passed_quality, dst, carried)

    def _pass_from_topics(self, topics: list[int], base: Float, quality: Float,
                          into: tuple[Float, Float, Float]) -> None:
        """What the links of the matched categories and target groups pass on; a document's in the
        order they were made: by rank, as each category reaches each document at most once."""
        if not topics:
            return
        passed, passed_sum, passed_quality = into
        n, ranks, start = self._n, self._topic_ranks, self._topic_start
        if len(topics) == 1:
            # One topic's links are kept by rank: the order they were made.
            topic = topics[0]
            first, end = int(start[(topic - n) * ranks]), int(start[(topic - n + 1) * ranks])
            dst = self._topic_dst[first:end]
            along = base[topic] * self._topic_w[first:end]
            carried = quality[topic] * self._topic_strength[first:end]
            np.maximum.at(passed, dst, along)
            np.maximum.at(passed_quality, dst, carried)
            np.add.at(passed_sum, dst, along)
            return
        # The links of each rank, rank after rank: a document has at most one link of a rank, so this
        # is the order its links were made, without sorting.
        bounds = [start[(topic - n) * ranks:(topic - n + 1) * ranks + 1].tolist() for topic in topics]
        parts = [(k, first, end) for rank in range(ranks) for k, at in enumerate(bounds)
                 for first, end in ((at[rank], at[rank + 1]),) if first < end]
        if not parts:
            return
        lengths = [end - first for _, first, end in parts]
        source = np.asarray(topics)[[k for k, _, _ in parts]]
        dst = np.concatenate([self._topic_dst[first:end] for _, first, end in parts])
        along = np.concatenate([self._topic_w[first:end] for _, first, end in parts])
        along *= np.repeat(base[source], lengths)
        carried = np.concatenate([self._topic_strength[first:end] for _, first, end in parts])
        carried *= np.repeat(quality[source], lengths)
        np.maximum.at(passed, dst, along)
        np.maximum.at(passed_quality, dst, carried)
        np.add.at(passed_sum, dst, along)

    def _scatter(self, base: Float, marks: list[tuple[float, Ints]], first: int, stop: int, lang_no: int,
                 length: int, factor: float, found: float | None = None) -> None:
        """Postings of terms first..stop-1 into `base` (each document's best weight), and which documents
        they are into `marks` (with the term's match quality): a term of `length` letters is a whole-word
        match (`factor`), one a few letters longer an inflection, a longer one a prefix match."""
        offsets = self._offsets
        bounds = offsets[first:stop + 1].tolist()
        if bounds[0] == bounds[-1]:
            return
        factors = []
        for term in range(first, stop):
            term_factor = factor
            if stop - first > 1 or (length >= 0 and self._lengths[term] != length):
                extra = int(self._lengths[term]) - length
                term_factor = factor if extra == 0 else INFLECTED * factor if extra <= ENDING_MAX else PREFIX
            factors.append(term_factor)
        # The terms' postings are one run of the posting arrays: weighed together, in float64 as the scores are.
        start, end = bounds[0], bounds[-1]
        weights = self._p_weight[start:end].astype(np.float64)
        if len(set(factors)) == 1:
            weights *= factors[0]
        else:
            weights *= np.repeat(factors, np.diff(bounds))
        weights *= np.take(_language_factors(len(self._languages), lang_no), self._p_lang[start:end])
        np.maximum.at(base, self._p_doc[start:end], weights)
        for term, term_factor, start, end in zip(range(first, stop), factors, bounds[:-1], bounds[1:], strict=True):
            if start == end:
                continue
            marks.append((term_factor if found is None else found, self._p_doc[start:end]))
            # Postings besides the best in the visitor's language or in none: they count fully.
            for code in (lang_no, 0) if lang_no > 0 else (0,):
                key = term * len(self._languages) + code
                first_other, end_other = int(self._s_start[key]), int(self._s_start[key + 1])
                if first_other < end_other:
                    weights = self._s_weight[first_other:end_other].astype(np.float64)
                    weights *= term_factor
                    np.maximum.at(base, self._s_doc[first_other:end_other], weights)

    def _same_stem(self, stem: str, code: str) -> list[int]:
        """Vocabulary words that are `stem` (in language `code`) with an ending: "zeugnisse" for "zeugnis"."""
        if len(stem) < PREFIX_MIN:
            return []
        lo = bisect.bisect_left(self._vocab, stem)
        hi = bisect.bisect_left(self._vocab, stem + "\U0010ffff", lo)
        near = np.flatnonzero(self._lengths[lo:hi] - len(stem) <= ENDING_MAX) + lo
        return [int(t) for t in near if self._vocab[t] == stem or language.stem(self._vocab[t], code) == stem]

    def _similar(self, token: str) -> list[tuple[int, int]]:
        """Vocabulary terms within one typo (two for long words) of `token`."""
        most = 1 if len(token) < TWO_TYPOS_MIN else 2
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

    def _heard(self, raw: str) -> list[int]:
        """German words that sound like `raw`, a word typed in Cyrillic, Arabic or Persian script."""
        key = language.skeleton(raw)
        if len(key) < language.SKELETON_MIN:
            return []
        lo = bisect.bisect_left(self._heard_keys, key)
        hi = bisect.bisect_right(self._heard_keys, key, lo)
        return [int(t) for t in self._heard_terms[lo:hi]]

    def fallback(self, lang: str, filters: Filters | None = None) -> Fallback:
        """When nothing is found: the office words to try, and the region's first orientation and counselling."""
        d = self.directory
        words_ = tuple(c.name.get(d.site.default_language) or next(iter(c.name.values())) for c in d.categories)
        place = Filters(city=filters.city, state=filters.state) if filters else Filters()
        allowed = self._allowed(place, None)
        helping = [i for i, doc in enumerate(self._docs) if doc.kind == Kind.offer and doc.categories[0] in FIRST_HELP]
        near = [i for i in helping if allowed is None or allowed[i]] or helping
        rank = self._name_rank(lang)
        found = (d.offer(self._docs[i].id) for i in sorted(near, key=lambda i: rank[i]))
        offers = tuple(offer for offer in found if offer is not None)
        return Fallback(words_, offers)

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
        minute = now.replace(second=0, microsecond=0) if f.open_now and now is not None else None
        key = (f.city, f.state, f.wheelchair, minute, f.open_on, f.languages)
        if key != (None, None, False, None, None, ()):
            # What the filters of offices let through is worked out once for a while: visitors
            # narrow to the same few places, and it takes a pass over every office and its offers.
            at_offices = self._office_filters.get(key)
            if at_offices is None:
                if len(self._office_filters) >= 32:
                    self._office_filters.clear()
                at_offices = self._office_filters[key] = self._at_offices(f, minute)
            allowed &= at_offices
        return allowed

    def _at_offices(self, f: Filters, minute: dt.datetime | None) -> Bool:
        """Which documents the filters of offices (place, access, opening hours, languages) let through."""
        n = self._n
        none = np.zeros(n, dtype=np.bool_)
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
        if minute is not None:
            narrow(self._open_at(minute))
        if f.open_on is not None:
            narrow(self._open_on(f.open_on))
        if f.languages:
            where = offices if offices is not None else np.ones(len(self._timetable), dtype=np.bool_)
            speaks = np.zeros(len(self._timetable), dtype=np.bool_)
            by_route = none.copy()
            for code in f.languages:
                speaks |= self._office_speaks.get(code, speaks)
                by_route |= self._route_language_mask.get(code, none)
            return self._at_some_office(where & speaks) | (by_route & self._at_some_office(where))
        assert offices is not None
        return self._at_some_office(offices)

    def _at_some_office(self, offices: Bool) -> Bool:
        out = np.zeros(self._n, dtype=np.bool_)
        out[self._pair_doc[offices[self._pair_office]]] = True
        return out

    def _compute_open_at(self, now: dt.datetime) -> Bool:
        by_timetable = [hours.is_open(o, now, self.timezone) for o in self._timetable_offices]
        return np.asarray(by_timetable, dtype=np.bool_)[self._timetable]

    def _compute_open_on(self, date: dt.date) -> Bool:
        by_timetable = [hours.open_on(o, date) for o in self._timetable_offices]
        return np.asarray(by_timetable, dtype=np.bool_)[self._timetable]

    def _hit(self, i: int, score: float) -> Hit:
        d = self._docs[i]
        item = self._item(d)
        cities = tuple(sorted({self._cities_of_offices[j] for j in self._office_numbers(d.offices)}))
        if isinstance(item, Office):
            return Hit(d.id, d.kind, score, item, item.name, None, d.categories, cities, d.offices)
        return Hit(d.id, d.kind, score, item, item.title, item.summary, d.categories, cities, d.offices)

    def _item(self, doc: _Doc) -> Item:
        item: Item | None = getattr(self.directory, doc.kind.value)(doc.id)   # Directory.offer/office/guide
        assert item is not None, doc  # an index is built from the directory it serves
        return item

    def _office_numbers(self, ids: Iterable[str]) -> list[int]:
        return [j for j in map(self._office_number.get, ids) if j is not None]


def _fold_all(texts: Iterable[str], german: bool = True) -> dict[str, str]:
    """`fold` of each text, by the text: folded together as one text (folding goes letter by letter,
    and a NUL, which no content has, stays itself and splits them again)."""
    texts = list(texts)
    joined = "\x00".join(texts)
    parts = fold(joined, german=german).split("\x00") if joined.count("\x00") == len(texts) - 1 else []
    if len(parts) != len(texts):
        return {text: fold(text, german=german) for text in texts}
    return dict(zip(texts, parts, strict=True))


def _masks(pairs: Iterable[tuple[str, int]], size: int) -> dict[str, Bool]:
    """Per key, which of `size` numbers it is paired with; the keys in the order they first come."""
    numbers: dict[str, list[int]] = {}
    for key, number in pairs:
        numbers.setdefault(key, []).append(number)
    masks = {}
    for key, found in numbers.items():
        masks[key] = mask = np.zeros(size, dtype=np.bool_)
        mask[found] = True
    return masks


def _group(items: npt.NDArray[np.integer[Any]], size: int) -> tuple[Positions, Positions]:
    """The distinct numbers among `items` (all below `size`), in increasing order, and where each item is
    among them. Few items are sorted; many are marked in a table of `size`, which takes linear time."""
    if len(items) * 16 < size:
        distinct, at = np.unique(items, return_inverse=True)
        return distinct.astype(np.intp, copy=False), at.astype(np.intp, copy=False)
    seen = np.zeros(size, dtype=np.bool_)
    seen[items] = True
    distinct = np.flatnonzero(seen)
    slot = np.empty(size, dtype=np.intp)
    slot[distinct] = np.arange(len(distinct))
    return distinct, slot[items]


def _union(parts: list[Positions], size: int) -> tuple[Positions, list[Positions]]:
    """The numbers in any of `parts` (each in increasing order, all below `size`), and where each part's are."""
    if len(parts) == 1:
        return parts[0], [np.arange(len(parts[0]))]
    distinct, at = _group(np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp), size)
    ends = np.cumsum([len(p) for p in parts]).tolist()
    return distinct, [at[e - len(p):e] for p, e in zip(parts, ends, strict=True)]


def _topic_texts(directory: Directory) -> Iterable[str]:
    """Names and keywords: the words editors chose to say what something is about."""
    for topics in (directory.categories, directory.target_groups):
        for topic in topics:
            yield from topic.name.values()
            yield from (k for items in topic.keywords.values() for k in items)
    for offer in directory.offers:
        yield from (k for items in offer.keywords.values() for k in items)
    for guide in directory.guides:
        yield from (k for items in guide.keywords.values() for k in items)


@functools.lru_cache(maxsize=10_000)
def _forms(word: _Word, lang: str) -> frozenset[str]:
    """A typed word, its stems in every Snowball language, and its lemma in the visitor's language."""
    codes = (*language.SNOWBALL, lang) if lang in language.LEMMAS else tuple(language.SNOWBALL)
    return frozenset({word.folded, *(b for code in codes for b in language.base_forms(word.raw, code))})


@functools.lru_cache(maxsize=64)
def _language_factors(languages: int, lang_no: int) -> Float:
    """How much a posting counts by its language: fully in the visitor's (`lang_no`) or in none, else less."""
    factors = np.full(languages, OTHER_LANGUAGE)
    factors[[code for code in (0, lang_no) if code >= 0]] = 1.0
    factors.flags.writeable = False
    return factors


def _pairs(text: str) -> list[tuple[str, str]]:
    """The words of a text, folded and as written (case-folded)."""
    out = []
    for raw in language.raw_words(text):
        folded = language.fold_word(raw)
        if folded:
            out.append((folded[0], raw))
    return out


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
