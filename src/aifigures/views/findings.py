"""What the fact-check found, for the top of the report: the counts in a sentence, one card
per figure the sources contradict or only partly support, and the core figures no primary
source confirms. Every number in these sentences is counted from the ledger here."""

from __future__ import annotations

import math

import pandas as pd

from aifigures.data.display import display_value
from aifigures.data.tables import split_ids
from aifigures.data.verdicts import at_sentence_end
from aifigures.views import report_tables
from aifigures.views.markup import (
    Html,
    badge,
    claim_link,
    external_link,
    fragment,
    join,
    linked_text,
    quote_block,
    ref_links,
    render_template,
)
from aifigures.views.verdict_style import CONTRADICTED, VERDICT_ORDER, verdict_label

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _count(n: int, singular: str, plural: str | None = None) -> str:
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{word} {singular if n == 1 else (plural or singular + 's')}"


def verdict_totals() -> pd.DataFrame:
    """How many figures got each verdict, most serious first."""
    counts = report_tables.ledger()["verdict"].value_counts()
    order = [v for v in VERDICT_ORDER if v in counts.index]
    return pd.DataFrame({"verdict": order, "label": [verdict_label(v) for v in order],
                         "figures": [int(counts[v]) for v in order]})


def _rests_on(led: pd.DataFrame) -> pd.Series:
    """For each judged row, what its verdict rests on: "first_hand" when any source it cites was
    read first-hand, "secondary" when it cites only secondary copies, "" when it cites none."""
    access = _reference()["access"]

    def kind(ids) -> str:
        found = [access.get(i, "") for i in split_ids(ids)]
        return "first_hand" if "first_hand" in found else ("secondary" if "secondary" in found else "")
    return led["ref_ids"].map(kind)


def _is_comparison(row) -> bool:
    return not row.get("figure_text") or bool(row.get("direction"))


def headline() -> Html:
    """What was found, in three to five sentences counted from the ledger: how much was checked,
    what the checked verdicts rest on, what holds (exact figures, dates at the precision given,
    comparisons in words), what the sources contradict, and what nobody could trace."""
    led = report_tables.ledger()
    totals = dict(zip(*verdict_totals()[["verdict", "figures"]].T.values))
    articles = led["article_id"].nunique()
    judged = led[~led["verdict"].isin(["not_checked", "unverifiable"])]
    rests = _rests_on(judged)
    first_hand, secondary = int((rests == "first_hand").sum()), int((rests == "secondary").sum())
    out = [f"The {_count(articles, 'article')} make {len(led):,} checkable statements: figures and claims in words. "
           f"{len(judged):,} were checked against a source: {first_hand:,} of these verdicts rest on a first-hand "
           f"source (the maker's own report, model card, pricing page or announcement), "
           f"{secondary:,} only on a secondary copy (a news report or reprint of it)"
           + (f", {len(judged) - first_hand - secondary:,} on no source row" if len(judged) > first_hand + secondary else "")
           + "; a card whose verdict rests on a secondary copy says so beside its verdict."]
    holds = judged[judged["verdict"].isin(["matches", "rounded", "consistent"])]
    matches = holds[holds["verdict"] == "matches"]
    dates = int((matches["unit"] == "date").sum())
    words = int(matches.apply(_is_comparison, axis=1).sum()) if len(matches) else 0
    exact = len(matches) - dates - words
    parts = [f"{exact:,} figures match exactly", f"{dates:,} dates match to the precision the article gives",
             f"{words:,} comparisons and statements in words hold"]
    other = [f"{totals[v]:,} {what}" for v, what in (("rounded", "figures are rounded from the official ones"),
                                                    ("consistent", "fit the article's qualifier or range"))
             if totals.get(v)]
    out.append(f"The sources support {len(holds):,}: " + ", ".join(parts + other) + ".")
    contradicted_ = [(v, totals[v]) for v in CONTRADICTED if totals.get(v)]
    if contradicted_:
        listed = ", ".join(f"{n:,} {verdict_label(v).lower()}" for v, n in contradicted_)
        out.append(f"They contradict or only partly support {sum(n for _, n in contradicted_):,} ({listed}). "
                   "Each has a card below: the most serious verdict first (differs, then misattributed, conflated, "
                   "partly holds), and within a verdict the figure farthest from its source first.")
    else:
        out.append("No source contradicts any of them.")
    unverifiable = led[led["verdict"] == "unverifiable"]
    core = int((unverifiable["kind"] == "core").sum())
    if core:
        out.append(f"{_count(core, 'figure or claim', 'figures and claims').capitalize()} central to the articles "
                   "could not be confirmed: no source found states them.")
    if totals.get("not_checked"):
        out.append(f"{totals['not_checked']:,} context figures (older dates, hypotheticals, asides) were not checked.")
    return fragment("lede", "findings-lede", " ".join(out))


def _reference() -> pd.DataFrame:
    return report_tables.load_all()["reference"].set_index("ref_id")


def _sources(ref_ids: list[str], reference: pd.DataFrame) -> Html:
    """Each source once: its title as a link to it, its publisher, and every row taken from it
    (linked to the sources section)."""
    by_source: dict[tuple, list[str]] = {}
    for i in ref_ids:
        if i in reference.index:
            by_source.setdefault((reference.at[i, "source_title"], reference.at[i, "url"]), []).append(i)
    items = []
    for ids in by_source.values():
        r = reference.loc[ids[0]]
        links = ref_links(";".join(ids))
        if not (isinstance(r["url"], str) and r["url"]) and not (isinstance(r["source_title"], str) and r["source_title"]):
            items.append(fragment("card_source", "", "", links))  # an unverifiable row: searched, none found
            continue
        publisher = r["publisher"] if isinstance(r["publisher"], str) else ""
        items.append(fragment("card_source", external_link(r["url"], r["source_title"] or r["url"]), publisher, links))
    return Html("; ".join(i.markup for i in items))


def _distance(row) -> float:
    """How far off a figure is, for ordering the cards: the relative difference, or years
    between the dates; figures with neither come last within their verdict."""
    rel = row["relative_difference"]
    if isinstance(rel, float) and not math.isnan(rel):
        return abs(rel)
    if row["unit"] == "date":
        stated, official = pd.to_datetime(str(row["value"])[:4], errors="coerce"), pd.to_datetime(str(row["official"])[:4], errors="coerce")
        if pd.notna(stated) and pd.notna(official):
            return abs((stated - official).days) / 365.25
    return -1.0


def contradicted() -> pd.DataFrame:
    """The claims the sources contradict or only partly support: the most serious verdict first
    (CONTRADICTED's order), then the farthest off within a verdict, then by claim id."""
    led = report_tables.ledger()
    rows = led[led["verdict"].isin(CONTRADICTED)].copy()
    rows["distance"] = rows.apply(_distance, axis=1)
    rows["severity"] = rows["verdict"].map(CONTRADICTED.index)
    return rows.sort_values(["severity", "distance", "claim_id"], ascending=[True, False, True]).reset_index(drop=True)


def cards() -> Html:
    """One card per contradicted claim: the words, the source's figure, the verdict, why, the links."""
    reference = _reference()
    out = []
    rows = contradicted()
    rows["rests_on"] = _rests_on(rows)
    for r in rows.to_dict("records"):
        ids = split_ids(r["ref_ids"])
        official = report_tables.official_summary(r, reference, limit=4) or str(r["official"] or "")
        stated = display_value(r) or "—"
        metric = "" if r["metric"] == "statement" else r["metric"].replace("_", " ")  # a statement is its quote
        about = join([x for x in (r["entity"], metric, r.get("benchmark") or "") if x], " · ")
        out.append(render_template(
            "finding_card.html.j2", verdict=r["verdict"], claim_id=r["claim_id"], badge=badge(r["verdict"], r["overridden"]),
            secondary=r["rests_on"] == "secondary", about=about,
            quote=quote_block(r["quote"], r.get("quote_en", ""), _lang(r)), figure=bool(r["figure_text"]),
            stated=stated, official=official, why=_why(r["explanation"]),
            sources=_sources(ids, reference), article_id=r["article_id"], claim_link=claim_link(r["claim_id"])))
    return fragment("finding_cards", out)


def _short_and_more(text: str, limit: int) -> tuple[Html, Html]:
    """The text up to a sentence end within `limit`, and the rest in a fold a reader opens
    (never cut mid-sentence; print keeps the short part)."""
    short = at_sentence_end(text, limit)
    rest = text[len(short):].strip()
    more = fragment("fold", "more", "more", linked_text(rest)) if rest else Html("")
    return linked_text(short), more


def _why(explanation) -> Html:
    """Why, in the card: its first sentences, the rest folded."""
    return fragment("card_why", *_short_and_more(_sentence(explanation), 260))


def _lang(row) -> str:
    lang = str(row.get("language") or "")
    return lang if lang and lang != "nan" else ""


def _sentence(explanation) -> str:
    """The explanation as one sentence, without the source title appended after a dash
    (the card lists the sources with links)."""
    value = str(explanation or "")
    value = value.split(" — ")[0].strip()
    return value[:1].upper() + value[1:] + ("" if value.endswith(".") else ".") if value else ""


def unverifiable() -> Html:
    """Core claims no primary source confirms, each with what was searched."""
    led = report_tables.ledger()
    rows = led[(led["verdict"] == "unverifiable") & (led["kind"] == "core")].sort_values("claim_id")
    items = []
    for r in rows.to_dict("records"):
        searched = str(r["explanation"] or "").removeprefix("no primary source found: ")
        short, more = _short_and_more(_sentence(searched), 240)
        items.append((claim_link(r["claim_id"]), quote_block(r["quote"], r.get("quote_en", ""), _lang(r)), short, more))
    return render_template("unverifiable.html.j2", items=items)
