"""The catalogues: every language offered is translated, compiled and consistent.

Salon commits the compiled ``.mo`` files next to the ``.po`` sources, so a machine without
gettext serves every language; these tests fail when the two disagree (run
``make messages`` after editing a ``.po``), when a translation is fuzzy or missing, or when
it drops or invents a placeholder such as ``%(name)s``.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|%[sdf]")


def _catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))


def _texts(entries: list[polib.POEntry] | polib.MOFile) -> dict[tuple[str, str], object]:
    return {
        (entry.msgctxt or "", entry.msgid): (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
        for entry in entries
    }


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code: str) -> None:
    catalogue = _catalogue(code)

    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]

    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy translations, e.g. {fuzzy[:5]}"
    assert not missing, f"{code}: {len(missing)} messages not translated, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(code: str) -> None:
    source = [entry for entry in _catalogue(code).translated_entries() if not entry.obsolete]
    compiled = polib.mofile(str(LOCALE / code / "LC_MESSAGES" / "django.mo"))

    expected = _texts(source)
    actual = {key: text for key, text in _texts(compiled).items() if key[1]}
    assert actual == expected, "The .mo is out of date with its .po: run `make messages`."


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code: str) -> None:
    wrong = []
    for entry in _catalogue(code).translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        # A plural's singular may say "one" instead of "%(n)s"; the placeholders it has
        # must still exist, and the last form must have them all.
        *others, last = list(texts)
        if sorted(PLACEHOLDER.findall(last)) != wanted or any(
            not set(PLACEHOLDER.findall(text)) <= set(wanted) for text in others
        ):
            wrong.append(entry.msgid)
    assert not wrong, f"{code}: placeholders differ from the English in {wrong[:5]}"
