"""The opening sentence of each section: what it found, with its number, counted from the data.
The method follows in the notebook, under "How this was checked"."""

from __future__ import annotations

import pandas as pd

from aifigures.data.display import date_at_precision as format_date
from aifigures.data.display import display_value
from aifigures.data.verdicts import HOLDS, NOT_JUDGED
from aifigures.views import report_tables
from aifigures.views.markup import Html, fragment
from aifigures.views.verdict_style import CONTRADICTED, verdict_label


def _lede(sentences: list[str]) -> Html:
    return fragment("lede", "section-lede", " ".join(s for s in sentences if s))


def tally(rows: pd.DataFrame, what: str) -> str:
    """'Of the 15 parameter figures, 9 were checked: 7 hold, 2 do not (1 differs, 1 rounded...)'."""
    judged = rows[~rows["verdict"].isin(list(NOT_JUDGED))]
    holds = judged[judged["verdict"].isin(list(HOLDS))]
    wrong = judged[judged["verdict"].isin(CONTRADICTED)]
    parts = [f"Of the {len(rows):,} {what} in the ledger, {len(judged):,} could be checked: {len(holds):,} hold"]
    if len(wrong):
        kinds = wrong["verdict"].value_counts()
        listed = ", ".join(f"{n} {verdict_label(v).lower()}" for v, n in kinds.items())
        parts.append(f"and {len(wrong):,} do not ({listed}: {', '.join(wrong['claim_id'])})")
    return " ".join(parts) + "."


def _group(name: str) -> pd.DataFrame:
    led = report_tables.ledger()
    return led[led["group"] == name]


def ledger() -> Html:
    """How many checkable statements the articles make (the fewest and the most per article, how many are
    core) and the tally of their verdicts."""
    led = report_tables.ledger()
    per_article = led["article_id"].value_counts()
    top = per_article.index[0]
    core = int((led["kind"] == "core").sum())
    return _lede([f"The five articles make {len(led):,} checkable statements, from {per_article.min()} "
                  f"({per_article.index[-1]}) to {per_article.max()} ({top}); {core:,} are core to their "
                  f"arguments and {len(led) - core:,} are context.",
                  tally(led, "figures and claims")])


def active_share(sizes: pd.DataFrame) -> str:
    """'Kimi K2 activates 3.1% of its 1.04T parameters per token' (the smallest share), or ''.
    The section's lede and the chart's title say it alike."""
    share = sizes.dropna(subset=["activation_ratio"]).sort_values("activation_ratio")
    if share.empty:
        return ""
    low = share.iloc[0]
    total = display_value({"value": low["params_total_official"], "unit": "parameters"})  # "1.04T parameters"
    return f"{low['model']} activates {low['activation_ratio']:.1%} of its {total} per token"


def price_spread(blended: pd.DataFrame) -> str:
    """"o1's output price is 216 times DeepSeek-V2's ($60.00 vs $0.28 per M tokens)", or ''."""
    priced = blended.dropna(subset=["output"]).sort_values("output")
    if len(priced) < 2:
        return ""
    dear, cheap = priced.iloc[-1], priced.iloc[0]
    return (f"{dear['model']}'s output price is {dear['output'] / cheap['output']:,.0f} times {cheap['model']}'s "
            f"(${dear['output']:,.2f} vs ${cheap['output']:,.2f} per M tokens)")


def parameters() -> Html:
    """The smallest share of parameters active per token among the MoE models, the others' shares, and
    the tally of parameter figures."""
    sizes = report_tables.moe_sizes().dropna(subset=["activation_ratio"]).sort_values("activation_ratio")
    sentences = []
    if len(sizes):
        sentences.append(f"{active_share(sizes)}, the smallest share of the {len(sizes)} mixture-of-experts models here; "
                         + ", ".join(f"{r['model']} {r['activation_ratio']:.1%}" for _, r in sizes.iloc[1:].iterrows()) + ".")
    sentences.append(tally(_group("parameters"), "parameter and architecture figures"))
    return _lede(sentences)


def pricing() -> Html:
    """The widest spread of output prices (where two are known), and the tally of price figures."""
    spread = price_spread(report_tables.blended_prices())
    return _lede([f"{spread}; a price in yuan is converted at the rate of its date." if spread else "",
                  tally(_group("prices"), "price figures and ratios")])


def benchmarks() -> Html:
    """The tally of benchmark figures, and how a comparison in words is checked."""
    return _lede([tally(_group("benchmarks"), "benchmark figures and comparisons"),
                  "A comparison in words is checked on every benchmark the developer's table reports for both models."])


def speed() -> Html:
    """The tally of speed, usage and hardware figures."""
    return _lede([tally(_group("speed, usage, hardware"), "speed, usage and hardware figures")])


def timeline() -> Html:
    """How many dates agree with the official date to the precision the article gives, and each that does not."""
    events = report_tables.timeline()
    dated = events[(events["kind"] != "article") & (events["official_date"] != "")]
    matched = dated[dated["verdict"].isin(list(HOLDS))]
    sentences = [f"Of the {len(dated):,} dates with an official date to compare, {len(matched):,} agree to the "
                 "precision the article gives."]
    off = dated[~dated["verdict"].isin(list(HOLDS)) & ~dated["verdict"].isin(list(NOT_JUDGED))]
    if len(off):
        listed = "; ".join(f"{r['entity']} ({r['claim_id']}): the article says {format_date(r['value'])}, "
                           f"the source {format_date(r['official_date'])}"
                           for _, r in off.iterrows())
        sentences.append(f"The {len(off)} that do not: {listed}.")
    return _lede(sentences)


def fact_check() -> Html:
    """The articles with the largest and the smallest share of figures their sources do not support."""
    led = report_tables.ledger()
    judged = led[~led["verdict"].isin(list(NOT_JUDGED))]
    share = (judged.assign(wrong=judged["verdict"].isin(CONTRADICTED))
             .groupby("article_id")["wrong"].agg(["sum", "count"]))
    share["rate"] = share["sum"] / share["count"]
    share = share.sort_values(["rate", "count"], ascending=[False, False])
    worst, best = share.iloc[0], share.iloc[-1]
    return _lede([f"Article {share.index[0]} has the largest share of figures its sources do not support: "
                  f"{int(worst['sum'])} of {int(worst['count'])} checked ({worst['rate']:.0%}); article "
                  f"{share.index[-1]} the smallest, {int(best['sum'])} of {int(best['count'])}."])


def coverage(table: pd.DataFrame) -> Html:
    """From the coverage summary the notebook shows (columns 'in ledger', 'dismissed', 'uncovered')."""
    if table.empty:
        return _lede(["The article texts are not on this machine, so coverage could not be counted (set ARTICLES_DIR)."])
    ledger_, dismissed, uncovered = (int(table[c].sum()) for c in ("in ledger", "dismissed", "uncovered"))
    total = ledger_ + dismissed + uncovered
    left = "none is left out" if uncovered == 0 else f"{uncovered:,} {'is' if uncovered == 1 else 'are'} not yet accounted for"
    sentences = [f"Of the {total:,} numeric mentions in the five texts, {ledger_:,} are in the ledger and "
                 f"{dismissed:,} are dismissed with a reason; {left}."]
    claims = report_tables.load_all()["claims"]
    words = int((claims["figure_text"] == "").sum())
    # why the ledger has more rows than mentions: claims in words, and mentions several claims share
    sentences.append(f"The ledger has more rows ({len(claims):,}) than mentions: {words:,} are claims in words with no "
                     f"number, and {len(claims) - words - ledger_:,} more share a mention with another claim or state a "
                     "figure in words the extractor does not count.")
    return _lede(sentences)
