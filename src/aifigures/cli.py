"""Command line: `python -m aifigures validate|build|...`.

Data errors print as `file:line: column 'x': message` lines and exit 1, with no
Python traceback; anything else is a bug and keeps its traceback."""

from __future__ import annotations

import argparse
import importlib
import sys

from aifigures.data.problems import DataError


def cmd_validate(args: argparse.Namespace) -> int:
    """`validate`: print the notes and every problem found; 1 when there is a problem, else 0."""
    from aifigures.data.validate import validate

    report = validate()
    for note in report.notes:
        print(f"note: {note}", flush=True)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"validate: {len(report.problems)} problem(s) found; nothing was built", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(frame)} {name}" for name, frame in report.tables.items())
    print(f"validate: all tables valid ({counts})")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """`build`: execute the notebooks that are out of date and export the report; the build's exit status."""
    from aifigures.build.runner import build

    return build(jobs=args.jobs, force=args.force, fresh_kernels=args.fresh_kernels)


def _lazy(module: str, command: str):
    """A subcommand whose module is imported only when it runs."""
    return lambda args: getattr(importlib.import_module(f"aifigures.{module}"), command)(args)


def main(argv: list[str] | None = None) -> int:
    """Parse `argv` and run its subcommand; the exit status (1 on a data error, printed without a traceback;
    130 when interrupted)."""
    # subcommands import their modules only when chosen: `build` starts its kernels before
    # anything imports pandas (0.6 s), which it then imports beside them
    parser = argparse.ArgumentParser(prog="python -m aifigures", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every table in data/ and every quote against its article").set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="execute the notebooks that are out of date and export the report")
    b.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: number of cores)")
    b.add_argument("--force", action="store_true", help="re-execute every notebook")
    b.add_argument("--fresh-kernels", action="store_true",
                   help="start a new kernel for every notebook instead of reusing each kernel (slower; for debugging)")
    b.set_defaults(func=cmd_build)
    e = sub.add_parser("extract", help="print candidate ledger rows (claims.csv columns) for every numeric mention in articles")
    e.add_argument("paths", nargs="+", metavar="PATH", help="article text files (NNN_*.txt)")
    e.add_argument("--year", type=int, default=None,
                   help="year for dates written without one (default: the article's year in articles.csv)")
    e.set_defaults(func=_lazy("tools.extract", "cmd_extract"))
    ck = sub.add_parser("check", help="a draft fact-check of article texts: every figure linked and judged against the reference (CSV)")
    ck.add_argument("paths", nargs="+", metavar="PATH", help="article text files (UTF-8; English or Chinese)")
    ck.add_argument("--html", metavar="OUT", default=None, help="also write a draft fact-check page (offline HTML) to OUT")
    ck.add_argument("--ledger-rows", action="store_true", help="print the rows in the claims.csv schema, ready to curate")
    ck.add_argument("--year", type=int, default=None, help="year for dates written without one")
    ck.add_argument("--date", default="", metavar="YYYY[-MM[-DD]]",
                    help="the date the article speaks at, for prices that changed (default: articles.csv, else a dateline in the text)")
    ck.add_argument("--all", action="store_true",
                    help="also list the mentions that are no figures (version numbers, list numbers, counts without a unit), each with its reason")
    ck.set_defaults(func=_lazy("tools.check", "cmd_check"))
    c = sub.add_parser("coverage", help="check that every numeric mention is in the ledger or dismissed with a reason")
    c.add_argument("--suggest", action="store_true",
                   help="print dismissed.csv rows (reason empty) for the uncovered mentions instead of the report")
    c.add_argument("--record", action="store_true",
                   help="write the counts per article to data/coverage_summary.csv (shown where the texts are absent)")
    c.set_defaults(func=_lazy("tools.coverage", "cmd_coverage"))
    bc = sub.add_parser("browser-check", help="open the report in headless Chromium with the network blocked, check it, write a screenshot")
    bc.add_argument("report", nargs="?", default=None)
    bc.set_defaults(func=lambda a: __import__("aifigures.build.browser", fromlist=["main"]).main([a.report] if a.report else []))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous report and figures are unchanged", file=sys.stderr)
        return 130
