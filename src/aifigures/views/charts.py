"""The suite's charts: each takes a table from aifigures.views.report_tables and returns a Figure.

Each title states the chart's finding with its number, computed from the table it draws.
Colours mean verdicts (verdict_style); every other chart is greys and black: black for what
an article states, greys for the primary source. Every axis says its unit.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from aifigures.data.verdicts import HOLDS, NOT_JUDGED
from aifigures.views.chart_export import PALETTE, chars, is_narrow, width
from aifigures.views.ledes import active_share, price_spread
from aifigures.views.verdict_style import CONTRADICTED, VERDICT_COLOURS, VERDICT_LABELS, VERDICT_ORDER


def _billions(x, _pos):
    return f"{x / 1e9:,.0f}B" if x < 1e12 else f"{x / 1e12:g}T"


def moe_parameters(sizes: pd.DataFrame) -> plt.Figure:
    """Total parameters as a bar on a linear scale, the active ones as the dark sliver inside it:
    a bar's length is its value, so 32B of 1.04T looks like 3%."""
    sizes = sizes.sort_values("params_total_official", na_position="first")
    y = np.arange(len(sizes))
    fig, ax = plt.subplots(figsize=(width(9), (0.8 if is_narrow() else 0.6) * len(sizes) + 1.6))
    ax.barh(y, sizes["params_total_official"].fillna(0), height=0.55, color=PALETTE["official_light"], label="total, official")
    ax.barh(y, sizes["params_active_official"].fillna(0), height=0.55, color=PALETTE["official"], label="active per token, official")
    ax.scatter(sizes["params_total_article"], y, marker="D", s=46, color=PALETTE["article"], zorder=3, label="as an article states it")
    ax.scatter(sizes["params_active_article"], y, marker="D", s=46, color=PALETTE["article"], zorder=3)
    for yi, total, active, ratio in zip(y, sizes["params_total_official"], sizes["params_active_official"], sizes["activation_ratio"]):
        if pd.notna(ratio):
            label = f"{_billions(active, None)} active of {_billions(total, None)} ({ratio:.1%})"
            if is_narrow():  # no room beside the bar: the label sits above it
                ax.annotate(label, (0, yi + 0.3), va="bottom", ha="left", fontsize=8)
            else:
                ax.annotate(label, (total, yi), xytext=(8, 0), textcoords="offset points", va="center", ha="left",
                            fontsize=8)
    ax.set_xlim(0, sizes["params_total_official"].max() * (1.08 if is_narrow() else 1.45))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: "0" if x == 0 else _billions(x, _)))
    ax.set_yticks(y, sizes["model"])
    if is_narrow():  # room for the top bar's label
        ax.set_ylim(-0.5, len(sizes) - 0.15)
    ax.set_xlabel("parameters")
    ax.set_title(active_share(sizes) or "Mixture-of-experts models: total vs active parameters")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="y", visible=False)
    return fig


def prices_usd(blended: pd.DataFrame, cited: pd.DataFrame) -> plt.Figure:
    """Each model's input and output list prices as two dots joined by a line, on a log scale
    (dots, not bars: a bar's length on a log scale does not mean its value); open dots where
    the price was read only in a secondary copy; an article's price as a black diamond."""
    data = blended.set_index("model").sort_values("output")
    y = np.arange(len(data))
    fig, ax = plt.subplots(figsize=(width(9.5), 0.45 * len(data) + 2.0))
    secondary = (data["access"] == "secondary").to_numpy()
    ax.hlines(y, data["input"], data["output"], color=PALETTE["official_light"], lw=2, zorder=1)
    for side, colour, label in (("input", PALETTE["official_mid"], "input price"), ("output", PALETTE["official"], "output price")):
        ax.scatter(data[side][~secondary], y[~secondary], s=48, color=colour, zorder=3, label=label)
        ax.scatter(data[side][secondary], y[secondary], s=48, facecolors="white", edgecolors=colour, lw=1.5, zorder=3)
    for yi, (model, row) in zip(y, data.iterrows()):
        ax.annotate(f"${row['input']:,.2f}", (row["input"], yi), xytext=(-6, 0), textcoords="offset points",
                    va="center", ha="right", fontsize=7)
        near = shown_near(cited, model, row["output"])
        ax.annotate(f"${row['output']:,.2f}", (row["output"], yi), xytext=(12 if near else 6, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=7)
    index = {m: i for i, m in enumerate(data.index)}
    shown = cited[cited["model"].isin(index) & cited["usd_per_mtok"].notna()]
    ax.scatter(shown["usd_per_mtok"], shown["model"].map(index), marker="D", s=55, color=PALETTE["article"], zorder=4,
               label="price an article states")
    ax.scatter([], [], s=48, facecolors="white", edgecolors=PALETTE["official"], lw=1.5, label="read in a secondary copy")
    ax.set_yticks(y, data.index)
    ax.set_xscale("log")
    ax.set_xlim(data["input"].min() / (6 if is_narrow() else 2.5), data["output"].max() * 2.5)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"${x:g}"))
    ax.set_xlabel("USD per million tokens (official list prices, log scale)")
    ax.set_title(price_spread(blended) or "API list prices: input and output")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="y", visible=False)
    return fig


def shown_near(cited: pd.DataFrame, model: str, value: float) -> bool:
    """Whether an article's price for this model is drawn within a quarter of this bar's end (log scale)."""
    prices = cited.loc[(cited["model"] == model) & cited["usd_per_mtok"].notna(), "usd_per_mtok"]
    return bool(((prices / value).between(0.8, 1.25)).any())


def benchmark_pairs(scores: pd.DataFrame) -> plt.Figure:
    """One panel per head-to-head the articles assert: the first model's score minus the
    second's on each benchmark both report, around zero, sorted (differences of 0.3 to 4
    points are what the articles' words rest on; two full bars each hide them)."""
    both = scores.groupby(["pair", "benchmark"])["entity"].transform("nunique") == 2
    scores = scores[both]
    pairs = list(dict.fromkeys(scores["pair"]))
    heights = [scores[scores["pair"] == p]["benchmark"].nunique() for p in pairs]
    fig, axes = plt.subplots(len(pairs), 1, figsize=(width(9), 0.3 * sum(heights) + 1.3 * len(pairs)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    leads = []
    for ax, pair in zip(axes[:, 0], pairs):
        first, second = pair.split(" vs ")
        data = scores[scores["pair"] == pair].pivot_table(index="benchmark", columns="entity", values="value")
        diff = (data[first] - data[second]).sort_values()
        colours = [PALETTE["official"] if d > 0 else PALETTE["official_light"] for d in diff]
        bars = ax.barh(range(len(diff)), diff, color=colours, height=0.7)
        ax.bar_label(bars, labels=[f"{d:+.1f}" for d in diff], fontsize=7, padding=2)
        ax.axvline(0, color="#333333", lw=0.8)
        ax.set_yticks(range(len(diff)), diff.index, fontsize=8)
        reach = max(abs(diff).max() * (1.7 if is_narrow() else 1.25), 1)
        ax.set_xlim(-reach, reach)
        ax.set_xlabel(f"{first} minus {second}, points (each benchmark's own metric)", fontsize=9)
        ax.set_title(f"{pair}: {first} ahead on {int((diff > 0).sum())} of {len(diff)}", fontsize=10, loc="left")
        ax.grid(axis="y", visible=False)
        leads.append(((diff > 0).mean(), f"{first} leads {second} on only {int((diff > 0).sum())} of {len(diff)} benchmarks"))
    # the closest contest is the finding: each panel says its own count
    fig.suptitle(min(leads)[1] if leads else "Head-to-head results behind the articles' comparisons",
                 x=0.01, ha="left", fontweight="bold")
    return fig


def multipliers(frame: pd.DataFrame) -> plt.Figure:
    """Each article multiplier (black, with its verdict) directly above the NVIDIA figures it
    came from (grey, with NVIDIA's own "up to"), one group per claim."""
    frame = frame.reset_index(drop=True)
    # on a phone each row's label is a line of its own above the row (no room beside it)
    row = 1.9 if is_narrow() else 1.0
    fig, ax = plt.subplots(figsize=(width(9), 0.5 * row * len(frame) + 0.4 * frame["claim_id"].nunique() + 1.6))
    labels, y, pos = [], [], 0.0
    for claim_id, group in frame.groupby("claim_id", sort=False):
        for _, r in group.iterrows():
            is_article = r["who"].startswith("article")
            colour = PALETTE["article"] if is_article else PALETTE["official"]
            if r["high"] > r["low"]:
                ax.plot([r["low"], r["high"]], [pos, pos], color=colour, lw=7, solid_capstyle="butt")
            else:
                ax.scatter([r["low"]], [pos], color=colour, s=70, zorder=3)
            value = f"{r['low']:g}x" if r["high"] == r["low"] else f"{r['low']:g}-{r['high']:g}x"
            text = (f"{value}  ({VERDICT_LABELS.get(r['verdict'], r['verdict']).lower()})" if is_article
                    else f"{r['qualifier'] + ' ' if r['qualifier'] else ''}{value}")
            ax.annotate(text, (r["high"], pos), xytext=(8, 0), textcoords="offset points", va="center", fontsize=8,
                        fontweight="bold" if is_article else "normal")
            who = f"{r['who']} ({claim_id})" if is_article else "  NVIDIA"
            label = f"{who}: {r['what']}"
            if is_narrow():
                ax.annotate(textwrap.fill(label.strip(), 58), (0, pos - 0.35), va="bottom", ha="left", fontsize=8,
                            annotation_clip=False)
            labels.append(textwrap.fill(label, 52))
            y.append(pos)
            pos += row
        pos += 0.6  # a gap between claims
    ax.set_yticks(y, [] if is_narrow() else labels, fontsize=8)
    if is_narrow():
        ax.set_ylim(pos - row, -1.2)
    else:
        ax.invert_yaxis()
    ax.set_xlim(0, max(frame["high"]) * 1.35)
    ax.set_xlabel("multiple of the previous generation (x)")
    ax.grid(axis="y", visible=False)
    claims = frame[frame["who"].str.startswith("article")]
    held = int(claims["verdict"].isin(list(HOLDS)).sum())
    fig.suptitle(textwrap.fill(f"{held} of the article's {len(claims)} Blackwell multipliers hold against the NVIDIA "
                               "figures they come from", 70), x=0.01, ha="left", fontweight="bold")
    return fig


def timeline(frame: pd.DataFrame) -> plt.Figure:
    """Every dated claim and each article's date. Dates before 2024 (the ones the articles get
    most wrong) sit in a narrow panel on the left, across a break in the axis, so the
    2024-2025 releases keep their room."""
    events = frame[frame["when"].notna()].copy()
    labels = (events["entity"].fillna("") + " " + events["metric"].str.replace("_date", "").str.replace("_", " ")
              + events["benchmark"].fillna("").map(lambda b: f" ({b})" if b and b not in ("day", "month", "inferred") else "")).str.strip()
    # whole labels, wrapped: a label cut off names nothing
    events["label"] = labels.map(lambda t: textwrap.fill(t, 58 if is_narrow() else 46))
    order = list(dict.fromkeys(events.sort_values("when")["label"]))
    y = events["label"].map({k: i for i, k in enumerate(order)})
    stated = pd.to_datetime(events["value"].map(_mid), errors="coerce")
    official = pd.to_datetime(events["official_date"].where(events["official_date"] != "").map(_mid, na_action="ignore"), errors="coerce")
    is_article = events["kind"] == "article"
    # a date at the precision given: a year or a month is the span it names, a day a point
    start = pd.to_datetime(events["value"].map(_period_start), errors="coerce")
    end = pd.to_datetime(events["value"].map(_period_end), errors="coerce")
    spans = ~is_article & (start != end) & start.notna()
    points = ~is_article & ~spans & stated.notna()
    colour = events["verdict"].map(lambda v: VERDICT_COLOURS.get(v, VERDICT_COLOURS["not_checked"]))
    no_official = ~is_article & official.isna()
    split = pd.Timestamp("2024-01-01")
    early = pd.concat([stated, official]).dropna()
    early = early[early < split]
    panels = 2 if len(early) else 1
    fig, axes = plt.subplots(1, panels, figsize=(width(11), (0.5 if is_narrow() else 0.3) * len(order) + 2.2),
                             sharey=True, squeeze=False,
                             gridspec_kw={"width_ratios": [1, 3.2][-panels:]})
    axes = list(axes[0])
    for ax in axes:
        ax.hlines(y[spans], start[spans], end[spans], colors=colour[spans], lw=7, zorder=2,
                  label="date as an article gives it (a year or month: its span), coloured by verdict")
        ax.scatter(stated[points], y[points], color=colour[points], edgecolors="#333333", s=70, lw=0.8, zorder=4)
        ax.scatter(official, y, color="#000000", marker="|", s=160, lw=2, label="official date", zorder=5)
        ax.scatter(stated[is_article], y[is_article], marker="s", color="#555555", s=30,
                   label="article published (inferred or stated)", zorder=3)
        ax.set_ylim(len(order) - 0.4, -0.6)
    undated = set(events.loc[no_official, "label"])
    for yi, when in zip(y[no_official], end[no_official].fillna(stated[no_official])):
        if is_narrow():
            break  # said in the row's label instead
        axes[-1].annotate("no official date", (max(when, split), yi), xytext=(8, 0), textcoords="offset points",
                          va="center", fontsize=7, color="#555555")
    main = axes[-1]
    main.set_xlim(split, pd.Timestamp("2025-10-01"))
    main.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1] if is_narrow() else [1, 7]))
    main.xaxis.set_major_formatter(mdates.DateFormatter("%Y" if is_narrow() else "%b %Y"))
    if is_narrow():  # each row's label on a line of its own above it, across both panels
        axes[0].set_yticks(range(len(order)), [])
        for yi, label in enumerate(order):
            axes[0].annotate(label + (" (no official date)" if label in undated else ""), (0, yi - 0.28),
                             xycoords=axes[0].get_yaxis_transform(), va="bottom", ha="left", fontsize=8,
                             annotation_clip=False, zorder=8, in_layout=False)
        for ax in axes:
            ax.set_ylim(len(order) - 0.4, -1.0)
            ax.patch.set_alpha(0)  # the right panel must not paint over labels that start in the left one
    else:
        axes[0].set_yticks(range(len(order)), order, fontsize=8)
    if len(early):
        left = axes[0]
        first = early.min().year
        left.set_xlim(pd.Timestamp(f"{first}-01-01"), split)
        # a tick every few years, none at the break (the right panel labels January 2024)
        step = max(1, (2024 - first + 3) // (2 if is_narrow() else 4))
        left.set_xticks([pd.Timestamp(f"{y}-01-01") for y in range(first, 2024, step)])
        left.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        left.tick_params(axis="x", labelsize=8)
        main.tick_params(axis="y", length=0, labelleft=False)
        left.spines["right"].set_visible(False)
        main.spines["left"].set_visible(False)
        for ax, x in ((left, 1), (main, 0)):  # the break marks
            if not is_narrow():  # on a phone the row labels cross the break
                ax.plot([x, x], [0, 1], transform=ax.transAxes, color="white", lw=6, zorder=5, clip_on=False)
            kw = dict(transform=ax.transAxes, color="#555555", lw=1, clip_on=False, zorder=6)
            for yy in (0, 1):
                ax.plot([x - 0.012 * (3.2 if x else 1), x + 0.012 * (3.2 if x else 1)], [yy - 0.015, yy + 0.015], **kw)
    if not is_narrow():  # the phone variant's legend says the same
        fig.supxlabel("date (a year or a month the article gives is drawn as the span it names)", fontsize=10)
    compared = events[(events["kind"] != "article") & (events["official_date"].fillna("") != "")]
    agree = int(compared["verdict"].isin(list(HOLDS)).sum())
    fig.suptitle(f"{agree} of {len(compared)} dates the articles give agree with the official date; "
                 f"{len(compared) - agree} do not", x=0.01, ha="left", fontweight="bold")
    handles, names = main.get_legend_handles_labels()
    fig.legend(handles, names, loc="upper right", ncol=3, fontsize=8, frameon=False, bbox_to_anchor=(1.0, 0.965))
    fig.subplots_adjust(top=0.9)
    return fig


def _period_start(value: str) -> str:
    value = str(value)
    return value + "-01-01" if len(value) == 4 else value + "-01" if len(value) == 7 else value


def _period_end(value: str) -> str:
    """The last day of a year or month ("2025" -> 2025-12-31); a full date is its own end."""
    value = str(value)
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        stamp = pd.Timestamp(value + "-01") + pd.offsets.MonthEnd(0)
        return stamp.strftime("%Y-%m-%d")
    return value


def _mid(value: str) -> str:
    value = str(value)
    return value + "-07-01" if len(value) == 4 else value + "-15" if len(value) == 7 else value


def verdict_overview(totals: pd.DataFrame) -> plt.Figure:
    """One bar per verdict, labelled with its name and count (no legend to decode)."""
    totals = totals.reset_index(drop=True)
    # narrow, with large type: it leads the report and must read on a phone too
    fig, ax = plt.subplots(figsize=(width(5.6), 0.38 * len(totals) + 1.0))
    colours = [VERDICT_COLOURS.get(v, "#999999") for v in totals["verdict"]]
    bars = ax.barh(range(len(totals)), totals["figures"], color=colours, edgecolor="#777777", linewidth=0.4)
    ax.bar_label(bars, labels=[f"{n}" for n in totals["figures"]], padding=3, fontsize=11)
    ax.set_yticks(range(len(totals)), totals["label"], fontsize=11)
    ax.invert_yaxis()
    ax.set_xlim(0, totals["figures"].max() * 1.12)
    ax.set_xlabel("figures and claims in the ledger")
    n = dict(zip(totals["verdict"], totals["figures"]))
    checked = sum(v for k, v in n.items() if k not in NOT_JUDGED)
    held = sum(n.get(k, 0) for k in HOLDS)
    fig.suptitle(f"{held} of {checked} checked figures and claims hold;\n{checked - held} do not",
                 x=0.01, ha="left", fontweight="bold", fontsize=13)
    ax.grid(axis="y", visible=False)
    return fig


def verdicts_per_article(counts: pd.DataFrame, names: dict[str, str] | None = None) -> plt.Figure:
    """Checked figures only (unverifiable and not-checked rows would drown the problems), one
    bar per article, the largest share of problems first. Each bar's line says in words what
    its colours show (the outlet, how many hold, which verdicts the others got), so no legend
    is needed and no verdict is told by colour alone; the problems are hatched as well."""
    names = names or {}
    cols = [c for c in VERDICT_ORDER if c in counts.columns and c not in NOT_JUDGED]
    supported = [c for c in reversed(cols) if c in HOLDS]  # matches first, at the axis
    problems = [c for c in cols if c in CONTRADICTED]
    wrong = counts[problems].sum(axis=1)
    checked = counts[cols].sum(axis=1)
    share = (wrong / checked.where(checked > 0)).fillna(0)
    order = list(share.sort_values(ascending=False, kind="stable").index)
    fig, ax = plt.subplots(figsize=(width(9), (1.05 if is_narrow() else 0.75) * len(order) + 1.0))
    for i, article in enumerate(order):
        left = 0
        for verdict in supported + problems:
            n = int(counts.at[article, verdict])
            if n:
                ax.barh(i, n, left=left, height=0.4, color=VERDICT_COLOURS[verdict], edgecolor="white", lw=0.8,
                        hatch="///" if verdict in CONTRADICTED else None)
                left += n
        kinds = ", ".join(f"{int(counts.at[article, v])} {VERDICT_LABELS[v].lower()}" for v in problems
                          if counts.at[article, v])
        line = f"{article} ({names.get(article, 'outlet unknown')}): {int(checked[article] - wrong[article])} of " \
               f"{int(checked[article])} hold" + (f"; {kinds}" if kinds else "")
        ax.text(0, i - 0.27, textwrap.fill(line, chars(100)), va="bottom", ha="left", fontsize=9)
    ax.set_ylim(len(order) - 0.5, -0.9)
    ax.set_yticks([])
    ax.set_xlim(0, max(checked.max(), 1) * 1.02)
    ax.set_xlabel("checked figures and claims (ledger rows); hatched: not supported by the source")
    ax.grid(axis="y", visible=False)
    worst = order[0]
    ax.set_title(f"Article {worst}: {int(wrong[worst])} of {int(checked[worst])} checked figures not supported, "
                 "the largest share")
    return fig


def coverage(summary: pd.DataFrame) -> plt.Figure:
    """Each article's numeric mentions as a stacked bar: in the ledger, dismissed, uncovered (a note when
    the texts are not on this machine)."""
    data = summary.set_index("article_id")[["in ledger", "dismissed", "uncovered"]]
    fig, ax = plt.subplots(figsize=(width(9), 3.4))
    if data.empty:  # the article texts are not on this machine (ARTICLES_DIR)
        ax.text(0.5, 0.5, "article texts not found: set ARTICLES_DIR and rebuild", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title("Every numeric mention: in the ledger or dismissed with a reason")
        return fig
    data.plot(kind="barh", stacked=True, ax=ax, color=[PALETTE["official"], PALETTE["unverified"], PALETTE["article"]], width=0.7)
    ax.invert_yaxis()
    ax.set_xlabel("numeric mentions in the article text")
    ax.set_ylabel("article")
    total, left = int(data.to_numpy().sum()), int(data["uncovered"].sum())
    ax.set_title(f"All {total} numeric mentions are in the ledger ({int(data['in ledger'].sum())}) or dismissed "
                 f"with a reason ({int(data['dismissed'].sum())})" if left == 0 else
                 f"{left} of {total} numeric mentions are neither in the ledger nor dismissed")
    ax.legend(loc="lower right", fontsize=8)
    return fig
