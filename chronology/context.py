"""The document's own dates: what a reading that omits its year or month is completed
from. Nothing is ever filled in from today's date: the reference is the catalogue date,
the dateline, a FRUS file number, or the first full date in the text."""

import datetime as dt

import attrs

from chronology.model import (
    Diagnostic,
)
from chronology.patterns import compile_rule
from chronology.placing import WallTime
from chronology.reading.temporal import Reading
from chronology.sources.profile import Layout


@attrs.define
class _Ctx:
    """Mutable working state for one document; never leaves this module."""

    doc_id: str
    text: str
    layout: Layout
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    ref_year: int | None = None
    ref_date: dt.date | None = None
    readings: list[Reading] = attrs.field(factory=list)

    def diag(self, level: str, code: str, message: str, span: tuple[int, int] | None) -> None:
        self.diagnostics.append(Diagnostic(level, code, message, span, self.doc_id))


# ---------------------------------------------------------------- years and anchors
def _full_year(r: Reading, ctx: _Ctx) -> tuple[int | None, str | None]:
    """The four-digit year of a reading, and the assumption made to get it."""
    if r.year is not None and r.year_form == "full":
        return r.year, None
    if r.year is not None:  # two digits: the century that puts it nearest the document
        pivot = ctx.ref_year or 1950
        cands = [c * 100 + r.year for c in (18, 19, 20)]
        year = min(cands, key=lambda y: abs(y - pivot))
        why = f"two-digit year '{r.year:02d}' read as {year}, nearest the document's {pivot}"
        if ctx.ref_year is None:
            why = f"two-digit year '{r.year:02d}' read as {year}: the document gives no full year"
        return year, why
    if ctx.ref_date is None:
        return None, None
    if r.month is None:
        return ctx.ref_date.year, None
    best = None
    for y in (ctx.ref_date.year - 1, ctx.ref_date.year, ctx.ref_date.year + 1):
        try:
            d = dt.date(y, r.month, min(r.day or 1, 28))
        except ValueError:
            continue
        gap = abs((d - ctx.ref_date).days)
        if best is None or gap < best[0]:
            best = (gap, y)
    year = best[1] if best else ctx.ref_date.year
    return year, f"year {year} taken from the document's date {ctx.ref_date.isoformat()}"


def _wall(r: Reading, year: int) -> WallTime:
    return WallTime(
        year=year,
        month=r.month or 1,
        day=r.day or 1,
        hour=r.hour or 0,
        minute=r.minute or 0,
        second=r.second or 0,
        precision=r.precision,
    )


_FILE_NUMBER = compile_rule(
    r"(?m)^[\dA-Z][\w.\- ]{2,24}/(1[0-2]|0?[1-9])[–-](3[01]|[12]\d|0?[1-9])(\d{2})\b"
)


def _set_reference_date(ctx: _Ctx, readings: list[Reading]) -> None:
    lay = ctx.layout
    for r in readings:
        if (
            r.year_form == "full"
            and r.month
            and r.day
            and (
                (lay.catalogue and r.span[0] < lay.catalogue[1])
                or (lay.dateline and lay.dateline[0] <= r.span[0] < lay.dateline[1])
            )
        ):
            try:
                ctx.ref_date = dt.date(r.year, r.month, r.day)
            except ValueError:
                continue
            ctx.ref_year = r.year
            return
    m = _FILE_NUMBER.search(ctx.text, 0, 600)
    if m:  # a FRUS decimal file number carries the date: "793.00/2–851" is 8 February '51
        month, day, yy = int(m.group(1)), int(m.group(2)), int(m.group(3))
        full_years = [r.year for r in readings if r.year_form == "full" and r.year]
        pivot = full_years[0] if full_years else 1950
        year = min((c * 100 + yy for c in (18, 19, 20)), key=lambda y: abs(y - pivot))
        try:
            ctx.ref_date = dt.date(year, month, day)
            ctx.ref_year = year
            return
        except ValueError:
            pass
    full = [r for r in readings if r.year_form == "full" and r.year]
    if full:
        ctx.ref_year = full[0].year
        if full[0].month:
            try:
                ctx.ref_date = dt.date(full[0].year, full[0].month, full[0].day or 1)
            except ValueError:
                pass


def _months_around(d: dt.date) -> list[tuple[int, int]]:
    prev = (d.year - 1, 12) if d.month == 1 else (d.year, d.month - 1)
    nxt = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return [prev, (d.year, d.month), nxt]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
