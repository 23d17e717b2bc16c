"""The query language and highlighting: any text at all, never an error, never raw HTML.

These need no database, except one in-memory SQLite that checks every FTS5 expression the
engine builds is one FTS5 accepts.
"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salon.core.search.engines import PostgresEngine, SqliteEngine
from salon.core.search.highlight import highlight, snippet
from salon.core.search.query import MAX_PHRASES, ParsedQuery, Phrase, parse
from salon.core.search.schema import _SQLITE_INSTALL
from salon.core.search.text import WORD, fold, index_text, words

OPERATORS = ['"', "-", "*", "AND", "OR", "NOT", "NEAR", "(", ")", ":", "^", "+", "'", "\\"]
ANY_TEXT = st.one_of(
    st.text(),
    st.lists(st.sampled_from([*OPERATORS, "board", "gov", "é", "\x00", "🦓", " "])).map("".join),
)


def test_words_are_folded_to_match_any_case_and_accent() -> None:
    assert words("Zürich ZURICH zurich") == ["zurich", "zurich", "zurich"]
    assert words("Straße İstanbul José ﬁnance") == ["strasse", "istanbul", "jose", "finance"]
    assert words("ai-driven foo_bar x²") == ["ai", "driven", "foo", "bar", "x2"]
    assert words("हिन्दी 東京都") == ["हिन्दी", "東京都"]  # marks stay inside their word


def test_quotes_make_a_phrase_and_a_minus_leaves_words_out() -> None:
    query = parse('"board governance" strategy -crypto -"web three"')

    assert query.include == (Phrase(("board", "governance")), Phrase(("strategy",)))
    assert query.exclude == (Phrase(("crypto",)), Phrase(("web", "three")))


def test_the_last_word_being_typed_is_also_a_prefix() -> None:
    assert parse("board gov").include[-1] == Phrase(("gov",), prefix=True)
    assert parse("board gov ").include[-1] == Phrase(("gov",))
    assert parse('"board gov').include[-1] == Phrase(("board", "gov"), prefix=True)
    assert parse('"board gov"').include[-1] == Phrase(("board", "gov"))
    assert parse("board g").include[-1] == Phrase(("g",))  # one letter is no prefix


@pytest.mark.parametrize(
    "text", ["", "   ", "-only -exclusions", '""', "***", "\x00\x00", "🦓🦓", "( ) : ^ * +"]
)
def test_text_without_a_word_to_look_for_is_an_empty_query(text: str) -> None:
    assert parse(text).is_empty


def test_operators_of_either_engine_are_only_words() -> None:
    query = parse("strategy AND NOT(crypto) OR NEAR:x^2*")

    assert [p.words for p in query.include] == [
        ("strategy",),
        ("and",),
        ("not", "crypto"),
        ("or",),
        ("near", "x", "2"),
    ]


def test_ten_kilobytes_of_text_is_cut_down_to_a_handful_of_words() -> None:
    query = parse("word " * 2000 + "x" * 10_000)

    assert len(query.include) <= MAX_PHRASES


@given(ANY_TEXT)
def test_any_text_parses_into_plain_words(text: str) -> None:
    query = parse(text)

    for phrase in (*query.include, *query.exclude):
        assert phrase.words
        for word in phrase.words:
            assert WORD.fullmatch(word), word
            assert word == fold(word)


@pytest.fixture(scope="module")
def fts5() -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE core_searchdocument (id INTEGER PRIMARY KEY, search_title TEXT, "
        "search_tags TEXT, search_body TEXT)"
    )
    for sql in _SQLITE_INSTALL:
        db.execute(sql)
    db.execute(
        "INSERT INTO core_searchdocument VALUES (1, ?, '', ?)",
        (index_text("Board governance"), index_text("The board: AND OR NOT 🦓 é")),
    )
    yield db
    db.close()


@settings(max_examples=500)
@given(ANY_TEXT)
def test_fts5_accepts_every_expression_built_from_any_text(
    fts5: sqlite3.Connection, text: str
) -> None:
    query = parse(text)
    if query.is_empty:
        return

    # An expression FTS5 cannot parse raises sqlite3.OperationalError here.
    rows = fts5.execute(
        "SELECT rowid FROM core_searchdocument_fts WHERE core_searchdocument_fts MATCH ?",
        [SqliteEngine().expression(query)],
    ).fetchall()

    assert isinstance(rows, list)


def test_the_postgresql_query_quotes_every_word() -> None:
    query = ParsedQuery(
        include=(Phrase(("board", "gov"), prefix=True), Phrase(("it's",))),
        exclude=(Phrase(("a\\b",)),),
    )
    engine = PostgresEngine()

    assert engine.tsquery(query.include, "&") == "('board' <-> 'gov':*) & ('it''s')"
    assert engine.tsquery(query.exclude, "|") == "('a\\\\b')"


def _plain(marked: str) -> str:
    return html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))


@given(st.text(), ANY_TEXT)
def test_highlighting_escapes_everything_but_its_own_marks(text: str, query_text: str) -> None:
    exact, prefixes = parse(query_text).highlight_words()

    marked = str(highlight(text, exact, prefixes))
    cut = str(snippet(text, exact, prefixes, length=40))

    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    assert _plain(marked) == cleaned
    assert _plain(cut).strip("…") in cleaned
    for out in (marked, cut):
        assert "<" not in re.sub(r"</?mark>", "", out)
        assert ">" not in re.sub(r"</?mark>", "", out)


def test_a_snippet_shows_the_text_around_the_first_match() -> None:
    body = "Lorem ipsum dolor sit amet. " * 20 + "Our Board meets in Zürich. " + "Tail. " * 40
    exact, prefixes = parse("zurich boa").highlight_words()

    cut = str(snippet(body, exact, prefixes))

    assert cut.startswith("…")
    assert cut.endswith("…")
    assert "<mark>Board</mark> meets in <mark>Zürich</mark>" in cut
    assert len(_plain(cut)) <= 230


def test_script_in_a_title_comes_out_as_text() -> None:
    exact, prefixes = parse("alert").highlight_words()

    out = str(highlight('<script>alert("x")</script> & more', exact, prefixes))

    assert out == "&lt;script&gt;<mark>alert</mark>(&quot;x&quot;)&lt;/script&gt; &amp; more"
