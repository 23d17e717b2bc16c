"""The dashboard's figures as a PDF (fpdf2, pure Python): the six benefits, then every table
for the community and each group large enough to show, in the current language and time
zone. The same document is downloaded from the dashboard and attached to the monthly report.

A group whose every figure is withheld (fewer than five people) is left out altogether, as
is every cell withheld in a shown group ("—"). Text is set in DejaVu Sans when the system
has it (Debian's fonts-dejavu-core), which covers Latin, Greek and Cyrillic; a language it
cannot write (Japanese) gets the report in English rather than empty boxes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from salon.analytics.selectors import Outcomes

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
# Languages the font writes; any other is set in English.
FONT_LANGUAGES = {"en", "de"}
GROUPS_PER_ROW = 4
# fontTools tells of every glyph it keeps when it subsets the font.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _font() -> Path | None:
    for folder in FONT_DIRS:
        if (folder / "DejaVuSans.ttf").exists() and (folder / "DejaVuSans-Bold.ttf").exists():
            return folder
    return None


@contextmanager
def _writable_language() -> Iterator[None]:
    language = (translation.get_language() or "en").split("-")[0]
    if _font() is not None and language in FONT_LANGUAGES:
        yield
    else:
        with translation.override("en"):
            yield


def value_text(value: float | int | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value}%"
    if unit == "hours":
        return _("%(h)s h") % {"h": value}
    return str(value)


class _Report(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        folder = _font()
        if folder is not None:
            self.add_font("Body", "", str(folder / "DejaVuSans.ttf"))
            self.add_font("Body", "B", str(folder / "DejaVuSans-Bold.ttf"))
            self.body_font = "Body"
        else:
            self.body_font = "helvetica"

    def say(self, size: float, line: str, *, bold: bool = False) -> None:
        if self.body_font == "helvetica":
            line = line.encode("latin-1", "replace").decode("latin-1")
        self.set_font(self.body_font, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def cells(self, widths: list[float], texts: list[str], *, bold: bool = False) -> None:
        self.set_font(self.body_font, "B" if bold else "", 8)
        for width, value in zip(widths, texts, strict=True):
            if self.body_font == "helvetica":
                value = value.encode("latin-1", "replace").decode("latin-1")
            self.cell(width, 5, value[: int(width / 1.6)], border="B")
        self.ln(5)


def headline(outcomes: Outcomes) -> list[tuple[str, str]]:
    f = outcomes.community_figures
    return [
        (
            _("Leadership growth: rated higher by others"),
            value_text(f.get("grew_share"), "percent"),
        ),
        (_("Goal attainment: goals achieved"), value_text(f.get("goals_achieved"), "count")),
        (_("Knowledge: paths completed"), value_text(f.get("paths_completed"), "count")),
        (_("Relationships: new ties"), value_text(f.get("new_ties"), "count")),
        (
            _("Cultural adaptation: interactions across regions"),
            value_text(f.get("cross_region_share"), "percent"),
        ),
        (_("Innovation: ideas moved on a stage"), str(outcomes.advanced)),
    ]


def outcomes_pdf(outcomes: Outcomes) -> bytes:
    """The figures as a PDF document, in the active language and time zone."""
    with _writable_language():
        pdf = _Report()
        pdf.set_title(_("Outcomes · %(c)s") % {"c": outcomes.community.name})
        pdf.add_page()
        pdf.say(16, _("Outcomes · %(c)s") % {"c": outcomes.community.name}, bold=True)
        period = _("From %(s)s to %(e)s.") % {
            "s": formats.date_format(outcomes.period.start, "DAY_MON_YEAR"),
            "e": formats.date_format(outcomes.period.end, "DAY_MON_YEAR"),
        }
        pdf.say(9, period)
        if outcomes.computed_at is not None:
            at = timezone.localtime(outcomes.computed_at)
            pdf.say(
                9,
                _("Figures as of %(t)s (%(z)s).")
                % {
                    "t": formats.date_format(at, "DAY_MON_YEAR_TIME"),
                    "z": timezone.get_current_timezone_name(),
                },
            )
        pdf.say(9, _("Members counted: %(n)s") % {"n": outcomes.people})
        pdf.ln(3)
        pdf.say(12, _("The six benefits"), bold=True)
        for label, value in headline(outcomes):
            pdf.cells([120.0, 40.0], [label, value])
        pdf.ln(2)
        pdf.say(
            8,
            _(
                "A figure about fewer than five people is shown as “—”, and a group that "
                "small is left out."
            ),
        )
        for table in outcomes.tables:
            rows = [row for row in table.rows if any(v is not None for v in row.values)]
            if not rows:
                continue
            pdf.ln(4)
            pdf.say(12, table.title, bold=True)
            for start in range(0, len(rows), GROUPS_PER_ROW):
                chunk = rows[start : start + GROUPS_PER_ROW]
                widths = [70.0] + [110.0 / len(chunk)] * len(chunk)
                pdf.cells(widths, ["", *(row.label for row in chunk)], bold=True)
                for i, measure in enumerate(table.measures):
                    pdf.cells(
                        widths,
                        [
                            str(measure.label),
                            *(value_text(row.values[i], measure.unit) for row in chunk),
                        ],
                    )
                pdf.ln(2)
        return bytes(pdf.output())
