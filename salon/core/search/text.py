"""Words as search sees them: the same folding for documents, queries and highlights.

Both engines index text that was folded here, so "Zürich", "ZURICH" and "zurich" are one
word on SQLite and on PostgreSQL alike, and a query finds the same documents on both.
Pure Python, no Django: tested with hypothesis.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _mark_ranges() -> str:
    """A regex class body of the combining marks of the Basic Multilingual Plane.

    Marks (vowel signs of Devanagari, Thai tone marks…) stay inside the word they belong
    to, instead of splitting it; ``\\w`` alone does not match them.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


# A word: letters, digits and the marks that belong to them; never "_" or punctuation.
WORD = re.compile(rf"(?:[^\W_]|[{_mark_ranges()}])+")
# The accents that NFKD splits off Latin, Greek and Cyrillic letters.
_DIACRITICS = re.compile("[\u0300-\u036f]")
# Longer "words" are not words (base64, hashes); both engines may refuse them in a query.
MAX_WORD_LENGTH = 100


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Ærø Straße" → "ærø strasse", "José" → "jose"."""
    if text.isascii():
        return text.lower()
    # Compatibility forms first ("𝓐" is "A" only once decomposed), then case, then accents.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return unicodedata.normalize("NFC", _DIACRITICS.sub("", text))


@lru_cache(maxsize=8192)
def fold_word(word: str) -> str:
    """``fold`` for one short word (highlighting folds the same words again and again)."""
    return fold(word)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return [w for w in WORD.findall(fold(text)) if len(w) <= MAX_WORD_LENGTH]


def index_text(text: str) -> str:
    """What an engine indexes: the folded words joined by single spaces."""
    if text.isascii():
        return " ".join(w for w in WORD.findall(text.lower()) if len(w) <= MAX_WORD_LENGTH)
    return " ".join(words(text))
