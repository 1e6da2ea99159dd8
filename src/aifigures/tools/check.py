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
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from aifigures.data import tables
from aifigures.data.currency import MissingRate, rate_for
from aifigures.data.display import date_at_precision as format_date
from aifigures.data.display import plain_number
from aifigures.data.numbers import date_span, round_to_digits, significant_digits
from aifigures.data.problems import display_path
from aifigures.data.tables import split_ids
from aifigures.data.verdicts import HOLDS, NOT_JUDGED, PRICE_SIDES, VERDICT_ORDER, compute_verdicts
from aifigures.tools.chinese import fold
from aifigures.tools.derived import growth_between_editions
from aifigures.tools.extract import CLAIM_COLUMNS, article_id_for
from aifigures.tools.linking import BYLINE, DATED_LABEL, JUST_RELEASED, Knowledge, Link, Linker, benchmark_key, labels_of_benchmark

NEEDS_REVIEW = "needs_review"
OUTPUT_COLUMNS = ["article", "line", "quote", "figure_text", "entity_id", "metric", "benchmark", "side", "tier", "value", "unit",
                  "qualifier", "verdict", "official", "ref_ids", "explanation", "confidence", "ledger_claim"]
# a verdict that calls a figure wrong needs the entity found this near (tools/linking.PLACE_CONFIDENCE);
# set so that the verdicts issued on the development corpus are right at the rate the level says
WRONG_MIN_CONFIDENCE = 0.8
ANY_MIN_CONFIDENCE = 0.6
WRONG_CLASS = set(VERDICT_ORDER) - HOLDS - NOT_JUDGED  # differs, misattributed, conflated, partly_holds
# metrics whose official value changes over time, judged at the article's date
TIME_VARYING = {"price_input", "price_output", "api_price"}
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
    ledger_claim: str = ""  # the ledger claim this figure repeats, with its curated verdict
    hidden: str = ""  # why this mention is no figure (shown only with --all)

    def row(self) -> dict:
        """The figure as a row of check's CSV output (the OUTPUT_COLUMNS)."""
        k = self.link
        return {"article": self.article, "line": self.line, "quote": k.quote, "figure_text": k.mention.text,
                "entity_id": k.entity_id, "metric": k.metric, "benchmark": k.benchmark, "side": k.side,
                "tier": k.tier if k.metric in TIME_VARYING or k.metric == "benchmark_score" else "",
                "value": k.value, "unit": k.unit, "qualifier": k.qualifier, "verdict": self.verdict,
                "official": self.official, "ref_ids": self.ref_ids, "explanation": self.explanation,
                "confidence": f"{k.confidence:.2f}", "ledger_claim": self.ledger_claim}


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
                 fx: pd.DataFrame | None = None, match_ledger: bool = True):
        # every cell a string, as validation reads the tables (tables.read_table raises DataError)
        self.entities = entities if entities is not None else _strings("entities")
        self.reference = (reference if reference is not None else _strings("reference")).fillna("").astype(str)
        for column, default in (("tier", "standard"), ("valid_from", ""), ("valid_to", "")):
            if column not in self.reference:
                self.reference[column] = default
        # figures computed from others (a growth between two editions of an event), their sources cited
        if "bounded" in self.reference:  # a reference taken from another checker: derive afresh
            self.reference = self.reference[self.reference["access"] != "derived"].drop(columns="bounded")
        derived = growth_between_editions(self.reference, self.entities) if "series" in self.entities else None
        self.reference = (pd.concat([self.reference.assign(bounded=""), derived], ignore_index=True)
                          if derived is not None and len(derived) else self.reference.assign(bounded=""))
        computed = self.reference[self.reference["bounded"] != ""]
        self._bounded = {r["ref_id"]: f"{r['source_title'].removeprefix('computed from ')}: "
                         f"{float(r['value']):+.0%}" for r in computed.to_dict("records")}
        self.fx = fx if fx is not None else _strings("fx_rates")
        self.knowledge = Knowledge.from_tables(self.entities, self.reference)
        self.linker = Linker(self.knowledge)
        self._rates: dict[str, tuple] = {}
        self._rows: dict[tuple, pd.DataFrame] = {}
        self._article_dates: dict[str, str] | None = None
        self._ledger: dict | None = None if match_ledger else {}  # {}: no ledger_claim (measured against it)
        self._ledger_done: set = set()
        self._ref_by_id: dict | None = None

    def check(self, text: str, article: str, this_year: int | None = None, date: str = "") -> list[Checked]:
        """Every figure of one article, linked and judged at the article's date: `date`, else
        the article's published_date in articles.csv, else a dateline in the text."""
        when, how = (date, "given with --date") if date else self.article_date(article)
        if not when:
            when, how = dateline(text)
        if not when:
            when, how = self._announced_release(text)
        if this_year is None and when:
            this_year = int(when[:4])
        links = self.linker.link_text(text, this_year=this_year, on=when)
        results = []
        pending: dict[tuple, list[Checked]] = {}  # judged together: one reference subset per key
        workloads: list[tuple[Checked, list[Checked]]] = []  # a row and its parts, one per workload
        newlines = [i for i, c in enumerate(text) if c == "\n"]
        for link in links:
            line = bisect.bisect_left(newlines, link.mention.start) + 1
            if link.review or not link.entity_id or not link.metric:
                reason = link.review or ("no entity could be linked" if not link.entity_id else "no metric could be linked")
                hidden = "" if link.metric else reason
                results.append(Checked(article, line, link, NEEDS_REVIEW, explanation=f"needs review: {reason}", hidden=hidden))
                continue
            results.append(Checked(article, line, link, ""))
            at = (self._release_date(link.entity_id) or when) if link.at_release else when
            tier = link.tier if link.tier_said or link.metric in TIME_VARYING else "*"
            # an event's date: the one event it names (bench_key), else any of the entity's
            bench = link.bench_key if link.metric in ("benchmark_score", "event_date") and link.bench_key else (
                "*" if link.metric == "event_date" else link.comparator if link.metric == "price_ratio" else "")
            # one multiple said of several workloads: judged on each, then as one (_each_workload)
            parts = [Checked(article, line, link, "") for _ in link.said_of]
            if parts:
                workloads.append((results[-1], parts))
            for part, label in zip(parts, link.said_of):
                pending.setdefault((link.entity_id, link.metric, benchmark_key(label), tier, at), []).append(part)
            if not parts:
                pending.setdefault((link.entity_id, link.metric, bench, tier, at), []).append(results[-1])
        self._judge_groups([(key, group, how if key[4] == when else "the release date") for key, group in pending.items()])
        for whole, parts in workloads:
            _each_workload(whole, parts)
        _two_releases(results)
        self._match_ledger(results)
        return results

    def article_date(self, article: str) -> tuple[str, str]:
        """The published_date of the article in articles.csv (matched by file name), or ''."""
        if self._article_dates is None:
            try:
                articles = _strings("articles")
                self._article_dates = dict(zip(articles["file_name"], articles["published_date"]))
            except Exception:  # no articles.csv: a draft needs none
                self._article_dates = {}
        found = self._article_dates.get(Path(article).name, "")
        return (found, "articles.csv") if re.match(r"\d{4}", found) else ("", "")

    def _announced_release(self, text: str) -> tuple[str, str]:
        """An article that opens by announcing a release ("just released", 刚刚发布) speaks at
        the release date of the model it names there."""
        opening = fold(text[:400])
        said = JUST_RELEASED.search(opening)
        if not said:
            return "", ""
        # the model named on the line that says it was just released
        lo = opening.rfind("\n", 0, said.start()) + 1
        hi = opening.find("\n", said.end())
        line = opening[lo:hi if hi >= 0 else len(opening)]
        for _, _, entity in self.knowledge.entity_spans(line):
            released = self._release_date(entity)
            if released:
                return released, f"the release of {entity} the text announces"
        return "", ""

    def _release_date(self, entity: str) -> str:
        rows = self.knowledge.by_metric.get((entity, "release_date"), [])
        return min((r["value"] for r in rows if r["value"]), default="")

    # -- judging at a date and tier

    def _judge_groups(self, groups: list[tuple]) -> None:
        """Judge every group of figures (same entity, metric, benchmark, tier and date) against the
        reference values in force for it; the figures that do not hold, against the values of the
        other tiers, periods and versions. Each step is one call of the verdict code for all groups
        (judge_many), not one per group."""
        staged = []  # (group, how, rows, in_force, dated, claims, notes)
        for key, group, how in groups:
            entity, metric, bench, tier, when = key
            rows = self._candidates(entity, metric, bench)
            in_tier = rows if tier == "*" else rows[_tier_fits(rows, tier)]
            dated = (in_tier["valid_from"] != "") | (in_tier["valid_to"] != "")
            if dated.any() and not when:
                for r in group:
                    r.verdict = NEEDS_REVIEW
                    r.explanation = ("needs review: the official figure changed over time and the article gives no date "
                                     "(give it with --date, or add the article to articles.csv)")
                continue
            in_force = in_tier[~dated | _in_period(in_tier, when)] if when else in_tier
            found = in_force[in_force["status"] == "found"]  # the prices' currencies, once per group
            priced = (found["unit"].tolist(), found["refers_to"].tolist()) if len(found) else None
            made = [self._claim_row(r.link, priced) for r in group]
            claims = pd.DataFrame([row for row, _ in made])
            if bench:  # the rows are this benchmark's already (_candidates): compare on the value alone
                claims["benchmark"] = ""
            staged.append((key, group, how, rows, in_force, bool(dated.any()), claims, [note for _, note in made]))
        verdicts = judge_many([(claims, in_force) for _, _, _, _, in_force, _, claims, _ in staged])
        # the figures that do not hold: the value of another tier or period, else of another version
        retry = []  # (stage index, its failing claims' indexes, those claims, others, family)
        for n, ((entity, metric, bench, _, _when), _group, _, rows, in_force, _, claims, _) in enumerate(staged):
            failing = [i for i, verdict in enumerate(verdicts[n]["verdict"]) if verdict not in HOLDS]
            if not failing or metric == "price_ratio":  # a ratio of two models' prices: no one value to misattribute
                continue
            others = rows.drop(in_force.index)
            swapped = PARAMS_SWAP.get(metric)
            if swapped:  # "Active Parameters: 355B": the total count said as the active one, or the other way
                kin = self.reference[(self.reference["entity_id"] == entity) & (self.reference["metric"] == swapped)]
                others = pd.concat([others, kin.assign(metric=metric, said_metric=swapped)])
            if metric == "event_date" and bench != "*":  # "In 2017, AlphaGo shocked the world": its other events' dates
                ref = self.reference
                kin = ref[(ref["entity_id"] == entity) & (ref["metric"] == metric) & ~ref.index.isin(rows.index)]
                others = pd.concat([others, kin.assign(label=kin["benchmark"], benchmark="")])
            family = self._family_rows(entity, metric, bench) if (len(others) or self._has_own(entity, metric)) else rows.iloc[0:0]
            # another version's rows are compared as the claim's entity's (verdicts pair by entity)
            retry.append((n, failing, claims.iloc[failing], others, family.assign(entity_id=entity)))
        second = judge_many([(c, o) for _, _, c, o, _ in retry])
        third = judge_many([(c, f) for _, _, c, _, f in retry])
        matched = {}
        for (n, failing, _, others, family), v_other, v_family in zip(retry, second, third):
            originals = self._family_rows(staged[n][0][0], staged[n][0][1], staged[n][0][2]) if len(family) else family
            for k, i in enumerate(failing):
                for found, candidates in ((v_other.iloc[k], others), (v_family.iloc[k], originals)):
                    if found["verdict"] in ("matches", "rounded"):
                        ref = candidates[candidates["ref_id"] == found["ref_ids"].split(";")[0]].iloc[0]
                        matched[(n, i)] = (found, ref)
                        break
        for n, ((_, _, _, _, when), group, how, rows, _, dated, claims, notes) in enumerate(staged):
            for i, (r, note, v, claim) in enumerate(zip(group, notes, verdicts[n].itertuples(), claims.to_dict("records"))):
                verdict, official, ref_ids, explanation = v.verdict, v.official, v.ref_ids, v.explanation
                if (n, i) in matched:
                    found, ref = matched[(n, i)]
                    verdict, official, ref_ids = "misattributed", found["official"], found["ref_ids"]
                    source = str(found["explanation"]).removeprefix("the article's figure is the official one — ")
                    explanation = f"{_whose(ref, claim, r.link, when, self.entities)} — {source}"
                elif verdict in NO_COMPARISON:
                    verdict = NEEDS_REVIEW
                    why = f"no official figure in force at {when}" if len(rows) and when else "no reference figure to compare with"
                    explanation = f"needs review: {why} ({v.explanation})"
                cited = self._first_cited(ref_ids)  # the official row the verdict rests on
                computed = self._bounded.get(ref_ids)
                if computed and verdict in HOLDS:
                    # "60% more exhibitors" against over 800 and more than 500: fits, cannot confirm
                    verdict = "consistent"
                    explanation = (f"the official counts are bounds ({computed}), which the article's figure fits "
                                   "without the sources confirming it")
                elif computed and verdict in WRONG_CLASS:
                    verdict = NEEDS_REVIEW
                    explanation = f"needs review: a growth computed from bounds ({computed}) cannot contradict it"
                if verdict == "consistent" and claim["qualifier"] == "over" and cited.get("qualifier") == "up_to" \
                        and _rounds_to(cited.get("value"), claim["value"]):
                    # "over 130,000" against "up to 131,072": the source's maximum, stated as a minimum
                    verdict = "differs"
                    source = explanation.split(" — ", 1)[1] if " — " in explanation else explanation
                    explanation = (f"the official {plain_number(cited['value'])} is a maximum ('up to'), which the article "
                                   f"states as a minimum ('over') — {source}")
                elif verdict == "consistent" and claim["qualifier"] == "over" and cited.get("qualifier") == "up_to":
                    # "over 100,000" against "up to 131,072": a floor under a ceiling says nothing
                    verdict = NEEDS_REVIEW
                    explanation = ("needs review: the article gives a lower bound ('over') and the source only an upper "
                                   f"bound ('up to'), which cannot confirm it ({explanation})")
                elif verdict == "differs" and cited.get("qualifier") == "exact" and _truncates(cited.get("value"), claim["value"]):
                    # "$5.5M" for $5.576M: cut, not rounded, to its digits; neither right nor worth calling wrong
                    verdict = NEEDS_REVIEW
                    explanation = (f"needs review: the article cuts the official {plain_number(cited['value'])} to its "
                                   f"digits rather than rounding it ({explanation})")
                elif verdict == "differs" and cited.get("qualifier") == "up_to" and _below(claim["value"], cited.get("value")):
                    # "cuts energy by 10x" against "up to 25x": a figure under the source's ceiling is not contradicted
                    verdict = NEEDS_REVIEW
                    explanation = ("needs review: the source gives only an upper bound ('up to'), which a lower figure "
                                   f"does not contradict ({explanation})")
                undated = (self._undated_versions(r.link.entity_id, claim["value"])
                           if verdict == "differs" and r.link.metric == "release_date" else [])
                if undated:
                    # "Kimi K2 Instruct, released September 5, 2025": the date may be a later version's
                    verdict = NEEDS_REVIEW
                    explanation = (f"needs review: it may be the date of {', '.join(undated)}, whose release the "
                                   f"reference does not hold ({explanation})")
                if verdict in WRONG_CLASS and r.link.holds_only:
                    # "topped the test sets", "90% cheaper": words that can hold but say too little to be wrong
                    verdict = NEEDS_REVIEW
                    explanation = f"needs review: {r.link.holds_only} ({explanation})"
                if verdict != NEEDS_REVIEW:
                    verdict, explanation = self._gate(r.link, verdict, explanation)
                if verdict != NEEDS_REVIEW and when and dated:
                    explanation += f"; judged at {when} ({how})"
                keep = verdict != NEEDS_REVIEW
                r.verdict, r.official, r.ref_ids = verdict, official if keep else "", ref_ids if keep else ""
                r.explanation = (note + "; " if note and keep else "") + explanation

    def _undated_versions(self, entity: str, stated: str) -> list[str]:
        """The later versions of the entity (its family) with no release date in the reference, when the
        stated date comes a month or more after the entity's own (a day off is the entity's date wrong):
        a version is later when every figure the reference holds of it is dated after the entity's release."""
        ref = self.reference[self.reference["status"] == "found"]
        released = ref.loc[(ref["entity_id"] == entity) & (ref["metric"] == "release_date"), "value"]
        if not len(released):
            return []
        own = min(released)
        try:
            gap = (pd.Timestamp(str(stated)[:10]) - pd.Timestamp(own[:10])).days
        except ValueError:
            return []
        if gap < 28:
            return []
        later = []
        for kin in sorted(self.knowledge.family(entity) - {entity}):
            rows = ref[ref["entity_id"] == kin]
            dates = [d for d in rows["refers_to"] if d]
            if len(rows) and not (rows["metric"] == "release_date").any() and dates and min(dates) > own:
                later.append(self.knowledge.name(kin))
        return later

    def _first_cited(self, ref_ids: str) -> dict:
        """The first reference row a verdict cites, as a dict ({} when it cites none); the rows
        indexed by id once per run, not filtered per figure."""
        if self._ref_by_id is None:
            self._ref_by_id = {r["ref_id"]: r for r in self.reference.to_dict("records")}
        ids = split_ids(ref_ids)
        return self._ref_by_id.get(ids[0], {}) if ids else {}

    def _candidates(self, entity: str, metric: str, bench: str = "") -> pd.DataFrame:
        """The entity's reference rows of the metric; for a score, of the benchmark, whatever
        label each source writes it with (the labels blanked: the benchmark is settled here)."""
        key = (entity, metric, bench)
        if key not in self._rows:
            metrics = PRICE_SIDES.get(metric, [metric])
            ref = self.reference
            rows = ref[(ref["entity_id"] == entity) & ref["metric"].isin(metrics)]
            if metric == "price_ratio":  # the list prices of both models (bench: the other one)
                rows = ref[ref["entity_id"].isin([entity, bench]) & ref["metric"].isin(["price_input", "price_output"])]
                rows = rows[_tier_fits(rows, "standard")]
            elif bench == "*":  # an event's dates, whatever each is labelled: the article names none
                rows = rows.assign(label=rows["benchmark"], benchmark="")
            elif bench:
                rows = _same_benchmark(rows, bench)
            self._rows[key] = rows
        return self._rows[key]

    def _family_rows(self, entity: str, metric: str, bench: str = "") -> pd.DataFrame:
        """The same metric for the entity's other versions (its base model, its siblings)."""
        kin = self.knowledge.family(entity) - {entity}
        if not kin:
            return self.reference.iloc[0:0]
        metrics = PRICE_SIDES.get(metric, [metric])
        ref = self.reference
        rows = ref[ref["entity_id"].isin(kin) & ref["metric"].isin(metrics)]
        if bench == "*":
            return rows.assign(label=rows["benchmark"], benchmark="")
        return _same_benchmark(rows, bench) if bench else rows

    def _has_own(self, entity: str, metric: str) -> bool:
        """Whether the entity has official figures of its own for the metric (then another
        version's figure is a misattribution; else a family-level figure may hold for it)."""
        rows = self._candidates(entity, metric)
        return bool(len(rows[rows["status"] == "found"]))

    def _gate(self, link: Link, verdict: str, explanation: str) -> tuple[str, str]:
        """Precision first: a verdict needs a confident link, one of the wrong class more so."""
        need = WRONG_MIN_CONFIDENCE if verdict in WRONG_CLASS else ANY_MIN_CONFIDENCE
        if link.confidence < need:
            return NEEDS_REVIEW, (f"needs review: would be {verdict}, but the entity link is not confident enough "
                                  f"({link.confidence:.2f} < {need:.2f}, entity found in the {link.place or 'text'}): {explanation}")
        return verdict, explanation

    def _match_ledger(self, results: list[Checked]) -> None:
        """A figure that repeats a ledger claim (same entity, metric and value) carries its id and
        curated verdict, as fact-checkers match a new claim to a check already made."""
        index = self._ledger_for(results)
        if not index:
            return
        for r in results:
            k = r.link
            value = _value_key(k.value)
            hit = index.get((k.entity_id, k.metric, k.benchmark.lower(), value)) or index.get((k.entity_id, k.metric, "", value))
            if hit:
                r.ledger_claim = hit

    def _ledger_index(self) -> dict:
        if self._ledger is None:
            self._ledger = {}
            try:
                claims = _strings("claims")
                overrides = _strings("overrides")
            except Exception:  # no ledger here: nothing to match
                return self._ledger
            self._ledger_claims = (claims, overrides)
        return self._ledger

    def _ledger_for(self, results: list[Checked]) -> dict:
        """The ledger index for the claims these results could repeat (judged only those)."""
        index = self._ledger_index()
        claims, overrides = getattr(self, "_ledger_claims", (None, None))
        if claims is None or not len(claims):
            return index
        wanted = {(r.link.entity_id, r.link.metric) for r in results if r.link.entity_id}
        pending = claims[[(e, m) in wanted and (e, m) not in self._ledger_done for e, m in zip(claims["entity_id"], claims["metric"])]]
        self._ledger_done |= wanted
        if len(pending):
            verdicts = compute_verdicts(pending, self.reference, overrides)
            for c, v in zip(pending.to_dict("records"), verdicts["verdict"]):
                value = _value_key(c["value"])
                for bench in (c["benchmark"].lower(), ""):
                    self._ledger.setdefault((c["entity_id"], c["metric"], bench, value), f"{c['claim_id']} ({v})")
        return self._ledger

    def _claim_row(self, link: Link, priced: tuple[list, list] | None = None) -> tuple[dict, str]:
        """A claims-like row for the verdict code, in the official figures' currency (at the
        dated rate) when the prices it is judged against (`priced`: their units and dates, else
        all the entity's) are in no row in the article's currency."""
        row = dict.fromkeys(CLAIM_COLUMNS, "")
        row.update(claim_id="CHECK", entity_id=link.entity_id, metric=link.metric, benchmark=link.benchmark,
                   value=link.value, unit=link.unit, qualifier=link.qualifier, value_low=link.value_low,
                   value_high=link.value_high, kind="core", claim_type="fact", comparator_id=link.comparator)
        notes = list(link.notes)
        if link.metric in PRICE_SIDES or link.metric in ("price_input", "price_output"):
            converted = self._converted_price(link, priced)
            if converted:
                row["value"], row["unit"], row["qualifier"], note = converted
                notes.append(note)
        self._read_binary_thousands(link, row, notes)
        return row, "; ".join(notes)

    def _read_binary_thousands(self, link: Link, row: dict, notes: list[str]) -> None:
        """A token count in binary thousands where the official figure is one: "128K" read as 128 x 1024
        (exactly, or as approximate when the vendor's count is a little under it: "1,024K" for 1,047,576),
        and "128,000 tokens" written out for a vendor's 128K (131,072), compared as approximate."""
        written_out = (link.metric in ("context_length", "max_output_tokens") and not link.binary_k
                       and re.fullmatch(r"\d+000", link.value or "") is not None)
        if not (link.binary_k or written_out):
            return
        official = self._official_values(link)
        thousands = float(link.value) / 1000
        binary = thousands * 1024
        said = f"'{link.mention.text}' read as {thousands:g}" + ("K" if written_out else " x 1024")
        if link.binary_k and any(abs(o - binary) < 0.5 for o in official):
            row["value"] = f"{binary:.0f}"
            notes.append(f"{said} = {binary:.0f} tokens")
            return
        if written_out:
            near = any(abs(o - binary) < 0.5 for o in official)
            decimal = any(abs(o - float(link.value)) < 0.5 for o in official)
        else:
            near = any(abs(o - binary) <= 0.002 * o for o in official)
            decimal = any(abs(o - float(link.value)) <= 0.005 * o for o in official)
        if near and not decimal:
            row["value"], row["qualifier"] = f"{binary:.0f}", "approx"
            notes.append(f"{said} = {binary:.0f} tokens, compared as approximate")

    def _official_values(self, link: Link) -> list[float]:
        values = pd.to_numeric(pd.Series([r["value"] for r in self.knowledge.official(link.entity_id, link.metric)], dtype=object),
                               errors="coerce")
        return values.dropna().tolist()

    def _converted_price(self, link: Link, priced: tuple[list, list] | None = None) -> tuple[str, str, str, str] | None:
        # ¥1 is never compared with $0.14 as if both were one currency: the tier and period in force
        # may have a price in the other currency only
        if priced:
            units, refers = priced
        else:
            rows = self.knowledge.official(link.entity_id, link.metric)
            units, refers = [r["unit"] for r in rows], [r["refers_to"] for r in rows]
        if not units or link.unit in units:
            return None
        target = units[0]
        dates = [d for d in refers if d]
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


def judge_many(jobs: list[tuple[pd.DataFrame, pd.DataFrame]]) -> list[pd.DataFrame]:
    """compute_verdicts for many (claims, reference subset) pairs in one call: each pair's
    entity ids are made its own ("entity\x00n"), so no claim meets another pair's rows."""
    if not jobs:
        return []
    claims, refs = [], []
    for n, (c, ref) in enumerate(jobs):
        tag = "\x00" + str(n)
        theirs = c["comparator_id"].where(c["comparator_id"] == "", c["comparator_id"] + tag)
        claims.append(c.assign(entity_id=c["entity_id"] + tag, comparator_id=theirs, _job=n))
        refs.append(ref.assign(entity_id=ref["entity_id"] + tag))
    every = pd.concat(claims, ignore_index=True)
    reference = pd.concat(refs, ignore_index=True) if refs else None
    verdicts = compute_verdicts(every.drop(columns=["_job"]), reference, all_tiers=True)
    verdicts["explanation"] = verdicts["explanation"].str.replace(r"\x00\d+", "", regex=True)
    return [verdicts[every["_job"].to_numpy() == n].reset_index(drop=True) for n in range(len(jobs))]


# --------------------------------------------------------------------------- dates and tiers

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
_AS_OF = re.compile(r"\b[Aa]s of ([A-Z][a-z]+) (20\d\d)\b|截至\s?(20\d\d)\s?年\s?(\d{1,2})\s?月")
_TITLE_YEAR = re.compile(r"[(（](20\d\d)[)）]")


def dateline(text: str) -> tuple[str, str]:
    """The date an article speaks at, from its own words: a dated label line ("Updated: 2025-09-30",
    回答时间 : 2025-09-30), "as of January 2026" or 截至2026年1月, or a year in brackets in the title."""
    m = DATED_LABEL.search(text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", "the text's dateline"
    head = "\n".join(text.strip().split("\n")[:4])  # a byline stands in the first lines
    m = BYLINE.search(head)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", "the text's byline"
    m = _AS_OF.search(text)
    if m:
        if m.group(1) and m.group(1).lower() in _MONTHS:
            return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}", f"the text's 'as of {m.group(1)} {m.group(2)}'"
        if m.group(3):
            return f"{m.group(3)}-{int(m.group(4)):02d}", "the text's 截至"
    first = text.strip().split("\n", 1)[0]
    m = _TITLE_YEAR.search(first)
    if m:
        return m.group(1), "the year in the title"
    return "", ""


def _two_releases(results: list[Checked]) -> None:
    """"Released on August 19, 2025 and made available via the API on August 21": two release dates
    of one model in one sentence, one of which holds, date two releases (the weights, the API, an
    app); the reference dates one, so the other is not called wrong."""
    by_sentence: dict[tuple, list[Checked]] = {}
    for r in results:
        if r.link.metric == "release_date" and r.verdict:
            by_sentence.setdefault((r.link.entity_id, r.line, r.link.quote), []).append(r)
    for group in by_sentence.values():
        if len({r.link.value for r in group}) < 2 or not any(r.verdict in HOLDS for r in group):
            continue
        for r in group:
            if r.verdict in WRONG_CLASS:
                r.verdict, r.official, r.ref_ids = NEEDS_REVIEW, "", ""
                r.explanation = ("needs review: the sentence gives the model two release dates and the other holds; "
                                 f"this one may date another release, which the reference does not hold ({r.explanation})")


def _each_workload(whole: Checked, parts: list[Checked]) -> None:
    """One multiple said of several workloads the source gives apart ("20-30x training and
    inference"): it holds when it holds for each; when it holds for some and not the others it
    merges figures the source keeps apart (conflated); when it holds for none, it differs."""
    said = list(zip(whole.link.said_of, parts))
    if any(part.verdict == NEEDS_REVIEW for _, part in said):
        label, part = next((label, part) for label, part in said if part.verdict == NEEDS_REVIEW)
        whole.verdict = NEEDS_REVIEW
        whole.explanation = f"{part.explanation} (for {label})"
        return
    held = [(label, part) for label, part in said if part.verdict in HOLDS]
    failed = [(label, part) for label, part in said if part.verdict not in HOLDS]
    if held and failed:
        whole.verdict = "conflated"
    elif failed:
        whole.verdict = "differs"
    else:  # the weakest of the verdicts that hold
        whole.verdict = min((part.verdict for part in parts), key=VERDICT_ORDER.index)
    whole.official = "; ".join(f"{label}: {part.official}" for label, part in said)
    whole.ref_ids = ";".join(dict.fromkeys(i for part in parts for i in split_ids(part.ref_ids)))
    holds = "; ".join(f"{label} ({part.explanation})" for label, part in held)
    fails = "; ".join(f"{label} ({part.explanation})" for label, part in failed)
    whole.explanation = ("one multiple said of workloads the source gives apart: "
                         + (f"holds for {holds}" if holds else "") + ("; " if holds and fails else "")
                         + (f"not for {fails}" if fails else ""))


def _rounds_to(official, stated) -> bool:
    """The official number, rounded to as many significant digits as the stated one, is it
    (131,072 -> 130,000 at two digits)."""
    try:
        digits = significant_digits(str(stated))
        return float(round_to_digits(np.array([float(official)]), np.array([digits]))[0]) == float(stated)
    except (TypeError, ValueError):
        return False


def _truncates(official, stated) -> bool:
    """The stated number is the official one cut (not rounded) to the stated number's significant
    digits: 5.576M -> 5.5M at two digits. Numbers only; a stated 0 never."""
    try:
        exact, said = float(official), float(stated)
    except (TypeError, ValueError):
        return False
    if said <= 0 or exact <= said:
        return False
    step = 10.0 ** (np.floor(np.log10(said)) - significant_digits(str(stated)) + 1)
    return bool(np.isclose(np.floor(exact / step + 1e-9) * step, said))


def _below(stated, official) -> bool:
    """The stated number is under the official one (both numbers)."""
    try:
        return float(stated) < float(official)
    except (TypeError, ValueError):
        return False


def _in_period(rows: pd.DataFrame, when: str) -> pd.Series:
    """Rows whose period (valid_from..valid_to, both inclusive, open where empty) overlaps the date."""
    lo, hi = date_span(when)
    starts = rows["valid_from"].map(lambda d: date_span(d)[0] if d else dt.date.min)
    ends = rows["valid_to"].map(lambda d: date_span(d)[1] if d else dt.date.max)
    return (starts <= hi) & (ends >= lo)


def _row_in_period(row, when: str) -> bool:
    """_in_period for one row (a dict or Series), without building a frame for it."""
    lo, hi = date_span(when)
    start = date_span(row["valid_from"])[0] if row["valid_from"] else dt.date.min
    end = date_span(row["valid_to"])[1] if row["valid_to"] else dt.date.max
    return start <= hi and end >= lo


def _same_benchmark(rows: pd.DataFrame, bench: str) -> pd.DataFrame:
    """Rows of one benchmark (labels_of_benchmark), their labels blanked for the comparison."""
    named = set(labels_of_benchmark(rows["benchmark"].unique(), bench))
    same = rows[rows["benchmark"].isin(named)]
    return same.assign(label=same["benchmark"], benchmark="")


def _tier_fits(rows: pd.DataFrame, tier: str) -> pd.Series:
    """Rows of the tier the article names. Extended thinking includes a high-compute run made
    with a thinking budget (parallel samples of extended thinking); standard is the list price."""
    if tier == "standard":
        return rows["tier"].isin(["standard", ""])
    if tier in ("extended_thinking", "thinking"):
        label = rows["label"] if "label" in rows else rows["benchmark"]
        thinking_run = (rows["tier"] == "high_compute") & label.str.contains(r"(?<!no )(?<!no extended )thinking", case=False, regex=True)
        return rows["tier"].isin(["extended_thinking", "thinking"]) | thinking_run
    return rows["tier"] == tier


def _value_key(value) -> object:
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return value


TIER_WORDS = {"cache_hit": "cache-hit", "off_peak": "off-peak", "promotional": "promotional", "batch": "batch",
              "long_context": "long-context", "thinking": "thinking", "non_thinking": "non-thinking",
              "extended_thinking": "extended-thinking", "high_compute": "high-compute", "cache_write": "cache-write",
              "priority": "priority", "flex": "flex"}


# total and active parameters: a figure of one that is the official other is misattributed
PARAMS_SWAP = {"params_active": "params_total", "params_total": "params_active"}


def _whose(ref: pd.Series, claim: dict, link: Link, when: str, entities: pd.DataFrame) -> str:
    """Whose figure it is, in a sentence: "it is the official cache-hit input price, not the list
    price"; "it was the official input price from 20 Jan 2025 to 27 May 2025, not in force in Jan
    2026"; "it is DeepSeek-V3.2-Exp's input price, not DeepSeek-V3.1's"."""
    thing = {"price_input": "input price", "price_output": "output price", "benchmark_score": "score"}.get(
        ref["metric"], ref["metric"].replace("_", " "))
    names = dict(zip(entities["entity_id"], entities["name"]))
    if isinstance(ref.get("said_metric"), str) and ref["said_metric"]:
        kinds = {"params_total": "total", "params_active": "active"}
        return (f"it is the official {kinds[ref['said_metric']]} parameter count, "
                f"not the {kinds[claim['metric']]} one the article names")
    if ref["metric"] == "event_date" and ref.get("label") and link.benchmark and ref["label"] != link.benchmark:
        name = names.get(ref["entity_id"], ref["entity_id"])
        return f"it is the date of {name}'s {ref['label']}, not of its {link.benchmark}"
    if ref["entity_id"] != claim["entity_id"]:
        return (f"it is {names.get(ref['entity_id'], ref['entity_id'])}'s {thing}, "
                f"not {names.get(claim['entity_id'], claim['entity_id'])}'s")
    tier = TIER_WORDS.get(ref["tier"], "")
    said = TIER_WORDS.get(link.tier, "") if link.tier_said else ""
    in_force = not when or _row_in_period(ref, when)
    if (ref["valid_from"] or ref["valid_to"]) and not in_force:  # the period is what sets it apart
        since = f"from {format_date(ref['valid_from'])} " if ref["valid_from"] else ""
        until = f"to {format_date(ref['valid_to'])}" if ref["valid_to"] else "on"
        tense = "was" if ref["valid_to"] else "is"
        on = "on" if len(when) == 10 else "in"  # on 10 Apr 2026, in Apr 2026
        at = f", no longer in force {on} {format_date(when)}" if when and ref["valid_to"] else ""
        return f"it {tense} the official {tier + ' ' if tier else ''}{thing} {since}{until}{at}"
    if said:
        instead = f"the {said} one"
    else:  # nothing said, or "standard" said: the list price, the standard setting
        instead = "the list price" if ref["metric"].startswith("price") else "the standard-setting one"
    return f"it is the official {tier + ' ' if tier else ''}{thing}, not {instead} the article's words point to"


# --------------------------------------------------------------------------- output

def write_csv(results: list[Checked], out) -> None:
    """Write the figures to `out` as CSV with the OUTPUT_COLUMNS header."""
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
        if r.hidden:
            note = f"no figure: {r.hidden}"
        row["notes"] = f"{note}; confidence {k.confidence:.2f}"[:500]
        rows.append(row)
    return rows


def cmd_check(args: argparse.Namespace) -> int:
    """`check PATH...`: print the draft fact-check as CSV (or as ledger rows), and the page with --html;
    1 when a file cannot be read, 2 for a malformed --date."""
    texts = []
    for name in args.paths:
        try:
            texts.append((name, read_article_text(Path(name))))
        except ArticleError as err:
            print(f"check: {err}", file=sys.stderr)
            return 1
    date = getattr(args, "date", "") or ""
    if date and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", date):
        print(f"check: --date {date!r}: give the date as YYYY, YYYY-MM or YYYY-MM-DD", file=sys.stderr)
        return 2
    checker = Checker()
    results = []
    for name, text in texts:
        results += checker.check(text, name, this_year=args.year, date=date)
    shown_all = getattr(args, "all", False)
    hidden = sum(1 for r in results if r.hidden)
    if not shown_all:
        results = [r for r in results if not r.hidden]
    buffer = io.StringIO()
    if args.ledger_rows:
        writer = csv.DictWriter(buffer, fieldnames=CLAIM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(ledger_rows(results))
    else:
        write_csv(results, buffer)
    sys.stdout.write(buffer.getvalue())
    if hidden and not shown_all:
        print(f"check: {hidden} mention(s) that are no figures left out (--all lists them with the reason)", file=sys.stderr)
    if args.html:
        from aifigures.tools.check_page import write_page

        write_page(Path(args.html), results, [name for name, _ in texts])
        print(f"check: wrote {args.html}", file=sys.stderr)
    return 0
