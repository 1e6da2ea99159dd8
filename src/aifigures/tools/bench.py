"""`make bench`: build speed against the usual way and the floor, and the data layer at scale.

Everything is measured in one run on this machine and written to reports/bench/ as
bench.md and bench.csv; each figure is the median of several runs, with min and max.

    python -m aifigures.tools.bench                      # all of it (about ten minutes on 2 cores)
    python -m aifigures.tools.bench make-ledger N DIR    # write a synthetic ledger of N claims into DIR
    python -m aifigures.tools.bench scale DIR            # one data-layer run on the ledger in DIR
    python -m aifigures.tools.bench check                # only `check` on a 10,000-word article (reports/bench/check.md)
    python -m aifigures.tools.bench setup                # only the set-up, fresh clone vs plain pip (setup.md)
    python -m aifigures.tools.bench refused              # only a build refused for one bad data cell (refused.md)

The clean build and the two floors are measured in turn, round after round, so that their
ratios compare the same minutes of this shared machine.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aifigures import config

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SLOW_RUNS = int(os.environ.get("BENCH_SLOW_RUNS", "2"))
SCALES = [int(n) for n in os.environ.get("BENCH_SCALES", "10000,100000,1000000").split(",")]
OUT = config.REPORTS_DIR / "bench"
IMPORTS = ("import pandas, matplotlib.pyplot, seaborn\n"
           "import aifigures.views.report_tables, aifigures.views.charts, aifigures.views.chart_export, aifigures.views.markup")


def run(cmd: list[str], env: dict | None = None, cwd: Path | None = None, check: bool = True) -> float:
    """Seconds a command takes (its output discarded)."""
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd or config.PROJECT_ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout[-2000:]}")
    return seconds


def repeat(label: str, fn, runs: int) -> dict:
    """One measure, run `runs` times: its median, min and max seconds."""
    return interleaved([(label, fn)], runs)[0]


def interleaved(measures: list[tuple[str, object]], runs: int) -> list[dict]:
    """Run the measures in turn, `runs` rounds: measures whose ratio is a target see the
    same machine (this one is shared, and its speed drifts over minutes)."""
    times: dict[str, list[float]] = {label: [] for label, _ in measures}
    for i in range(runs):
        for label, fn in measures:
            times[label].append(fn())
            print(f"bench: {label:<44} run {i + 1}/{runs}: {times[label][-1]:7.2f} s", flush=True)
    return [{"measure": label, "median_s": statistics.median(t), "min_s": min(t), "max_s": max(t), "runs": runs}
            for label, t in times.items()]


def remove_outputs() -> None:
    """Delete the build folder, the report and the chart images, so the next build starts clean."""
    shutil.rmtree(config.BUILD_DIR, ignore_errors=True)
    config.REPORT_FILE.unlink(missing_ok=True)
    for f in config.FIGURES_DIR.glob("*.*"):
        if f.suffix in (".png", ".svg"):
            f.unlink()


def make(*targets: str) -> list[str]:
    """The make command for the targets, without make's directory messages."""
    return ["make", "--no-print-directory", *targets]


# --------------------------------------------------------------------------- build measures

def clean_build() -> float:
    """Seconds of `make report` with every output removed first."""
    remove_outputs()
    return run(make("report"))


def naive_build() -> float:
    """The usual way: jupyter nbconvert --execute, one notebook after the other."""
    jupyter = str(Path(sys.executable).with_name("jupyter"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {"AIFIGURES_INTERACTIVE_FIGURES_DIR": str(Path(tmp) / "figures")}
        start = time.perf_counter()
        for nb in sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
            run([jupyter, "nbconvert", "--to", "html", "--execute", str(nb), "--output-dir", tmp], env=env)
        return time.perf_counter() - start


def floor() -> float:
    """Kernel start + imports for each notebook, one after the other, divided by the cores."""
    import asyncio

    import nbformat

    from aifigures.build.kernels import kernel_manager, new_client

    async def one() -> float:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(IMPORTS)]
        km, sockets = kernel_manager()  # the same kernels as the build's
        start = time.perf_counter()
        try:
            await new_client(nb, km, config.NOTEBOOKS_DIR).async_execute()
            return time.perf_counter() - start
        finally:
            await km.shutdown_kernel(now=True)
            shutil.rmtree(sockets, ignore_errors=True)

    notebooks = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    total = sum(asyncio.run(one()) for _ in notebooks)
    return total / (os.cpu_count() or 1)


def work_floor() -> float:
    """Each notebook executed alone in a fresh kernel (start + imports + its own work), one
    after the other, divided by the cores; plus one export: the build with perfect parallelism."""
    import asyncio

    import nbformat

    from aifigures.build.kernels import kernel_manager, new_client
    from aifigures.build.notebooks import discover

    async def one(path: Path) -> float:
        nb = nbformat.read(path, as_version=4)
        km, sockets = kernel_manager()
        with tempfile.TemporaryDirectory() as figures:
            env = {**os.environ, "AIFIGURES_INTERACTIVE_FIGURES_DIR": figures}
            start = time.perf_counter()
            try:
                await new_client(nb, km, path.parent).async_execute(env=env)
                return time.perf_counter() - start
            finally:
                await km.shutdown_kernel(now=True)
                shutil.rmtree(sockets, ignore_errors=True)

    notebooks = discover()
    total = sum(asyncio.run(one(nb.path)) for nb in notebooks)
    start = time.perf_counter()
    run([sys.executable, "-c", "from aifigures.build.notebooks import discover; "
         "from aifigures.build.publish import export_report; export_report(discover())"])
    return total / (os.cpu_count() or 1) + (time.perf_counter() - start)


def noop_build() -> float:
    """Seconds of `make report` with everything up to date (measured after the clean builds)."""
    return run(make("report"))


def edit_one_file() -> float:
    """Change one data file (a note in fx_rates.csv, read by one notebook) and rebuild."""
    path = config.DATA_DIR / "fx_rates.csv"
    original = path.read_bytes()
    try:
        text = original.decode("utf-8")
        path.write_text(text.replace("Date of article A000.", "Date of article A000 (bench edit)."), encoding="utf-8")
        return run(make("report"))
    finally:
        path.write_bytes(original)
        run(make("report"))  # back to the committed state, not timed


def refused_build() -> float:
    """A build on data with one bad cell (a claim's kind outside its vocabulary): the seconds until
    it refuses, having stopped its kernels' warm-up as soon as validation failed."""
    import csv
    import io

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(config.DATA_DIR, data, ignore=shutil.ignore_patterns("articles", "research"))
        rows = list(csv.reader(io.StringIO((data / "claims.csv").read_text(encoding="utf-8"))))
        rows[1][rows[0].index("kind")] = "kore"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (data / "claims.csv").write_text(out.getvalue(), encoding="utf-8")
        env = {"AIFIGURES_DATA_DIR": str(data), "AIFIGURES_BUILD_DIR": str(Path(tmp) / "build"),
               "AIFIGURES_REPORTS_DIR": str(Path(tmp) / "reports"), "AIFIGURES_FIGURES_DIR": str(Path(tmp) / "figures")}
        return run([sys.executable, "-m", "aifigures", "build", "--force"], env=env, check=False)


SETUP_PYTHON = f"python{sys.version_info.major}.{sys.version_info.minor}"  # the same Python for both


def setup_from_clone() -> float:
    """`make venv` in a fresh clone: uv installs the pins (pip only as the fallback)."""
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        run(["git", "clone", "-q", str(config.PROJECT_ROOT), str(clone)])
        return run(make("venv", f"PYTHON={SETUP_PYTHON}"), cwd=clone)


def plain_pip_install() -> float:
    """Seconds of the usual set-up: a new venv and pip install -r requirements.txt (to compare with `make venv`)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run([SETUP_PYTHON, "-m", "venv", str(Path(tmp) / "venv")])
        run([str(Path(tmp) / "venv" / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
             "-r", str(config.PROJECT_ROOT / "requirements.txt")])
        return time.perf_counter() - start


# --------------------------------------------------------------------------- data layer at scale

def scale_run(data: Path) -> dict:
    """One data-layer run in this process on the ledger in `data`: time of each stage and peak memory."""
    os.environ.setdefault("AIFIGURES_MAX_CSV_MB", "100000")
    from aifigures.data.currency import convert_to_usd
    from aifigures.data.validate import validate
    from aifigures.data.verdicts import compute_verdicts

    stages = {}
    start = time.perf_counter()
    report = validate(data_dir=data, articles_dir=data / "no-articles")  # load, schema, units, quotes
    stages["load_validate_parse_s"] = time.perf_counter() - start
    if report.problems:
        raise RuntimeError(f"synthetic ledger in {data} has {len(report.problems)} problems: {report.problems[:3]}")
    claims = report.tables["claims"].drop(columns=["_line"])
    t = time.perf_counter()
    usd = convert_to_usd(claims, report.tables["fx_rates"])
    stages["convert_currency_s"] = time.perf_counter() - t
    t = time.perf_counter()
    verdicts = compute_verdicts(claims, report.tables["reference"].drop(columns=["_line"]))
    stages["verdicts_s"] = time.perf_counter() - t
    stages["total_s"] = time.perf_counter() - start
    assert len(verdicts) == len(claims) and len(usd) == len(claims)
    stages["peak_memory_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"claims": len(claims), **stages}


def scale(n: int, runs: int) -> dict:
    """The data layer on a synthetic ledger of `n` claims, each of `runs` runs in a new process: the median of
    each stage and of peak memory, and the min and max total."""
    results = []
    env = {**os.environ, "AIFIGURES_MAX_CSV_MB": "100000"}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run([sys.executable, "-m", "aifigures.tools.bench", "make-ledger", str(n), str(data)], env=env, check=True)
        for i in range(runs):
            out = subprocess.run([sys.executable, "-m", "aifigures.tools.bench", "scale", str(data)], capture_output=True, text=True, env=env)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-2000:])
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"bench: data layer, {n:>9,} claims                run {i + 1}/{runs}: {results[-1]['total_s']:7.2f} s, "
                  f"{results[-1]['peak_memory_mib']:,.0f} MiB", flush=True)
    keys = [k for k in results[0] if k != "claims"]
    return {"claims": n, **{k: statistics.median(r[k] for r in results) for k in keys},
            "min_total_s": min(r["total_s"] for r in results), "max_total_s": max(r["total_s"] for r in results), "runs": runs}


# --------------------------------------------------------------------------- report

TARGETS = {
    "clean build vs naive": ("≤ 0.25", lambda r: r["clean"] / r["naive"]),
    "clean build vs floor (kernel + imports + work, + export)": ("≤ 1.3", lambda r: r["clean"] / r["work_floor"]),
    "clean build vs floor (kernel + imports only)": ("≤ 1.3", lambda r: r["clean"] / r["floor"]),
    "no-op rebuild (s)": ("< 0.5", lambda r: r["noop"]),
    "10^6 claims through the data layer (s)": ("< 10", lambda r: r["scale_1e6"]),
    "peak memory at 10^6 claims (MiB)": ("< 2048", lambda r: r["mem_1e6"]),
    "set-up from a fresh clone vs plain pip": ("≤ 0.3", lambda r: r["setup"] / r["pip"]),
}
SETUP_MEASURES = ("set-up from a fresh clone (make venv)", "set-up with plain pip install -r requirements.txt")


def write_report(builds: list[dict], scales: list[dict], stem: str = "bench") -> Path:
    """Write the measures and the targets met to reports/bench/STEM.csv and STEM.md; the .md's path."""
    OUT.mkdir(parents=True, exist_ok=True)
    machine = f"{os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}"
    with (OUT / f"{stem}.csv").open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kind", "measure", "median_s", "min_s", "max_s", "runs", "peak_memory_mib"])
        for b in builds:
            w.writerow(["build", b["measure"], f"{b['median_s']:.3f}", f"{b['min_s']:.3f}", f"{b['max_s']:.3f}", b["runs"], ""])
        for s in scales:
            w.writerow(["data layer", f"{s['claims']} claims", f"{s['total_s']:.3f}", f"{s['min_total_s']:.3f}",
                        f"{s['max_total_s']:.3f}", s["runs"], f"{s['peak_memory_mib']:.0f}"])
    by = {b["measure"]: b["median_s"] for b in builds}
    ratios = {"clean": by.get("clean build (make report, outputs removed)"), "naive": by.get("naive: jupyter nbconvert --execute, one by one"),
              "floor": by.get("floor: kernel start + imports per notebook / cores"), "noop": by.get("no-op rebuild (make report)"),
              "work_floor": by.get("floor with work: each notebook alone / cores + one export"),
              "setup": by.get(SETUP_MEASURES[0]), "pip": by.get(SETUP_MEASURES[1])}
    big = next((s for s in scales if s["claims"] == 1_000_000), None)
    ratios["scale_1e6"] = big["total_s"] if big else None
    ratios["mem_1e6"] = big["peak_memory_mib"] if big else None
    lines = ["# Benchmark\n", f"Measured {time.strftime('%Y-%m-%d')} on {machine}; median of the runs, with min and max.\n",
             "## Build\n", "| measure | median (s) | min | max | runs |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {b['measure']} | {b['median_s']:.2f} | {b['min_s']:.2f} | {b['max_s']:.2f} | {b['runs']} |" for b in builds]
    if scales:
        lines += ["", "## Data layer (load, validate, parse units, convert currency, verdicts) on synthetic ledgers\n",
                  "| claims | load + validate + parse (s) | convert currency (s) | verdicts (s) | total (s) | min | max | peak memory (MiB) |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {s['claims']:,} | {s['load_validate_parse_s']:.2f} | {s['convert_currency_s']:.2f} | {s['verdicts_s']:.2f} | "
                  f"{s['total_s']:.2f} | {s['min_total_s']:.2f} | {s['max_total_s']:.2f} | {s['peak_memory_mib']:,.0f} |" for s in scales]
    lines += ["", "## Targets\n", "| target | goal | measured | met |", "|---|---|---:|---|"]
    for name, (goal, fn) in TARGETS.items():
        try:
            value = fn(ratios)
        except (TypeError, ZeroDivisionError):
            value = None
        if value is None:
            if stem == "bench":  # a partial run (bench setup) lists only what it measured
                lines.append(f"| {name} | {goal} | not measured | |")
            continue
        bound = float(goal.split()[-1])
        met = value <= bound if "≤" in goal else value < bound
        lines.append(f"| {name} | {goal} | {value:.2f} | {'yes' if met else 'no'} |")
    (OUT / f"{stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return OUT / f"{stem}.md"

# --------------------------------------------------------------------------- check (issue #15)

CHECK_WORDS = 10_000
CHECK_TARGET = ("check, 10,000-word article: load data, link, judge (s)", "< 2")
DEV_ARTICLES = config.PROJECT_ROOT / "tests" / "tools" / "dev"


def check_article(words: int = CHECK_WORDS) -> str:
    """An article of at least `words` whitespace-separated words: the dev test articles
    (English and Chinese) repeated; the Chinese parts add figures without adding words."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(DEV_ARTICLES.glob("*.txt"))]
    text, count = [], 0
    while count < words:
        for part in parts:
            text.append(part)
            count += len(part.split())
    return "\n".join(text)


def check_speed(runs: int) -> dict:
    """`check` on a 10,000-word article: in this process (tables loaded and validated, every
    figure linked and judged), and the whole command in a new process (with its imports)."""
    from aifigures.tools.check import Checker

    text = check_article()
    figures = []

    def in_process() -> float:
        start = time.perf_counter()
        figures[:] = Checker().check(text, "bench.txt")
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench_article.txt"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "aifigures", "check", str(path)]
        rows = [repeat("check in process: load data, link, judge", in_process, runs),
                repeat("python -m aifigures check (a new process, imports included)", lambda: run(command), runs)]
    return {"words": len(text.split()), "chars": len(text), "figures": len(figures), "rows": rows}


def write_check_report(result: dict) -> Path:
    """Write check's timings and its target to reports/bench/check.md; its path."""
    name, goal = CHECK_TARGET
    value = result["rows"][0]["median_s"]
    lines = [f"## check on a {result['words']:,}-word article ({result['chars']:,} characters, {result['figures']:,} figures)\n",
             "| measure | median (s) | min | max | runs |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['measure']} | {r['median_s']:.2f} | {r['min_s']:.2f} | {r['max_s']:.2f} | {r['runs']} |" for r in result["rows"]]
    lines += ["", "| target | goal | measured | met |", "|---|---|---:|---|",
              f"| {name} | {goal} | {value:.2f} | {'yes' if value < float(goal.split()[-1]) else 'no'} |"]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "check.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Run what the arguments name (see the module's docstring), by default every benchmark; 0."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["make-ledger"]:  # in its own process: its memory is not the data layer's
        from aifigures.tools.synthetic import make_ledger

        make_ledger(int(argv[1]), Path(argv[2]))
        return 0
    if argv[:1] == ["scale"]:
        print(json.dumps(scale_run(Path(argv[1]))))
        return 0
    if argv[:1] == ["check"]:
        print(write_check_report(check_speed(RUNS)).read_text(encoding="utf-8"))
        return 0
    if argv[:1] == ["refused"]:  # the bad-data build alone
        print(write_report([repeat("refused build: one bad cell in claims.csv", refused_build, RUNS)], [],
                           stem="refused").read_text(encoding="utf-8"))
        return 0
    if argv[:1] == ["setup"]:  # the two set-up measures alone, in turn (a few minutes)
        builds = interleaved(list(zip(SETUP_MEASURES, (setup_from_clone, plain_pip_install))), SLOW_RUNS)
        print(write_report(builds, [], stem="setup").read_text(encoding="utf-8"))
        return 0
    clean, floor_alone, floor_with_work = interleaved([
        ("clean build (make report, outputs removed)", clean_build),
        ("floor: kernel start + imports per notebook / cores", floor),
        ("floor with work: each notebook alone / cores + one export", work_floor),
    ], RUNS)
    builds = [
        clean,
        repeat("naive: jupyter nbconvert --execute, one by one", naive_build, SLOW_RUNS),
        floor_alone,
        floor_with_work,
        repeat("no-op rebuild (make report)", noop_build, RUNS * 2),
        repeat("rebuild after editing one data file", edit_one_file, RUNS),
        repeat("refused build: one bad cell in claims.csv", refused_build, RUNS),
        *interleaved(list(zip(SETUP_MEASURES, (setup_from_clone, plain_pip_install))), SLOW_RUNS),
    ]
    scales = [scale(n, RUNS if n < 1_000_000 else SLOW_RUNS) for n in SCALES]
    path = write_report(builds, scales)
    check_table = write_check_report(check_speed(RUNS)).read_text(encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + check_table)
    print(path.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
