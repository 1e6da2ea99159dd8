"""`python -m aifigures check PATH...`: a draft fact-check of new article texts.

Every figure the extractor finds is linked to an entity and a metric (tools/linking.py), then
judged against data/reference.csv by the ledger's own code (data/verdicts.compute_verdicts, on
claims-like rows). A figure that cannot be linked, or has no official figure to compare with,
is a "needs_review" row with its reason: never a verdict. Output: CSV on standard output (one
row per figure), `--ledger-rows` for rows in the claims.csv schema, `--html OUT` for a page.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aifigures.data import tables
from aifigures.data.currency import MissingRate, rate_for
from aifigures.data.problems import display_path
from aifigures.data.verdicts import PRICE_SIDES, compute_verdicts
from aifigures.tools.extract import CLAIM_COLUMNS, article_id_for
from aifigures.tools.linking import Knowledge, Link, Linker

NEEDS_REVIEW = "needs_review"
OUTPUT_COLUMNS = ["article", "line", "quote", "figure_text", "entity_id", "metric", "benchmark", "side", "value", "unit",
                  "qualifier", "verdict", "official", "ref_ids", "explanation", "confidence"]
# verdicts that mean "nothing to compare with": a draft says so instead of judging
NO_COMPARISON = {"unverifiable", "not_checked"}


class ArticleError(Exception):
    """An article file that cannot be read; the message names it."""


@dataclass
class Checked:
    """One figure of one article: where it is, how it was linked, and what was found."""

    article: str
    line: int
    link: Link
    verdict: str
    official: str = ""
    ref_ids: str = ""
    explanation: str = ""

    def row(self) -> dict:
        k = self.link
        return {"article": self.article, "line": self.line, "quote": k.quote, "figure_text": k.mention.text,
                "entity_id": k.entity_id, "metric": k.metric, "benchmark": k.benchmark, "side": k.side,
                "value": k.value, "unit": k.unit, "qualifier": k.qualifier, "verdict": self.verdict,
                "official": self.official, "ref_ids": self.ref_ids, "explanation": self.explanation,
                "confidence": f"{k.confidence:.2f}"}


# --------------------------------------------------------------------------- reading

def read_article_text(path: Path) -> str:
    """The text of an article, or ArticleError naming the file and what to do."""
    shown = display_path(path)
    if not path.exists():
        raise ArticleError(f"{shown}: no such file")
    if path.is_dir():
        raise ArticleError(f"{shown}: is a directory; give the article text files (PATH/*.txt)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise ArticleError(f"{shown}:{line}: not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); "
                           "save the article as UTF-8 and run again") from None
    if not text.strip():
        raise ArticleError(f"{shown}: the file is empty; there is nothing to check")
    return text.lstrip("\ufeff")


# --------------------------------------------------------------------------- checking

def _strings(name: str) -> pd.DataFrame:
    return tables.read_table(name).drop(columns=[tables.LINE])


class Checker:
    """The data, loaded and validated once; check() then runs per article."""

    def __init__(self, entities: pd.DataFrame | None = None, reference: pd.DataFrame | None = None,
                 fx: pd.DataFrame | None = None):
        # every cell a string, as validation reads the tables (tables.read_table raises DataError)
        self.entities = entities if entities is not None else _strings("entities")
        self.reference = (reference if reference is not None else _strings("reference")).fillna("").astype(str)
        self.fx = fx if fx is not None else _strings("fx_rates")
        self.knowledge = Knowledge.from_tables(self.entities, self.reference)
        self.linker = Linker(self.knowledge)
        self._rates: dict[str, tuple] = {}

    def check(self, text: str, article: str, this_year: int | None = None) -> list[Checked]:
        links = self.linker.link_text(text, this_year=this_year)
        results = []
        judged_rows, judged = [], []
        newlines = [i for i, c in enumerate(text) if c == "\n"]
        for link in links:
            line = bisect.bisect_left(newlines, link.mention.start) + 1
            if link.review or not link.entity_id or not link.metric:
                reason = link.review or ("no entity could be linked" if not link.entity_id else "no metric could be linked")
                results.append(Checked(article, line, link, NEEDS_REVIEW, explanation=f"needs review: {reason}"))
                continue
            row, note = self._claim_row(link)
            results.append(Checked(article, line, link, ""))
            judged_rows.append(row)
            judged.append((len(results) - 1, note))
        if judged_rows:
            claims = pd.DataFrame(judged_rows)
            verdicts = compute_verdicts(claims, self.reference)
            for (i, note), v in zip(judged, verdicts.itertuples()):
                r = results[i]
                if v.verdict in NO_COMPARISON:
                    r.verdict = NEEDS_REVIEW
                    r.explanation = f"needs review: no reference figure to compare with ({v.explanation})"
                else:
                    r.verdict, r.official, r.ref_ids = v.verdict, v.official, v.ref_ids
                    r.explanation = (note + "; " if note else "") + v.explanation
        return results

    def _claim_row(self, link: Link) -> tuple[dict, str]:
        """A claims-like row for the verdict code, in the official figures' currency (at the
        dated rate) when the reference has no price in the article's currency."""
        row = dict.fromkeys(CLAIM_COLUMNS, "")
        row.update(claim_id="CHECK", entity_id=link.entity_id, metric=link.metric, benchmark=link.benchmark,
                   value=link.value, unit=link.unit, qualifier=link.qualifier, value_low=link.value_low,
                   value_high=link.value_high, kind="core", claim_type="fact")
        notes = list(link.notes)
        if link.metric in PRICE_SIDES or link.metric in ("price_input", "price_output"):
            converted = self._converted_price(link)
            if converted:
                row["value"], row["unit"], row["qualifier"], note = converted
                notes.append(note)
        if link.binary_k:
            official = self._official_values(link)
            binary = float(link.value) / 1000 * 1024
            if any(abs(o - binary) < 0.5 for o in official):
                row["value"] = f"{binary:.0f}"
                notes.append(f"'{link.mention.text}' read as {float(link.value) / 1000:g} x 1024 = {binary:.0f} tokens")
        return row, "; ".join(notes)

    def _official_values(self, link: Link) -> list[float]:
        values = pd.to_numeric(pd.Series([r["value"] for r in self.knowledge.official(link.entity_id, link.metric)], dtype=object),
                               errors="coerce")
        return values.dropna().tolist()

    def _converted_price(self, link: Link) -> tuple[str, str, str, str] | None:
        rows = self.knowledge.official(link.entity_id, link.metric)
        if not rows or any(r["unit"] == link.unit for r in rows):
            return None
        target = rows[0]["unit"]
        dates = [r["refers_to"] for r in rows if r["refers_to"]]
        when = dates[0] if dates else ""
        per_usd, rate_date, how = self._rate(when)
        if per_usd is None:
            return None
        value = float(link.value)
        converted = value / per_usd if link.unit.startswith("CNY") else value * per_usd
        note = (f"{link.value} {link.unit} is {converted:.4g} {target} at {per_usd:g} CNY per USD ({rate_date}{how}); "
                "compared as approximate")
        return f"{converted:.4g}", target, "approx", note

    def _rate(self, when: str) -> tuple[float | None, str, str]:
        if when not in self._rates:
            self._rates[when] = self._find_rate(when)
        return self._rates[when]

    def _find_rate(self, when: str) -> tuple[float | None, str, str]:
        fx = self.fx[self.fx["currency"] == "CNY"]
        if fx.empty:
            return None, "", ""
        if when:
            try:
                row = rate_for(fx, "CNY", when)
                return float(row["per_usd"]), str(row["date"]), ", the price's date"
            except MissingRate:
                pass
        # the price has no date, or none with a rate: the nearest dated rate, said so
        dates = pd.to_datetime(fx["date"].astype(str))
        target = pd.Timestamp(when[:10]) if len(when) >= 7 else dates.max()
        row = fx.iloc[int((dates - target).abs().argmin())]
        return float(row["per_usd"]), str(row["date"]), f", the nearest rate to the price's date {when or '(none given)'}"


# --------------------------------------------------------------------------- output

def write_csv(results: list[Checked], out) -> None:
    writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(r.row() for r in results)


def ledger_rows(results: list[Checked]) -> list[dict]:
    """The figures as claims.csv rows, ready to curate (ids from the file name NNN_...)."""
    rows, counters = [], {}
    for r in results:
        k = r.link
        article_id = article_id_for(r.article)
        counters[article_id] = counters.get(article_id, 0) + 1
        row = dict.fromkeys(CLAIM_COLUMNS, "")
        figure = k.mention.text
        if k.unit == "percent" and figure.rstrip().endswith(("%", "％")):
            figure = figure.rstrip().rstrip("%％").rstrip()  # a score on a 0-100 scale, as the ledger writes it
        row.update(claim_id=f"{article_id}-{counters[article_id]:02d}" if article_id else "", article_id=article_id,
                   quote=k.quote, figure_text=figure, entity_id=k.entity_id, metric=k.metric,
                   benchmark=k.benchmark, value=k.value, unit=k.unit, qualifier=k.qualifier,
                   value_low=k.value_low, value_high=k.value_high, kind="core", claim_type="fact")
        note = r.explanation if r.verdict == NEEDS_REVIEW else f"check: {r.verdict} ({r.explanation})"
        row["notes"] = f"{note}; confidence {k.confidence:.2f}"[:500]
        rows.append(row)
    return rows


def cmd_check(args: argparse.Namespace) -> int:
    texts = []
    for name in args.paths:
        try:
            texts.append((name, read_article_text(Path(name))))
        except ArticleError as err:
            print(f"check: {err}", file=sys.stderr)
            return 1
    checker = Checker()
    results = []
    for name, text in texts:
        results += checker.check(text, name, this_year=args.year)
    buffer = io.StringIO()
    if args.ledger_rows:
        writer = csv.DictWriter(buffer, fieldnames=CLAIM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(ledger_rows(results))
    else:
        write_csv(results, buffer)
    sys.stdout.write(buffer.getvalue())
    if args.html:
        from aifigures.tools.check_page import write_page

        write_page(Path(args.html), results, [name for name, _ in texts])
        print(f"check: wrote {args.html}", file=sys.stderr)
    return 0
