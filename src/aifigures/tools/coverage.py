"""Coverage: every number an article mentions is in the ledger or dismissed with a reason.

For each article whose text is in ARTICLES_DIR, `aifigures.tools.extract.find_mentions` lists the
numeric mentions. A mention is covered

- by the ledger (data/claims.csv) when a row of that article has a figure_text that overlaps
  the mention where it stands: the row's quote is found in the text, figure_text inside the
  quote, and that span shares at least one character with the mention; or
- by data/dismissed.csv when a row of that article has the mention's exact text as `mention`
  and a `context` that occurs once in the text and contains the mention at its position,
  with a reason from the dismissal_reason vocabulary (part_of_name, identifier, ...).

`python -m aifigures coverage` prints, per article, the mentions found, how many the ledger
and the dismissals cover, and every uncovered mention with its context and a dismissed.csv
line to start from; it exits 1 when a mention is uncovered or a dismissal row is stale
(its context is missing, not unique, or holds no such mention, or the ledger already
covers it), 0 otherwise. `--suggest` prints dismissed.csv rows for the uncovered mentions.

`--record` writes the counts per article, with each text's SHA-256, to data/coverage_summary.csv:
where the texts are absent (a fresh clone), the report shows that record, marked and dated.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from aifigures import config
from aifigures.data.problems import DataError, Problem, display_path
from aifigures.data.tables import LINE, read_table, table_path
from aifigures.tools.extract import Mention, article_year, find_mentions, read_article, unique_context

ARTICLE_TEXTS = "article_texts"  # a notebook input that is no table: the files in ARTICLES_DIR
DISMISSED_COLUMNS = ["article_id", "mention", "context", "reason", "note"]


@dataclass
class ArticleCoverage:
    article_id: str
    file_name: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
    ledger: dict[int, str] = field(default_factory=dict)  # mention index -> claim_id
    dismissed: dict[int, int] = field(default_factory=dict)  # mention index -> dismissed.csv line
    problems: list[Problem] = field(default_factory=list)

    @property
    def uncovered(self) -> list[Mention]:
        """The mentions neither in the ledger nor dismissed."""
        return [m for i, m in enumerate(self.mentions) if i not in self.ledger and i not in self.dismissed]


@dataclass
class Coverage:
    articles: list[ArticleCoverage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # stale dismissals, over all articles

    @property
    def ok(self) -> bool:
        """No stale dismissal and no uncovered mention in any article."""
        return not self.problems and not any(a.uncovered for a in self.articles)


def occurrences(text: str, needle: str) -> list[int]:
    """Every start of needle in text, overlapping occurrences included."""
    found, i = [], text.find(needle) if needle else -1
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def ledger_spans(text: str, claims) -> list[tuple[int, int, str]]:
    """(start, end, claim_id) of each row's figure_text, located inside each place its quote occurs."""
    spans = []
    for claim_id, quote, figure in zip(claims["claim_id"], claims["quote"], claims["figure_text"]):
        if not figure or not quote:
            continue
        for q in occurrences(text, quote):
            for f in occurrences(quote, figure):
                spans.append((q + f, q + f + len(figure), claim_id))
    return spans


def check_article(article_id: str, file_name: str, text: str, claims, dismissed, shown_dismissed: str,
                  this_year: int | None = None) -> ArticleCoverage:
    """Coverage of one article by its ledger rows and its dismissal rows."""
    result = ArticleCoverage(article_id=article_id, file_name=file_name, text=text,
                             mentions=find_mentions(text, this_year=this_year))
    spans = ledger_spans(text, claims)
    for i, m in enumerate(result.mentions):
        for start, end, claim_id in spans:
            if start < m.end and m.start < end:
                result.ledger[i] = claim_id
                break
    by_text: dict[str, list[int]] = {}
    for i, m in enumerate(result.mentions):
        by_text.setdefault(m.text, []).append(i)
    for line, mention, context in zip(dismissed[LINE], dismissed["mention"], dismissed["context"]):
        line = int(line)

        def problem(message: str, line: int = line) -> None:
            result.problems.append(Problem(shown_dismissed, line, "context", message))

        places = occurrences(text, context)
        if mention not in context:
            problem(f"{context!r} does not contain the mention {mention!r}")
            continue
        if not places:
            problem(f"does not occur in {article_id} ({file_name}); copy a span of the article exactly")
            continue
        if len(places) > 1:
            problem(f"{context!r} occurs {len(places)} times in {article_id}; lengthen it until it is unique")
            continue
        c = places[0]
        hits = [i for i in by_text.get(mention, []) if c <= result.mentions[i].start and result.mentions[i].end <= c + len(context)]
        if not hits:
            near = [result.mentions[i].text for i in range(len(result.mentions))
                    if c <= result.mentions[i].start < c + len(context)]
            found = f"; the extractor finds {', '.join(map(repr, near))} there" if near else "; the extractor finds no mention there"
            problem(f"no mention {mention!r} inside {context!r}{found}: remove or correct the row")
            continue
        for i in hits:
            if i in result.ledger:
                problem(f"{mention!r} here is already in the ledger ({result.ledger[i]}); remove the dismissal")
            elif i in result.dismissed:
                problem(f"{mention!r} here is already dismissed on line {result.dismissed[i]}; remove one of the rows")
            else:
                result.dismissed[i] = line
    return result


def check(data_dir: Path | None = None, articles_dir: Path | None = None) -> Coverage:
    """Coverage of every article listed in articles.csv whose text is in articles_dir.

    Raises DataError when a table cannot be read."""
    data_dir = Path(data_dir or config.DATA_DIR)
    articles_dir = Path(articles_dir or config.ARTICLES_DIR)
    report = Coverage()
    articles, claims, dismissed = (read_table(name, data_dir) for name in ("articles", "claims", "dismissed"))
    shown = display_path(table_path("dismissed", data_dir))
    if not articles_dir.is_dir():
        report.notes.append(f"article texts not found in {articles_dir} (set ARTICLES_DIR); nothing to check")
        return report
    listed = set(articles["file_name"])
    for article_id, file_name in zip(articles["article_id"], articles["file_name"]):
        path = articles_dir / file_name
        if not path.is_file():
            report.notes.append(f"{article_id}: {file_name} is not in {display_path(articles_dir)}; skipped")
            continue
        result = check_article(article_id, file_name, read_article(path),
                               claims[claims["article_id"] == article_id],
                               dismissed[dismissed["article_id"] == article_id], shown,
                               this_year=article_year(article_id, data_dir))
        report.articles.append(result)
        report.problems += result.problems
    unlisted = sorted(p.name for p in articles_dir.glob("[0-9][0-9][0-9]_*") if p.is_file() and p.name not in listed)
    for name in unlisted:
        report.notes.append(f"{name} is in {display_path(articles_dir)} but not in articles.csv; add its row to check it")
    return report


def suggestion(article: ArticleCoverage, m: Mention) -> dict:
    """A dismissed.csv row for an uncovered mention, reason left for the curator."""
    return {"article_id": article.article_id, "mention": m.text,
            "context": unique_context(article.text, m.start, m.end), "reason": "", "note": ""}


def _csv_line(row: dict) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=DISMISSED_COLUMNS, lineterminator="\n").writerow(row)
    return buffer.getvalue().rstrip("\n")


def print_report(report: Coverage, out=None, err=None) -> None:
    """Print the notes, each article's counts and uncovered mentions (with a dismissal row for each)
    and the totals to `out`; the problems to `err`."""
    out, err = out or sys.stdout, err or sys.stderr
    for note in report.notes:
        print(f"note: {note}", file=out)
    total = {"mentions": 0, "ledger": 0, "dismissed": 0, "uncovered": 0}
    for a in report.articles:
        counts = {"mentions": len(a.mentions), "ledger": len(a.ledger), "dismissed": len(a.dismissed),
                  "uncovered": len(a.uncovered)}
        for k, v in counts.items():
            total[k] += v
        print(f"{a.article_id} {a.file_name}: {counts['mentions']} mentions, {counts['ledger']} in the ledger, "
              f"{counts['dismissed']} dismissed, {counts['uncovered']} uncovered", file=out)
        for m in a.uncovered:
            line = a.text.count("\n", 0, m.start) + 1
            context = " ".join(m.context.split())
            print(f"  uncovered {m.kind} {m.text!r} (line {line}, offset {m.start}): ...{context}...", file=out)
            print(f"    dismiss with: {_csv_line(suggestion(a, m))}", file=out)
    for problem in report.problems:
        print(problem, file=err)
    covered = total["ledger"] + total["dismissed"]
    share = f"{100 * covered / total['mentions']:.1f}%" if total["mentions"] else "100%"
    print(f"coverage: {covered} of {total['mentions']} mentions covered ({share}) in {len(report.articles)} article(s): "
          f"{total['ledger']} in the ledger, {total['dismissed']} dismissed, {total['uncovered']} uncovered"
          + (f"; {len(report.problems)} problem(s) in dismissed.csv" if report.problems else ""), file=out)


def cmd_coverage(args: argparse.Namespace) -> int:
    """Print coverage per article; 1 when a mention is uncovered or a dismissal row is stale."""
    try:
        if getattr(args, "record", False):
            path, rows = record()
            print(f"coverage: recorded {len(rows)} article(s) in {display_path(path)}: "
                  + "; ".join(f"{r['article_id']} {r['mentions']} mentions ({r['recorded_on']})" for r in rows))
            return 0
        report = check()
        stale = summary_differences(report)
    except DataError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    if getattr(args, "suggest", False):
        writer = csv.DictWriter(sys.stdout, fieldnames=DISMISSED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for a in report.articles:
            writer.writerows(suggestion(a, m) for m in a.uncovered)
        return 0 if report.ok else 1
    print_report(report)
    if stale:
        print(f"note: {display_path(table_path(SUMMARY_TABLE))} no longer matches the texts ({'; '.join(stale)}); "
              "record it again: python -m aifigures coverage --record")
    return 0 if report.ok else 1


# --------------------------------------------------------------------------- the recorded summary
#
# The texts are input, not part of the project: a newcomer's clone has none. The counts per
# article are kept in data/coverage_summary.csv (`coverage --record`), with each text's hash,
# so the report shows the last recorded coverage instead of an empty chart, and the tests can
# tell when the record no longer matches the texts.

SUMMARY_TABLE = "coverage_summary"
SUMMARY_COLUMNS = ["article_id", "file_name", "text_sha256", "mentions", "in_ledger", "dismissed", "uncovered", "recorded_on"]
COUNTS = ["mentions", "in_ledger", "dismissed", "uncovered"]
SHOWN = {"in_ledger": "in ledger"}  # the report's column names
CAPTION = "Numeric mentions per article: in the ledger, dismissed with a reason, or uncovered."
LIVE_SOURCE = "article texts in ARTICLES_DIR; data/claims.csv; data/dismissed.csv"


def text_hash(path: Path) -> str:
    """SHA-256 (hex) of the file's bytes."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def live_rows(report: Coverage, articles_dir: Path | None = None) -> list[dict]:
    """Per article whose text was read: its file, the file's hash and the counts (no date)."""
    articles_dir = Path(articles_dir or config.ARTICLES_DIR)
    return [{"article_id": a.article_id, "file_name": a.file_name, "text_sha256": text_hash(articles_dir / a.file_name),
             "mentions": len(a.mentions), "in_ledger": len(a.ledger), "dismissed": len(a.dismissed),
             "uncovered": len(a.uncovered)} for a in report.articles]


def recorded_rows(data_dir: Path | None = None) -> list[dict]:
    """The committed summary as dicts of strings (empty when the file is absent)."""
    path = table_path(SUMMARY_TABLE, data_dir)
    if not path.exists():
        return []
    frame = read_table(SUMMARY_TABLE, data_dir)
    return [{c: str(row[c]) for c in SUMMARY_COLUMNS} for row in frame.to_dict("records")]


def summary_differences(report: Coverage, data_dir: Path | None = None, articles_dir: Path | None = None) -> list[str]:
    """How the committed summary differs from what the texts give now, for every article whose
    text is present (an article without its text cannot be checked and is not reported)."""
    listed = set(read_table("articles", data_dir)["article_id"])
    recorded = {r["article_id"]: r for r in recorded_rows(data_dir)}
    out = [f"{a}: recorded, but no longer in articles.csv" for a in sorted(set(recorded) - listed)]
    for live in live_rows(report, articles_dir):
        old = recorded.get(live["article_id"])
        if old is None:
            out.append(f"{live['article_id']}: not recorded")
            continue
        changed = [f"{k} {old[k][:12]} recorded, {str(live[k])[:12]} now" for k in SUMMARY_COLUMNS[1:-1] if old[k] != str(live[k])]
        if changed:
            out.append(f"{live['article_id']}: " + ", ".join(changed))
    return out


def record(data_dir: Path | None = None, articles_dir: Path | None = None, today=None) -> tuple[Path, list[dict]]:
    """Write the summary from the texts; every article in articles.csv needs its text.

    A row whose file, hash and counts are unchanged keeps the date it was recorded on, so
    recording twice changes nothing. Raises DataError when a text is missing."""
    import datetime as dt

    data_dir = Path(data_dir or config.DATA_DIR)
    articles_dir = Path(articles_dir or config.ARTICLES_DIR)
    report = check(data_dir, articles_dir)
    articles = read_table("articles", data_dir)
    have = {a.article_id for a in report.articles}
    shown_articles = display_path(table_path("articles", data_dir))
    missing = [Problem(shown_articles, int(line), "file_name",
                       f"{name!r} is not in {display_path(articles_dir)}; recording the coverage needs every article's text (set ARTICLES_DIR)")
               for line, article_id, name in zip(articles[LINE], articles["article_id"], articles["file_name"]) if article_id not in have]
    if missing:
        raise DataError(missing)
    today = (today or dt.date.today()).isoformat()
    old = {r["article_id"]: r for r in recorded_rows(data_dir)}
    rows = []
    for live in live_rows(report, articles_dir):
        before = old.get(live["article_id"], {})
        same = all(before.get(k) == str(live[k]) for k in SUMMARY_COLUMNS[1:-1])
        rows.append({**live, "recorded_on": before["recorded_on"] if same else today})
    path = table_path(SUMMARY_TABLE, data_dir)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(path)
    return path, rows


@dataclass
class Summary:
    """What the coverage section shows: counted from the texts, or, for the articles whose
    text is not on this machine, as last recorded (recorded_on says when)."""

    table: object  # DataFrame: article_id, mentions, in ledger, dismissed, uncovered
    notes: list[str]
    recorded_on: str = ""  # the newest date of the rows taken from the record; "" when all are live
    recorded: list[str] = field(default_factory=list)  # the articles whose rows come from the record
    counted: bool = False  # some article was counted from its text

    @property
    def source(self) -> str:
        """The source line under the coverage chart: the texts, or the record and when it was made."""
        if not self.recorded_on:
            return LIVE_SOURCE
        return (f"data/coverage_summary.csv (recorded on {self.recorded_on} from the article texts, "
                "data/claims.csv and data/dismissed.csv)")

    @property
    def caption(self) -> str:
        """The chart's caption, saying which articles' counts are as recorded rather than counted now."""
        if not self.recorded_on:
            return CAPTION
        if not self.counted:
            return f"{CAPTION} As recorded on {self.recorded_on}: the article texts are not present on this machine."
        return (f"{CAPTION} {', '.join(self.recorded)} as recorded on {self.recorded_on}: "
                "their texts are not present on this machine.")


def summary(data_dir: Path | None = None, articles_dir: Path | None = None) -> Summary:
    """Coverage per article for the report: from the texts where present, else from the record."""
    import pandas as pd

    report = check(data_dir, articles_dir)
    rows = live_rows(report, articles_dir)
    notes = [n for n in report.notes if "not found in" not in n and not n.endswith("; skipped")]
    counted = {r["article_id"] for r in rows}
    listed = list(read_table("articles", data_dir)["article_id"])
    absent = [a for a in listed if a not in counted]
    recorded_on, used = "", []
    if absent:
        recorded = {r["article_id"]: r for r in recorded_rows(data_dir)}
        used = [recorded[a] for a in absent if a in recorded]
        rows += [{**r, **{k: int(r[k]) for k in COUNTS}} for r in used]
        recorded_on = max((r["recorded_on"] for r in used), default="")
        whose = "the article texts" if not counted else "the texts of " + ", ".join(r["article_id"] for r in used)
        if used:
            notes.append(f"Recorded on {recorded_on} from {whose} (data/coverage_summary.csv); "
                         f"{'the texts are' if not counted else 'they are'} not present on this machine.")
        unrecorded = [a for a in absent if a not in recorded]
        if unrecorded:
            notes.append(f"No coverage for {', '.join(unrecorded)}: the text is not present on this machine and no "
                         "coverage was recorded (python -m aifigures coverage --record).")
    order = {a: i for i, a in enumerate(listed)}
    rows.sort(key=lambda r: order.get(r["article_id"], len(order)))
    columns = ["article_id", *(SHOWN.get(c, c) for c in COUNTS)]
    table = pd.DataFrame([{SHOWN.get(k, k): r[k] for k in ["article_id", *COUNTS]} for r in rows], columns=columns)
    return Summary(table=table, notes=notes, recorded_on=recorded_on, recorded=[r["article_id"] for r in used],
                   counted=bool(counted))


def summary_table():
    """(table, notes): the coverage per article the report shows (see summary)."""
    result = summary()
    return result.table, result.notes


def dismissed_by_reason():
    """How many mentions were dismissed, per reason and article."""
    import pandas as pd

    from aifigures.data.tables import load

    frame = load("dismissed")
    return pd.crosstab(frame["reason"], frame["article_id"])
