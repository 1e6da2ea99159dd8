"""Tables the notebooks show: each function loads what it needs and returns a DataFrame.

Notebooks call these and display the result; no figure is typed into a notebook.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pandas as pd

from aifigures.data import tables
from aifigures.data.currency import MissingRate, to_usd
from aifigures.data.display import date_at_precision as format_date
from aifigures.data.display import display_value, share, usd_converted
from aifigures.data.ledger import load as judged_ledger
from aifigures.data.tables import split_ids
from aifigures.views.markup import Html, badge, claim_link, external_link, fragment, linked_text, quote_block, ref_links, text
from aifigures.views.verdict_style import VERDICT_ORDER


@cache
def _table(name: str) -> pd.DataFrame:
    return tables.load(name)


class _Tables(dict):
    """Tables loaded on first use, so a notebook reads only the files it needs
    (tests/views/test_notebooks.py checks that against what the notebook declares)."""

    def __missing__(self, name: str) -> pd.DataFrame:
        frame = _table(name).copy()
        self[name] = frame
        return frame


def load_all() -> dict[str, pd.DataFrame]:
    """Every table, typed, loaded when first used (copies, so callers may change them)."""
    return _Tables()


def ledger() -> pd.DataFrame:
    """Claims with article, entity names, metric group and verdicts: the judged ledger the data
    step saved (data/ledger.py), a copy."""
    return judged_ledger()


def articles_table() -> pd.DataFrame:
    """The articles as a reader needs them: title and outlet, date and how it is known, language."""
    t = load_all()
    arts = t["articles"]
    counts = t["claims"].groupby("article_id").size()
    precision = {"day": "", "month": " (month given)", "inferred": " (inferred)"}
    language = [("English, machine-translated from Chinese" if mt else {"en": "English", "zh-Hant": "Chinese (traditional)",
                 "zh-Hans": "Chinese (simplified)"}.get(lang, lang))
                for lang, mt in zip(arts["language"], arts["machine_translated"].astype(str).str.lower().eq("true"))]
    return pd.DataFrame({
        "article": arts["article_id"],
        "title and outlet": [Html(fragment("span", "title", ti).markup + fragment("span", "about", o).markup)
                             for ti, o in zip(arts["title"], arts["outlet"])],
        "published": [f"{format_date(d)}{precision.get(p, '')}" for d, p in zip(arts["published_date"], arts["date_precision"])],
        "language": language,
        "figures": [int(counts.get(a, 0)) for a in arts["article_id"]],
    })


def report_reference() -> pd.DataFrame:
    """The reference rows the report rests on: about the entities its articles' claims name (as
    subject or comparator), at the list price or default setting (tier standard), and every row a
    verdict cites. The rest of reference.csv is check's base for other articles (docs/check.md)."""
    t = load_all()
    ref, claims = t["reference"], t["claims"]
    named = (set(claims["entity_id"].dropna()) | set(claims["comparator_id"].dropna())) - {""}
    comparator = ref["comparator_id"].fillna("")
    tier = ref["tier"].fillna("standard") if "tier" in ref else pd.Series("standard", index=ref.index)
    inside = ref["entity_id"].isin(named) & ((comparator == "") | comparator.isin(named)) & tier.isin(["standard", ""])
    led = ledger()
    # every row a verdict cites, by its ref_ids or in its explanation ("the sources found (R218)...")
    cited = {i for ids in led["ref_ids"] for i in split_ids(ids)}
    cited |= {i for text_ in led["explanation"].fillna("") for i in re.findall(r"\bR\d{3,4}\b", str(text_))}
    return ref[inside | ref["ref_id"].isin(cited)]


def sources_table() -> pd.DataFrame:
    """Every reference row the report rests on (report_reference), anchored by its id: the source
    as a link, what it gives, when it was published and read, where in it, and whether it was read
    first-hand or in a secondary copy."""
    t = load_all()
    ref = report_reference()
    names = t["entities"].set_index("entity_id")["name"]
    copy = {"first_hand": "first-hand", "secondary": "secondary copy", "none": "—"}
    records = ref.to_dict("records")
    what = []
    for r in records:
        about = " · ".join(x for x in (names.get(r["entity_id"], r["entity_id"]), str(r["metric"]).replace("_", " "),
                                       r["benchmark"] or "") if x)
        value = display_value(r) if r["status"] == "found" else "not found"
        what.append(Html(fragment("span", "about", about).markup + text(value)))
    table = pd.DataFrame({
        "anchor": ref["ref_id"],
        "id": ref["ref_id"],
        "source": [Html(external_link(r["url"], r["source_title"] or "(no source found)").markup
                        + fragment("span", "about", Html(f'{text(r["publisher"])}; {text(copy.get(r["access"], r["access"]))}')).markup)
                   for r in records],
        "gives": what,
        "dates": [Html(" ".join(fragment("span", "about", f"{label} {format_date(d)}").markup for label, d in
                                (("published", p), ("read", a)) if isinstance(d, str) and d))
                  for p, a in zip(ref["date_published"], ref["date_accessed"])],
        "where in it": ref["locator"],
    })
    table.attrs["print_version"] = sources_in_print(ref)  # print shows this list in the table's place
    return table


def sources_in_print(ref: pd.DataFrame) -> Html:
    """The sources for print: one entry per document (title, publisher, how it was read, dates,
    link), then the ids of the rows taken from it. Each row's place in the document is in the
    screen table; printed row by row, 380 rows took 24 pages."""
    copy = {"first_hand": "first-hand", "secondary": "secondary copy", "none": "not found"}
    items = []
    for (title, url), rows in ref.groupby(["source_title", "url"], sort=False):
        r = rows.iloc[0]
        dates = "; ".join(f"{label} {format_date(d)}" for label, d in (("published", r["date_published"]), ("read", r["date_accessed"]))
                          if isinstance(d, str) and d)
        head = external_link(url, title) if title and url else title or "(no source found)"
        about = "; ".join(x for x in (str(r["publisher"] or ""), copy.get(r["access"], r["access"]), dates) if x)
        items.append(fragment("print_source", head, about, " ".join(rows["ref_id"])))
    return fragment("print_sources", items)


def figures_by_group() -> pd.DataFrame:
    """Ledger rows per metric group and article, with the total; the largest group first."""
    led = ledger()
    table = pd.crosstab(led["group"], led["article_id"])
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False)


def _about(row) -> str:
    """What a claim is about, in words: entity, then metric (and benchmark or comparator)."""
    metric = str(row["metric"]).replace("_", " ")
    extra = row.get("benchmark") or ""
    if row.get("comparator"):
        extra = (extra + " " if extra else "") + "vs " + row["comparator"]
    return " · ".join(p for p in (row.get("entity") or "", metric, extra) if p)


def official_summary(row, reference: pd.DataFrame, limit: int = 3) -> str:
    """What the primary sources say about a claim, readable: each figure with what it is about
    where the claim has several sides (the model or its rival, input or output, a benchmark)."""
    ids = split_ids(row["ref_ids"])
    found = [reference.loc[i] for i in ids if i in reference.index and reference.at[i, "status"] == "found"]
    names = _entity_names()
    parts = []
    # figures only: a source's comparison in words is said by the explanation, not re-spelled here
    found = [r for r in found if str(r["value"]).strip() not in ("", "nan")]
    for r in found[:limit]:
        value = display_value(r)
        if not value:
            continue
        about = []
        if len(found) > 1 and row.get("comparator_id"):
            about.append(names.get(r["entity_id"], r["entity_id"]))
        if len(found) > 1 and isinstance(r["benchmark"], str) and r["benchmark"] and r["benchmark"] != row.get("benchmark"):
            # the label without its parenthetical detail (the sources section has it whole)
            about.append(re.sub(r"\s*\([^()]*\)", "", r["benchmark"]).strip() or r["benchmark"])
        parts.append(" ".join([*about, value]))
    return "; ".join(parts) + (f"; and {len(found) - limit} more" if len(found) > limit else "")


@lru_cache(maxsize=1)
def _entity_names() -> dict[str, str]:
    return dict(zip(_table("entities")["entity_id"], _table("entities")["name"]))


def _source_cell(row, reference: pd.DataFrame, explain: bool) -> Html:
    """What the source says: its figure, readable; the reference rows as links; why, folded."""
    ids = split_ids(row["ref_ids"])
    shown = official_summary(row, reference)
    parts = [fragment("span", "official", shown) if shown else ""]
    if ids:
        parts.append(fragment("span", "refs", ref_links(";".join(ids))))
    if explain and isinstance(row["explanation"], str) and row["explanation"]:
        parts.append(fragment("fold", "why", "why", linked_text(row["explanation"])))
    return Html(" ".join(str(p) for p in parts if p))


def ledger_table() -> pd.DataFrame:
    """The full ledger as a reader scans it: one row per claim, anchored by its id, with the
    article's words (and their English gloss), the figure, the verdict and what the source says."""
    led = ledger()
    reference = load_all()["reference"].set_index("ref_id")
    gloss = led["quote_en"] if "quote_en" in led else pd.Series("", index=led.index)
    return pd.DataFrame({
        "article": led["article_id"],
        "anchor": led["claim_id"],
        "claim": [Html(claim_link(c).markup + fragment("span", "about", _about(r)).markup)
                  for c, r in zip(led["claim_id"], led.to_dict("records"))],
        "the article's words": [quote_block(q, g, lang) for q, g, lang in zip(led["quote"], gloss.fillna(""), led["language"].fillna(""))],
        "figure": [display_value(r) for r in led.to_dict("records")],
        "verdict": [badge(v, o) for v, o in zip(led["verdict"], led["overridden"])],
        "the source says": [_source_cell(r, reference, explain=True) for r in led.to_dict("records")],
    })


def article_titles() -> dict[str, str]:
    """Each article's heading: its title, with outlet and date of publication."""
    arts = load_all()["articles"]
    return dict(zip(arts["article_id"], arts["title"] + " (" + arts["outlet"] + ", " + arts["published_date"] + ")"))


def _official(metric: str) -> pd.DataFrame:
    t = load_all()
    ref = report_reference()
    ref = ref[(ref["metric"] == metric) & (ref["status"] == "found")].copy()
    ref["entity"] = ref["entity_id"].map(t["entities"].set_index("entity_id")["name"])
    return ref


def moe_sizes() -> pd.DataFrame:
    """Total and active parameters of the MoE models: as the articles state them and officially."""
    led = ledger()
    stated = led[led["metric"].isin(["params_total", "params_active"]) & (led["qualifier"] != "approx")]
    rows = []
    for entity_id in sorted(set(stated["entity_id"]) | set(_official("params_total")["entity_id"])):
        row = {"entity_id": entity_id}
        for metric in ("params_total", "params_active"):
            s = stated[(stated["entity_id"] == entity_id) & (stated["metric"] == metric)]
            o = _official(metric)
            o = o[(o["entity_id"] == entity_id) & (o["comparator_id"].isna() | (o["comparator_id"] == ""))]
            row[f"{metric}_article"] = pd.to_numeric(s["value"]).iloc[0] if len(s) else None
            row[f"{metric}_official"] = pd.to_numeric(o["value"]).iloc[0] if len(o) else None
            row[f"{metric}_source"] = o["source_title"].iloc[0] if len(o) else ""
        rows.append(row)
    sizes = pd.DataFrame(rows)
    sizes = sizes[sizes["params_total_official"].notna() | sizes["params_total_article"].notna()]
    # a mixture of experts has a count of active parameters; a dense model (GLM-130B, cited
    # only as a size to compare with) is not one
    sizes = sizes[sizes["params_active_official"].notna() | sizes["params_active_article"].notna()]
    names = load_all()["entities"].set_index("entity_id")["name"]
    sizes.insert(1, "model", sizes["entity_id"].map(names))
    sizes["activation_ratio"] = sizes["params_active_official"] / sizes["params_total_official"]
    sizes["cited_by_articles"] = sizes["params_total_article"].notna() | sizes["params_active_article"].notna()
    return sizes.reset_index(drop=True)


def prices() -> pd.DataFrame:
    """Official prices per million tokens, native currency and USD at the rate of the price's date."""
    t = load_all()
    fx = t["fx_rates"]
    ref = report_reference()
    ref = ref[ref["metric"].isin(["price_input", "price_output"]) & (ref["status"] == "found")].copy()
    ref["value"] = pd.to_numeric(ref["value"])
    # keep the list price (the highest input price: cache miss) of each entity, side and currency
    ref = ref.sort_values("value").groupby(["entity_id", "metric", "unit"], as_index=False).last()
    usd, rate_dates = [], []
    for row in ref.itertuples():
        try:
            value, when = to_usd(fx, row.value, row.unit, row.refers_to or "")
        except MissingRate:
            value, when = (row.value, "") if row.unit.startswith("USD") else (None, "no rate")
        usd.append(value)
        rate_dates.append(when if row.unit.startswith("CNY") else "")
    ref["usd_per_mtok"] = usd
    ref["fx_date"] = rate_dates
    names = t["entities"].set_index("entity_id")["name"]
    ref["model"] = ref["entity_id"].map(names)
    ref["side"] = ref["metric"].str.replace("price_", "")
    out = ref[["model", "entity_id", "side", "value", "unit", "refers_to", "fx_date", "usd_per_mtok", "access", "source_title", "ref_id"]]
    return out.sort_values(["model", "side", "unit"]).reset_index(drop=True)


def blended_prices() -> pd.DataFrame:
    """USD per million tokens, input, output and the 3:1 input:output blend, one row per model."""
    p = prices()
    # a vendor's own USD price where it has one, else its CNY price at the rate of its date
    p = p[p["usd_per_mtok"].notna()].assign(native_usd=lambda d: d["unit"] == "USD/Mtok")
    p = p.sort_values("native_usd").groupby(["model", "side"], as_index=False).last()
    wide = p.pivot_table(index="model", columns="side", values="usd_per_mtok", aggfunc="first")
    wide["blended_3_to_1"] = (3 * wide["input"] + wide["output"]) / 4
    access = p.groupby("model")["access"].agg(lambda a: "first_hand" if (a == "first_hand").all() else "secondary")
    wide["access"] = access
    return wide.sort_values("blended_3_to_1").reset_index()


def cited_prices() -> pd.DataFrame:
    """Prices the articles state, converted to USD at the rate of the date they refer to."""
    t = load_all()
    led = ledger()
    rows = led[led["metric"].isin(["api_price", "price_input", "price_output"]) & led["value"].notna() & (led["value"] != "")].copy()
    rows["value"] = pd.to_numeric(rows["value"])
    usd = []
    for r in rows.itertuples():
        try:
            usd.append(to_usd(t["fx_rates"], r.value, r.unit, r.refers_to or "")[0])
        except MissingRate:
            usd.append(None)
    rows["usd_per_mtok"] = usd
    rows["model"] = rows["entity"]
    return rows[["claim_id", "model", "metric", "value", "unit", "refers_to", "usd_per_mtok", "verdict"]].reset_index(drop=True)


def claims_in(group: str) -> pd.DataFrame:
    """Ledger rows of one metric group as a compact table; each claim links to its ledger row."""
    led = ledger()
    rows = led[led["group"] == group]
    reference = load_all()["reference"].set_index("ref_id")
    gloss = rows["quote_en"] if "quote_en" in rows else pd.Series("", index=rows.index)
    records = rows.to_dict("records")
    table = pd.DataFrame({
        "claim": [claim_link(c) for c in rows["claim_id"]],
        "about": [_about(r) for r in records],
        "the article's words": [quote_block(q, g, lang) for q, g, lang in zip(rows["quote"], gloss.fillna(""), rows["language"].fillna(""))],
        "figure": [display_value(r) for r in records],
        "verdict": [badge(v, o) for v, o in zip(rows["verdict"], rows["overridden"])],
        "the source says": [_source_cell(r, reference, explain=False) for r in records],
    })
    # printed once, in the ledger (section 1): print shows this note in the table's place
    table.attrs["css"] = "section-claims"
    table.attrs["print_note"] = (f"The {len(table)} claims of this section are printed once, in the ledger "
                                 f"(section 1): {', '.join(rows['claim_id'])}.")
    return table


def benchmark_scores() -> pd.DataFrame:
    """The official benchmark scores, one row each, with the pair of models compared ('own results'
    where no rival's score is beside it), sorted by pair, benchmark and model."""
    t = load_all()
    ref = _official("benchmark_score")
    ref["value"] = pd.to_numeric(ref["value"])
    names = t["entities"].set_index("entity_id")["name"]
    ref["comparator"] = ref["comparator_id"].map(names)
    # a score with no rival's beside it (GPT-5's own results) is a comparison of one
    ref["pair"] = [" vs ".join(sorted([a, b])) if b else f"{a} (own results)" for a, b in zip(ref["entity"], ref["comparator"].fillna(""))]
    columns = ["pair", "entity", "comparator", "benchmark", "value", "source_title", "access", "ref_id"]
    return ref[columns].sort_values(["pair", "benchmark", "entity"]).reset_index(drop=True)


def hardware_multipliers() -> pd.DataFrame:
    """Each multiplier an article states, followed by the vendor's figures its verdict rests on
    (with the vendor's qualifier, "up to"), so the chart sets each claim beside its source. A
    power ratio for the same job (NVIDIA's 4 MW against 15 MW) is drawn as the multiple it is."""
    led = ledger()
    reference = load_all()["reference"].set_index("ref_id")
    rows = []
    for r in led[led["metric"] == "hardware_multiplier"].itertuples():
        low = r.value_low if pd.notna(r.value_low) and r.value_low != "" else r.value
        high = r.value_high if pd.notna(r.value_high) and r.value_high != "" else r.value
        rows.append({"claim_id": r.claim_id, "who": "article " + r.article_id, "what": r.benchmark or r.unit_stated,
                     "low": float(low), "high": float(high), "qualifier": "", "verdict": r.verdict})
        for ref_id in split_ids(r.ref_ids):
            if ref_id not in reference.index or reference.at[ref_id, "status"] != "found":
                continue
            row = reference.loc[ref_id]
            if row["metric"] == "hardware_multiplier":
                value = float(row["value"])
            elif row["metric"] == "power_ratio" and float(row["value"]) > 0:
                value = round(1 / float(row["value"]), 2)
            else:
                continue
            rows.append({"claim_id": r.claim_id, "who": "NVIDIA", "what": row["benchmark"], "low": value, "high": value,
                         "qualifier": {"up_to": "up to", "approx": "about", "over": "over"}.get(row["qualifier"], ""), "verdict": ""})
    return pd.DataFrame(rows, columns=["claim_id", "who", "what", "low", "high", "qualifier", "verdict"])


def timeline() -> pd.DataFrame:
    """Dated releases and events: the date an article gives and the official date, plus article dates."""
    led = ledger()
    dated = led[led["unit"] == "date"].copy()
    dated["official_date"] = dated["official"].where(dated["official"].str.match(r"^\d{4}"), "")
    dated = dated[["claim_id", "article_id", "entity", "metric", "benchmark", "value", "official_date", "verdict", "kind"]]
    arts = load_all()["articles"]
    pubs = pd.DataFrame({"claim_id": "", "article_id": arts["article_id"], "entity": "article " + arts["article_id"],
                         "metric": "published", "benchmark": arts["date_precision"], "value": arts["published_date"],
                         "official_date": "", "verdict": "", "kind": "article"})
    out = pd.concat([dated, pubs], ignore_index=True)
    out["when"] = pd.to_datetime(out["official_date"].where(out["official_date"] != "", out["value"]).map(_mid_period), errors="coerce")
    return out.sort_values("when").reset_index(drop=True)


def _mid_period(value: str) -> str:
    """A partial date placed in the middle of its period for plotting (Epoch AI: day unknown -> 15th)."""
    value = str(value)
    if len(value) == 4:
        return value + "-07-01"
    if len(value) == 7:
        return value + "-15"
    return value


def outlet_names() -> dict[str, str]:
    """Each article's outlet in a few words, for chart labels: the name before any note in
    brackets, or, where the outlet is unknown, what kind of page it is ("blog")."""
    names, articles = {}, load_all()["articles"]
    for article_id, outlet in zip(articles["article_id"], articles["outlet"]):
        outlet = str(outlet)
        head, _, note = outlet.partition(" (")
        if head.strip().lower() == "unknown":
            kind = re.sub(r"^(an?|the) ", "", note.split(";")[0].rstrip(")").strip())
            names[article_id] = kind or "outlet unknown"
        else:
            names[article_id] = head.strip()
    return names


def verdict_counts() -> pd.DataFrame:
    """Ledger rows per article (rows) and verdict (columns)."""
    led = ledger()
    return pd.crosstab(led["article_id"], led["verdict"])


def verdict_counts_table() -> pd.DataFrame:
    """Verdicts per article as a reader scans them: one row per verdict, most serious first, one
    column per article and the total (nine verdict columns were wider than a tablet)."""
    counts = verdict_counts().T
    order = [v for v in VERDICT_ORDER if v in counts.index]
    counts = counts.reindex(order)
    counts["total"] = counts.sum(axis=1)
    counts.insert(0, "verdict", [badge(v) for v in order])
    return counts.reset_index(drop=True).rename_axis(columns=None)


class SourceLine(str):
    """A chart's source line, which also knows the reference rows behind it (`ref_ids`), so the
    report can link them under the chart while the image carries the sentence."""

    ref_ids: tuple[str, ...] = ()

    def __add__(self, more: str) -> SourceLine:  # "...; CNY at Federal Reserve H.10 rates"
        line = SourceLine(str(self) + more)
        line.ref_ids = self.ref_ids
        return line


def _has_cjk(value: str) -> bool:
    return any(ord(ch) > 0x2E80 for ch in str(value))


def source_line(*ref_frames: pd.DataFrame, articles: list[str] | None = None) -> SourceLine:
    """'Articles A000, A001; DeepSeek-V3 README (GitHub); ...' from the rows a chart uses."""
    t = load_all()
    parts = []
    ids = articles if articles is not None else list(t["articles"]["article_id"])
    if ids:
        parts.append("articles " + ", ".join(ids) + " (data/articles.csv)")
    titles: list[str] = []
    ref_ids: list[str] = []
    publishers = t["reference"].set_index("source_title")["publisher"].to_dict()
    for frame in ref_frames:
        if "ref_id" in frame:
            ref_ids.extend(i for i in frame["ref_id"].dropna() if i not in ref_ids)
        if "source_title" in frame:
            for title in frame["source_title"].dropna():
                # chart fonts carry no CJK glyphs: name a Chinese-titled source by its publisher
                if title and _has_cjk(title):
                    publisher = publishers.get(title) or ""
                    title = f"{publisher if publisher and not _has_cjk(publisher) else 'a Chinese-language source'} (see data/reference.csv)"
                if title and title not in titles:
                    titles.append(title)
    if titles:
        parts.append("; ".join(titles[:6]) + (f"; and {len(titles) - 6} more (data/reference.csv)" if len(titles) > 6 else ""))
    line = SourceLine("; ".join(parts))
    shown = set(report_reference()["ref_id"])  # only rows the sources section anchors
    line.ref_ids = tuple(i for i in ref_ids if i in shown)
    return line


def verdict_summary() -> pd.DataFrame:
    """Each verdict with its count and a link to every claim that has it."""
    led = ledger()
    rows = []
    for verdict in [v for v in VERDICT_ORDER if v in set(led["verdict"])]:
        ids = led.loc[led["verdict"] == verdict, "claim_id"].sort_values()
        rows.append({"verdict": badge(verdict), "figures": len(ids), "claims": Html(" ".join(str(claim_link(i)) for i in ids))})
    return pd.DataFrame(rows)


def rules_table() -> pd.DataFrame:
    """The verdict rules as written in rules.yml: each verdict's badge and its rule."""
    from aifigures.data.verdicts import load_rules

    rules = load_rules()
    return pd.DataFrame({"verdict": [badge(v) for v in rules["verdicts"]], "rule": list(rules["verdicts"].values())})


def tidy_downloads() -> dict[str, bytes]:
    """The data behind the report as tidy CSV: the ledger with verdicts, and the reference."""
    led = ledger()
    cols = ["claim_id", "article_id", "quote", "figure_text", "entity_id", "entity", "metric", "benchmark", "comparator_id",
            "direction", "value", "unit", "qualifier", "value_low", "value_high", "refers_to", "kind", "claim_type",
            "verdict", "computed_verdict", "overridden", "official", "relative_difference", "explanation", "ref_ids"]
    ledger_csv = led[cols].to_csv(index=False, lineterminator="\n").encode("utf-8")
    reference_csv = (tables.table_path("reference")).read_bytes()
    return {"aifigures-ledger.csv": ledger_csv, "aifigures-reference.csv": reference_csv}


# Display versions of the tables above: every value readable, every source a link.

COPY = {"first_hand": "first-hand", "secondary": "secondary copy", "none": "—"}


def _usd(value) -> str:
    """A USD price computed from another currency: to the cent (the formatter's rule)."""
    return f"{usd_converted(value)} per M tokens" if pd.notna(value) else ""


def moe_sizes_table() -> pd.DataFrame:
    """moe_sizes for display: each parameter count readable, the active share as a percentage."""
    sizes = moe_sizes()
    params = lambda v: display_value({"value": v, "unit": "parameters"}) if pd.notna(v) else ""  # noqa: E731
    return pd.DataFrame({
        "model": sizes["model"],
        "total, article": sizes["params_total_article"].map(params),
        "total, official": sizes["params_total_official"].map(params),
        "active, article": sizes["params_active_article"].map(params),
        "active, official": sizes["params_active_official"].map(params),
        "active share": sizes["activation_ratio"].map(lambda v: share(v, digits=2) if pd.notna(v) else ""),
    })


def prices_table() -> pd.DataFrame:
    """prices for display: each price as given and in USD, the rate's date, the copy read, the source's link."""
    p = prices()
    return pd.DataFrame({
        "model": p["model"],
        "side": p["side"],
        "official price": [display_value({**r, "usd_per_mtok": None}) for r in p.to_dict("records")],
        "in USD": p["usd_per_mtok"].map(_usd),
        "rate of": [format_date(d) if d and d != "no rate" else d for d in p["fx_date"]],
        "copy": p["access"].map(COPY).fillna(p["access"]),
        "source": p["ref_id"].map(ref_links),
    })


def blended_table() -> pd.DataFrame:
    """blended_prices for display: USD per million tokens, input, output and the 3:1 blend."""
    b = blended_prices()
    return pd.DataFrame({
        "model": b["model"], "input": b["input"].map(_usd), "output": b["output"].map(_usd),
        "3:1 blend": b["blended_3_to_1"].map(_usd), "copy": b["access"].map(COPY).fillna(b["access"]),
    })


def benchmark_table() -> pd.DataFrame:
    """One row per comparison and benchmark: both models' scores side by side, and the rows
    they come from (a score two sources give alike is shown once)."""
    s = benchmark_scores()
    rows = []
    for (pair, benchmark), group in s.groupby(["pair", "benchmark"], sort=False):
        scores = []
        for entity, mine in group.groupby("entity", sort=False):
            values = " / ".join(dict.fromkeys(f"{v:g}" for v in mine["value"]))
            scores.append(f"{entity} {values}")
        rows.append({"comparison": pair, "benchmark": benchmark, "scores": " · ".join(scores),
                     "source": ref_links(";".join(dict.fromkeys(group["ref_id"])))})
    return pd.DataFrame(rows, columns=["comparison", "benchmark", "scores", "source"])


def timeline_table() -> pd.DataFrame:
    """The timeline for display (article dates left out): what is dated, both dates, verdict and claim."""
    events = timeline()
    events = events[events["kind"] != "article"]
    return pd.DataFrame({
        "what": [f"{e} · {m.replace('_', ' ')}" + (f" · {b}" if b else "") for e, m, b in
                 zip(events["entity"].fillna(""), events["metric"], events["benchmark"].fillna(""))],
        "the article says": events["value"].map(format_date),
        "official date": events["official_date"].map(format_date),
        "verdict": [badge(v) for v in events["verdict"]],
        "claim": events["claim_id"].map(claim_link),
    })
