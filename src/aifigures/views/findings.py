"""What the fact-check found, for the top of the report: the counts in a sentence, one card
per figure the sources contradict or only partly support, and the core figures no primary
source confirms. Every number in these sentences is counted from the ledger here."""

from __future__ import annotations

import math

import pandas as pd

from aifigures.data.format import display_value
from aifigures.views import analysis
from aifigures.views.show import Html, badge, claim_link, external_link, join, linked_text, quote_block, ref_link, text
from aifigures.views.verdict_style import CONTRADICTED, VERDICT_ORDER, verdict_label

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _count(n: int, singular: str, plural: str | None = None) -> str:
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{word} {singular if n == 1 else (plural or singular + 's')}"


def verdict_totals() -> pd.DataFrame:
    """How many figures got each verdict, most serious first."""
    counts = analysis.ledger()["verdict"].value_counts()
    order = [v for v in VERDICT_ORDER if v in counts.index]
    return pd.DataFrame({"verdict": order, "label": [verdict_label(v) for v in order],
                         "figures": [int(counts[v]) for v in order]})


def headline() -> Html:
    """Two or three sentences on what was found, counted from the ledger."""
    led = analysis.ledger()
    totals = dict(zip(*verdict_totals()[["verdict", "figures"]].T.values))
    articles = led["article_id"].nunique()
    checked = len(led) - totals.get("not_checked", 0) - totals.get("unverifiable", 0)
    supported = sum(totals.get(v, 0) for v in ("matches", "rounded", "consistent"))
    contradicted = [(v, totals[v]) for v in CONTRADICTED if totals.get(v)]
    first = (f"The {_count(articles, 'article')} cite {len(led):,} figures and claims. "
             f"{checked:,} could be checked against a primary source, and the source supports "
             f"{supported:,} of them" + (f" ({totals.get('matches', 0):,} exactly)." if totals.get("matches") else "."))
    if contradicted:
        parts = [f"{n:,} {verdict_label(v).lower()}" for v, n in contradicted]
        second = (f" The sources contradict or only partly support {sum(n for _, n in contradicted):,}: "
                  + ", ".join(parts) + ". Each has a card below, the farthest off first.")
    else:
        second = " No source contradicts any of them."
    unverifiable = totals.get("unverifiable", 0)
    third = (f" {_count(unverifiable, 'core figure').capitalize()} could not be traced to any primary source;"
             if unverifiable else "")
    third += f" {totals.get('not_checked', 0):,} context figures (older dates, hypotheticals, asides) were not checked."
    return Html(f'<p class="findings-lede">{text(first + second + third)}</p>')


def _reference() -> pd.DataFrame:
    return analysis.load_all()["reference"].set_index("ref_id")


def _ref_ids(value) -> list[str]:
    return [i for i in dict.fromkeys(str(value or "").split(";")) if i and i != "nan"]


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
        links = " ".join(str(ref_link(i)) for i in ids)
        items.append(f'{external_link(r["url"], r["source_title"])} <span class="publisher">({text(r["publisher"])})</span> {links}')
    return Html("; ".join(items))


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
    """The claims the sources contradict or only partly support, the farthest off first."""
    led = analysis.ledger()
    rows = led[led["verdict"].isin(CONTRADICTED)].copy()
    rows["distance"] = rows.apply(_distance, axis=1)
    return rows.sort_values(["distance", "claim_id"], ascending=[False, True]).reset_index(drop=True)


def cards() -> Html:
    """One card per contradicted claim: the words, the source's figure, the verdict, why, the links."""
    reference = _reference()
    out = ['<div class="finding-cards">']
    for r in contradicted().to_dict("records"):
        ids = _ref_ids(r["ref_ids"])
        official = analysis.official_summary(r, reference, limit=4) or str(r["official"] or "")
        stated = display_value(r) or "—"
        about = join([r["entity"], r["metric"].replace("_", " "), r.get("benchmark") or ""], " · ")
        out.append(
            f'<article class="finding-card verdict-card-{text(r["verdict"])}" id="finding-{text(r["claim_id"])}">'
            f'<header>{badge(r["verdict"], r["overridden"])} <span class="card-about">{about}</span></header>'
            f'<blockquote>{quote_block(r["quote"], r.get("quote_en", ""), _lang(r))}</blockquote>'
            f'<dl class="card-figures"><dt>The article says</dt><dd>{text(stated)}</dd>'
            f'<dt>The source says</dt><dd>{text(official)}</dd></dl>'
            f'<p class="card-why">{linked_text(_sentence(r["explanation"]))}</p>'
            f'<p class="card-sources"><span class="card-label">Sources:</span> {_sources(ids, reference)}</p>'
            f'<p class="card-claim">Article {text(r["article_id"])}, claim {claim_link(r["claim_id"])} in the ledger</p>'
            "</article>")
    out.append("</div>")
    return Html("".join(out))


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
    led = analysis.ledger()
    rows = led[(led["verdict"] == "unverifiable") & (led["kind"] == "core")].sort_values("claim_id")
    if rows.empty:
        return Html('<p>Every core figure was traced to a primary source.</p>')
    items = []
    for r in rows.to_dict("records"):
        searched = str(r["explanation"] or "").removeprefix("no primary source found: ")
        items.append(f'<li>{claim_link(r["claim_id"])} {quote_block(r["quote"], r.get("quote_en", ""), _lang(r))}'
                     f'<span class="searched">{linked_text(_first_sentence(searched))}</span></li>')
    return Html(f'<ul class="unverifiable-list">{"".join(items)}</ul>')


def _first_sentence(value: str, limit: int = 220) -> str:
    cut = value.split(". ")[0].strip()
    if len(cut) > limit:
        cut = cut[:limit].rsplit(" ", 1)[0] + "…"
    return cut + ("" if cut.endswith((".", "…")) else ".")
