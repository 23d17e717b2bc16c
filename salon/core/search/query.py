"""The forgiving query language, parsed into words. Pure Python, no Django.

    leadership strategy     both words (in any order, anywhere in the document)
    "board governance"      the phrase, words next to each other
    -crypto  -"web three"   leave out documents with the word or the phrase
    strat                   while typing: the last word also matches as a prefix

Anything else is only text: quotes that never close, operators of either engine (AND,
OR, NEAR, *, ^, :, parentheses), emoji, NUL bytes and very long input all end up as
words or nothing. Engines build their own query syntax from the words (see
``engines.py``); user text never reaches FTS5's MATCH or PostgreSQL's to_tsquery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salon.core.search.text import words

# Beyond these, more words only make a query slower, not better.
MAX_INPUT = 1000
MAX_PHRASES = 12
MAX_EXCLUDED = 6
MAX_PHRASE_WORDS = 10
# Shorter prefixes match a large part of the index (measured: "le" matched 46% of 100,000
# documents and took ten times as long as "lea") and help nobody find anything.
MIN_PREFIX = 3

# A chunk is "-"? then a quoted part (the closing quote may be missing) or a run of non-space.
_CHUNK = re.compile(r'(-*)(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class Phrase:
    """One or more words that must appear next to each other, in this order."""

    words: tuple[str, ...]
    prefix: bool = False  # the last word also matches as a prefix ("strat" → "strategy")


@dataclass(frozen=True)
class ParsedQuery:
    include: tuple[Phrase, ...] = ()
    exclude: tuple[Phrase, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: exclusions alone would match everything."""
        return not self.include

    def highlight_words(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The words to mark in results, and the prefixes whose words to mark."""
        exact: set[str] = set()
        prefixes: list[str] = []
        for phrase in self.include:
            *whole, last = phrase.words
            exact.update(whole)
            if phrase.prefix:
                prefixes.append(last)
            else:
                exact.add(last)
        return frozenset(exact), tuple(prefixes)


def parse(text: str) -> ParsedQuery:
    text = text[:MAX_INPUT]
    include: list[Phrase] = []
    exclude: list[Phrase] = []
    chunks = list(_CHUNK.finditer(text))
    for position, chunk in enumerate(chunks):
        dashes, quoted, bare = chunk.groups()
        found = tuple(words(quoted if quoted is not None else bare))[:MAX_PHRASE_WORDS]
        if not found:
            continue
        if dashes:
            phrase = Phrase(found)
            if phrase not in exclude and len(exclude) < MAX_EXCLUDED:
                exclude.append(phrase)
            continue
        # The last word, still being typed (no space or closing quote after it yet), also
        # matches as a prefix. A bare chunk of several words ("ai-driven", "foo:bar") is
        # the phrase it was written as.
        typing = position == len(chunks) - 1 and not text.endswith('"') and not text[-1].isspace()
        prefix = typing and len(found[-1]) >= MIN_PREFIX
        phrase = Phrase(found, prefix=prefix)
        if phrase not in include and len(include) < MAX_PHRASES:
            include.append(phrase)
    return ParsedQuery(include=tuple(include), exclude=tuple(exclude))
