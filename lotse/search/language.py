"""The language tools of search: how a typed word is folded, reduced to its stem, and heard.

Documents and queries are folded the same way (`fold`): case, diacritics, German
spellings (ä = ae and, for people without a German keyboard, ä = a; ß = ss),
Arabic-script letter forms, diacritics and tatweel, and the Arabic article.
Query words are reduced to their base forms with the Snowball stemmers
(PyStemmer) where Snowball has the language, and with simplemma's lemmas where
it has not (Ukrainian, Latvian; its compressed dictionaries are read on demand). Words of every language that only shape a
question ("wo", "how", "nerede", "как", "چطور") are stop words, from the ISO
stop word lists. A German word typed in Cyrillic, Arabic or Persian script is
heard as its consonant skeleton (`skeleton`, an ICU transliterator): what the
ear keeps of "Ausländerbehörde", "ауслендербехёрде" and "اوسلندربهورده" alike.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from itertools import chain

import icu
import simplemma
import Stemmer
import stopwordsiso

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
WORD = re.compile(r"[\w\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+")
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
def fold_word(word: str) -> tuple[str, ...]:
    """A case-folded word as the index keeps it: its folded form, then its umlaut-free form if different."""
    out = []
    for table in (_GERMAN, _PLAIN):
        folded = _strip_article(word.translate(table))
        if (len(folded) > 1 or folded.isdigit()) and folded not in out:
            out.append(folded)
    return tuple(out)


def raw_words(text: str) -> list[str]:
    """The case-folded words of a text, not yet folded."""
    return WORD.findall(unicodedata.normalize("NFC", text).casefold())


def words(text: str) -> list[str]:
    """The folded words of a query, in order, without repeats."""
    out = [folded[0] for folded in map(fold_word, raw_words(text)) if folded]
    return list(dict.fromkeys(out))


def is_latin(word: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in word)


# ---------------------------------------------------------------- base forms

SNOWBALL = {"de": "german", "en": "english", "fr": "french", "it": "italian", "ru": "russian", "tr": "turkish",
            "ar": "arabic", "fa": "persian"}
LEMMAS = ("uk", "lv")          # languages Snowball lacks: simplemma's dictionaries
_lock = threading.Lock()       # a Stemmer object must not be used by two threads at once


@functools.cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(SNOWBALL[lang])


@functools.lru_cache(maxsize=20_000)
def base_forms(word: str, lang: str) -> tuple[str, ...]:
    """The folded stem or lemma of a case-folded `word` in `lang`, if it differs from the folded word."""
    if lang in SNOWBALL:
        with _lock:
            base = _stemmer(lang).stemWord(word)
    elif lang in LEMMAS:
        # low_memory: simplemma reads its compressed dictionary stream on demand instead of a 60 MB (uk)
        # and 30 MB (lv) Python dict in every portal process; the lemmas are the same.
        base = simplemma.lemmatize(word, lang=lang, low_memory=True).casefold()
    else:
        return ()
    folded = fold_word(base)
    own = fold_word(word)
    return tuple(f for f in folded[:1] if f not in own and len(f) >= 2)


@functools.lru_cache(maxsize=20_000)
def stem(term: str, lang: str) -> str:
    """The folded stem of a folded vocabulary word in `lang` (itself where `lang` has no stemmer)."""
    if lang not in SNOWBALL:
        return term
    with _lock:
        return fold_word(_stemmer(lang).stemWord(term))[0]


# ---------------------------------------------------------------- stop words

# Words of seeking, needing and getting done that say nothing about what is sought ("Bürgergeld
# beantragen", "find a flat"); the ISO lists leave most of them out.
_ASKING = {
    "de": "suche suchen brauche brauchen finden möchte will bitte gibt es beantragen anmelden bekommen machen "
          "erhalten stellen lassen tun wo wie was welche wann",
    "en": "looking search searching need want please get find apply register obtain do where how what which when",
    "ar": "ابحث أبحث بحث اريد أريد احتاج أحتاج عن كيف اين أين هل الحصول تقديم طلب ماذا افعل أفعل",
    "fa": "دنبال میگردم می‌گردم میخوام می‌خواهم لازم دارم کجا چطور چگونه چیکار کنم پیدا کردن گرفتن",
    "uk": "шукаю потрібно потрібен треба хочу де як що знайти отримати оформити робити зробити",
    "ru": "ищу нужно нужен надо хочу где как что найти получить оформить делать сделать",
    "tr": "arıyorum istiyorum lazım nerede nasıl bulabilirim bulmak almak başvurmak yapmalıyım yapmak yapabilirim",
    "fr": "cherche chercher besoin veux voudrais où comment trouver obtenir demander faire",
    "it": "cerco cercare bisogno voglio vorrei dove come trovare ottenere richiedere fare",
    "lv": "meklēju meklēt vajag vajadzīgs gribu kur kā atrast saņemt pieteikties darīt",
}


# The country the portal is about goes without saying: "work in Germany" asks for work.
_HERE = {
    "de": "deutschland", "en": "germany", "ar": "المانيا ألمانيا بألمانيا", "fa": "آلمان",
    "uk": "німеччина німеччині німеччину", "ru": "германия германии германию",
    "tr": "almanya almanyada almanya'da", "fr": "allemagne", "it": "germania", "lv": "vācija vācijā",
}


# Words of the ISO lists that name what newcomers look for here: a topic, never filler ("work dresden",
# "help for women", "iş" is Turkish for work). The lists are general-purpose and keep such common words.
_TOPICS = {
    "en": "work course courses home",
    "tr": "iş",
}

@functools.cache
def stop_words(lang: str | None = None, content: str = "de") -> frozenset[str]:
    """Folded stop words of a query typed by a visitor reading `lang`: the function words of `lang` and of the
    content's own language (`content`, whose office words visitors type too), and of every language the words
    of asking and questions and the country; topic words excepted. Without `lang`: the function words of all
    ten languages (for phrases whose language is not known)."""
    out: set[str] = set()
    function = list(_ASKING) if lang is None else [lang, content]
    for code in function:
        out.update(w for word in stopwordsiso.stopwords(code) for w in fold_word(word.casefold()))
    for code, asking in _ASKING.items():
        for word in chain(asking.split(), _HERE[code].split()):
            out.update(fold_word(word.casefold()))
    for code in _TOPICS if lang is None else [lang]:
        out.difference_update(w for word in _TOPICS.get(code, "").split() for w in fold_word(word))
    return frozenset(out)


# ---------------------------------------------------------------- how a word sounds

# German as a newcomer hears it, and Cyrillic, Arabic and Persian letters, reduced to the consonants
# that all spellings of one word share. Vowels go (Arabic script leaves most of them out), as do w and v
# (written و, which is also a vowel), a silent h, and the final ه that Persian writes for a final e.
# Contexts see the text before their pass changes it, hence the passes (`::`).
_SKELETON_RULES = r"""
:: NFC;
:: Lower;
дж > j; й > i; ь > ; ъ > ; х > H; ш > S; щ > S; ч > tS; ж > s; ц > s;
:: Cyrillic-Latin;
:: NFD;
[:Mn:] > ;
ʹ > ; ʺ > ;
:: NFC;
[ا آ أ إ ٱ و ي ی ى ئ ء ؤ ع ة] > ;
ه } [:^L:] > ;
ه > h;
[خ ح] > H;
چ > tS;
ش > S;
ژ > s;
[ث س ص ز ذ ظ] > s;
[ت ط د ض] > t;
[ب پ] > b;
[غ ق ک ك گ ج] > k;
ف > f; ل > l; م > m; ن > n; ر > r;
tsch > tS;
sch > S;
^ s } [pt] > S;
ch > H;
ck > k;
c } [eiyäöü] > s;
c > k;
ph > f;
qu > k;
q > k;
x > ks;
t } ion > s;
tz > s;
z > s;
ß > s;
th > t;
dt > t;
d > t;
g > k;
p > b;
j > k;
[vw] > ;
[aeiouyäöü] { h } [^aeiouyäöü] > ;
[aeiouyäöü] { h } [:^L:] > ;
:: Null;
[aeiouyäöü] > ;
H > h;
"""
_REPEATS = re.compile(r"(.)\1+")
SKELETON_MIN = 4             # shorter skeletons match too many words


@functools.cache
def _hearing() -> icu.Transliterator:
    return icu.Transliterator.createFromRules("lotse-skeleton", _SKELETON_RULES)


@functools.lru_cache(maxsize=20_000)
def skeleton(word: str) -> str:
    """The consonants of a word as heard: "Ausländerbehörde", "ауслендербехёрде", "اوسلندربهورده" → "slntrbhrt"."""
    with _lock:
        heard = _hearing().transliterate(word + " ").strip()
    return _REPEATS.sub(r"\1", heard)
