"""The export step: the executed notebooks merged into reports/report.html, with its
ClaimReview and the tidy downloads beside it."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from aifigures import config
from aifigures.build.notebooks import Notebook, write_atomically


def data_last_changed() -> dt.date:
    """Date of the last commit that touched data/ (stable across clones), else today."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "data"], cwd=config.PROJECT_ROOT,
                             capture_output=True, text=True, timeout=10).stdout.strip()
        return dt.date.fromisoformat(out)
    except (OSError, ValueError, subprocess.SubprocessError):
        return dt.date.today()


def prepare_export():
    """The report's exporter, warmed up (done while notebooks execute)."""
    from aifigures.build.export import warmed_exporter

    return warmed_exporter()


def export_report(notebooks: list[Notebook], exporter=None) -> Path:
    """Merge the executed notebooks into reports/report.html, with its ClaimReview and the tidy
    downloads beside it; every file is written only once all of them are made."""
    from aifigures.build.export import merge_notebooks, render_html, title_markdown
    from aifigures.data.tables import load
    from aifigures.views.report_tables import tidy_downloads

    executed = [config.EXECUTED_DIR / f"{nb.name}.ipynb" for nb in notebooks]
    arts = load("articles")
    articles = [(a, f"{t}, {o}, {d}") for a, t, o, d in zip(arts["article_id"], arts["title"], arts["outlet"], arts["published_date"])]
    downloads = tidy_downloads()
    merged = merge_notebooks(executed, title_markdown(data_last_changed(), articles, downloads))
    html_text = render_html(merged, "Figures of the AI race, 2024-2025", exporter)
    # every checked claim as schema.org ClaimReview, in the report's <head> and beside it;
    # made before any file is written, so a failure leaves the previous outputs as they were
    from aifigures.build import claimreview

    reviews = claimreview.claim_reviews()
    html_text = claimreview.embed(html_text, reviews)
    write_atomically(config.REPORTS_DIR / claimreview.FILE_NAME, claimreview.to_json(reviews))
    for name, data in downloads.items():  # the same tidy files next to the report
        write_atomically(config.REPORTS_DIR / name, data.decode("utf-8"))
    write_atomically(config.REPORT_FILE, html_text)
    return config.REPORT_FILE
