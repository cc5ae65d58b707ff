"""The search index takes shortcuts at scale; they must never change what a search finds.

A word that matched much of the directory follows every link between documents in the order they
were made, one that matched little gathers the links of what it matched; a word that reached much
of the directory keeps a score for every document, one that reached little only for those it
reached (lotse.search `DENSE`, `WHOLE`; of the links of a word that matched much, those from what it
matched are picked out first when that leaves few, `PICK`). Here every search runs each way on a
generated directory, and the hits, their order, their scores and the totals must be the same; a
word's match is weighed anew each time (`RECENT_BYTES` 0), not taken from the last search.
"""

import datetime as dt
import pickle
import random

import numpy as np
import pytest

from lotse import content, demo, search
from lotse.search import Filters

DAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TYPED = [
    ("Anerkennung", "de"), ("Anerkenung", "de"), ("Beratung Berlin Frauen", "de"), ("Ber", "de"),
    ("Deutschkurs Leipzig", "de"), ("Sozialberatung in Köln", "de"), ("job centre", "en"),
    ("recognition of foreign qualifications", "en"), ("women", "en"), ("الاعتراف بالشهادات", "ar"),
    ("مشاوره", "fa"), ("курс німецької", "uk"), ("врач", "ru"), ("Almanca kursu", "tr"),
    ("cours d'allemand", "fr"), ("lavoro", "it"), ("vācu valodas kurss", "lv"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> search.Index:
    root = tmp_path_factory.mktemp("demo") / "demo"
    demo.write(root, 80, 200, seed=3, today=DAY)
    return search.build(content.load_or_raise(root, today=DAY))


def queries(index: search.Index) -> list[tuple[str, str, Filters]]:
    """The typed queries, and words, parts of words and typos from the index's own vocabulary."""
    rng = random.Random(5)
    vocabulary = [w for w in index._vocab if len(w) >= 3]
    out = [(q, lang, Filters()) for q, lang in TYPED]
    out += [(q, lang, Filters(city=index.cities()[0])) for q, lang in TYPED[:4]]
    out.append(("Beratung", "de", Filters(open_now=True)))
    for _ in range(60):
        typed = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            word = rng.choice(vocabulary)
            if rng.random() < 0.3:
                word = word[:max(3, len(word) // 2)]
            elif rng.random() < 0.3:
                at = rng.randrange(len(word))
                word = word[:at] + word[at + 1:]
            typed.append(word)
        out.append((" ".join(typed), rng.choice(["de", "en", "ar", "uk", "tr"]), Filters()))
    return out


def found(index: search.Index, query: str, lang: str, filters: Filters, limit: int | None) -> tuple[object, ...]:
    results = index.search(query, lang, filters, now=NOW, limit=limit)
    return results.total, tuple((h.id, h.kind, h.score) for h in results.hits)


def test_every_way_to_follow_links_finds_the_same(index: search.Index, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RECENT_BYTES", 0)      # every word weighed anew, each way
    asked = queries(index)
    expected = [found(index, q, lang, f, limit) for q, lang, f in asked for limit in (10, None)]
    assert sum(total > 0 for total, _ in expected) > len(expected) // 2     # most find something
    for dense, whole, pick in ((10**9, 10**9, 1.5), (10**-9, 10**-9, 10**9), (10**-9, 10**-9, 10**-9),
                               (10**9, 10**-9, 1.5), (10**-9, 10**9, 1.5)):
        monkeypatch.setattr(search, "DENSE", dense)
        monkeypatch.setattr(search, "WHOLE", whole)
        monkeypatch.setattr(search, "PICK", pick)
        assert [found(index, q, lang, f, limit) for q, lang, f in asked for limit in (10, None)] == expected


def test_a_copy_of_the_index_finds_the_same(index: search.Index) -> None:
    copy = pickle.loads(pickle.dumps(index))
    for q, lang, f in queries(index)[:20]:
        assert found(copy, q, lang, f, 10) == found(index, q, lang, f, 10)


def test_an_index_built_in_small_pieces_is_the_one_built_at_once(index: search.Index,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # A big directory's postings are sorted out a piece of documents at a time (`POSTINGS_PIECE`):
    # the pieces must add up to the same arrays, so every search finds the same.
    monkeypatch.setattr(search, "POSTINGS_PIECE", 97)
    pieces = search.build(index.directory)
    monkeypatch.setattr(search, "POSTINGS_PIECE", 1 << 40)
    whole = search.build(index.directory)
    assert len(whole._p_doc) > 20 * 97 and len(whole._s_doc) > 0       # many pieces, and postings in other languages
    for name, value in vars(whole).items():
        if isinstance(value, np.ndarray):
            built = getattr(pieces, name)
            assert built.dtype == value.dtype and np.array_equal(built, value), name
    for q, lang, f in queries(index)[:20]:
        assert found(pieces, q, lang, f, 10) == found(whole, q, lang, f, 10)


def dense(index: search.Index, match: object) -> tuple[list[float], list[float], bool] | None:
    """A word's match as a score and a quality for every document (whichever way it was kept)."""
    if match is None:
        return None
    assert isinstance(match, search._Match)
    score, quality = [0.0] * index.size, [0.0] * index.size
    docs = range(index.size) if match.docs is None else match.docs.tolist()
    for k, doc in enumerate(docs):
        score[doc], quality[doc] = float(match.score[k]), float(match.quality[k])
    return score, quality, match.topic


def test_every_way_gives_every_word_the_same_score_to_the_last_bit(index: search.Index,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # What links pass on to a document is added up in the order the links were made, whichever way
    # they are followed: sums in another order would differ in the last bits (hidden by rounding).
    rng = random.Random(8)
    words = [search._Word(w, w, False) for w in rng.sample([w for w in index._vocab if len(w) >= 4], 60)]
    words += [search._Word(w, w, False) for w in ("beratung", "ber", "berlin", "frauen", "kurs", "job")]
    languages = index._languages

    def matches() -> list[object]:
        return [dense(index, index._word(w, lang, languages.get(lang, -1))) for w in words for lang in ("de", "en")]

    monkeypatch.setattr(search, "RECENT_BYTES", 0)
    expected = matches()
    assert sum(m is not None for m in expected) > len(expected) // 2
    for dense_, whole, pick in ((10**9, 10**9, 1.5), (10**-9, 10**-9, 10**9), (10**-9, 10**-9, 10**-9)):
        monkeypatch.setattr(search, "DENSE", dense_)
        monkeypatch.setattr(search, "WHOLE", whole)
        monkeypatch.setattr(search, "PICK", pick)
        assert matches() == expected


def test_a_word_searched_again_is_taken_from_the_last_search_and_finds_the_same(index: search.Index) -> None:
    asked = queries(index)[:30]
    first = [found(index, q, lang, f, 10) for q, lang, f in asked]
    word, lang = search._Word("beratung", "beratung", False), "de"
    assert index._word(word, lang, index._languages[lang]) is index._word(word, lang, index._languages[lang])
    assert [found(index, q, lang, f, 10) for q, lang, f in asked] == first
    copy = pickle.loads(pickle.dumps(index))             # a copy starts with nothing searched
    assert [found(copy, q, lang, f, 10) for q, lang, f in asked] == first
