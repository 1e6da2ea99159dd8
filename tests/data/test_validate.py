"""Each validation rule, on a copy of the data broken on purpose: file, line, column and why."""

import csv
import io
from pathlib import Path

import pytest

from aifigures.data.validate import validate

from ..conftest import articles_dir


def rewrite(path: Path, change) -> None:
    """Apply change(rows) to a CSV's rows (list of dicts) and write it back."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(path: Path, row_index: int, column: str, value: str) -> int:
    """Set one cell; return the CSV line the row is on (header = line 1)."""
    rewrite(path, lambda rows: rows[row_index].__setitem__(column, value))
    return row_index + 2


def problems(data: Path, articles: Path | None = None):
    return validate(data_dir=data, articles_dir=articles or data / "no-articles").problems


def only(found, file: str, line: int | None, column: str | None, words: str, consequences: tuple[str, ...] = ()):
    """The expected problem is found, and nothing else but what the same broken row says of
    itself (a cell that no longer parses no longer matches its quote either) or the named
    `consequences` elsewhere: a breakage that sets off a spurious problem fails here."""
    hits = [p for p in found if p.file.endswith(file) and p.line == line and p.column == column and words in p.message]
    assert hits, f"expected {file}:{line} [{column}] '{words}' in:\n" + "\n".join(map(str, found))
    others = [p for p in found if p not in hits and not (p.file.endswith(file) and p.line == line)
              and not any(c in p.message for c in consequences)]
    assert others == [], f"besides {file}:{line} [{column}] '{words}', also:\n" + "\n".join(map(str, others))


def test_only_fails_on_a_spurious_problem_elsewhere():
    from aifigures.data.problems import Problem

    expected = Problem("data/claims.csv", 8, "value", "'x' is not a number")
    same_row = Problem("data/claims.csv", 8, "value", "'671B' reads as 6.71e+11")
    only([expected, same_row], "claims.csv", 8, "value", "is not a number")
    with pytest.raises(AssertionError, match="also:"):
        only([expected, Problem("data/entities.csv", 3, "name", "is empty")], "claims.csv", 8, "value", "is not a number")


def claim_index(data: Path, claim_id: str) -> int:
    rows = list(csv.DictReader((data / "claims.csv").open(encoding="utf-8")))
    return next(i for i, r in enumerate(rows) if r["claim_id"] == claim_id)


def test_clean_copy_has_no_problems(data_copy):
    assert problems(data_copy) == []


def test_value_that_differs_from_its_quote(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A000-07"), "value", "670000000000")
    only(problems(data_copy), "claims.csv", line, "value", "'671B' reads as 6.71e+11")


def test_number_that_does_not_parse(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A000-07"), "value", "671 billion")
    only(problems(data_copy), "claims.csv", line, "value", "is not a number")


def test_unit_outside_vocabulary(data_copy):
    line = set_cell(data_copy / "claims.csv", 0, "unit", "furlongs")
    only(problems(data_copy), "claims.csv", line, "unit", "not in the unit vocabulary")


def test_metric_outside_vocabulary(data_copy):
    line = set_cell(data_copy / "claims.csv", 0, "metric", "vibes")
    only(problems(data_copy), "claims.csv", line, "metric", "not in the metric vocabulary")


def test_unit_that_does_not_fit_the_metric(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A000-07"), "unit", "tokens")
    only(problems(data_copy), "claims.csv", line, "unit", "not a unit of metric params_total")


def test_unknown_article_id(data_copy):
    line = set_cell(data_copy / "claims.csv", 0, "article_id", "A999")
    only(problems(data_copy), "claims.csv", line, "article_id", "not a known article_id")


def test_unknown_entity_id(data_copy):
    line = set_cell(data_copy / "claims.csv", 0, "entity_id", "gpt-7")
    only(problems(data_copy), "claims.csv", line, "entity_id", "not a known entity_id")


def test_duplicate_id(data_copy):
    line = set_cell(data_copy / "claims.csv", 1, "claim_id", "A000-01")
    only(problems(data_copy), "claims.csv", line, "claim_id", "duplicate id 'A000-01', first used on line 2")


def test_negative_value(data_copy):
    line = set_cell(data_copy / "reference.csv", 0, "value", "-236000000000")
    only(problems(data_copy), "reference.csv", line, "value", "must be greater than zero")


def test_active_above_total(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A001-08"), "value", "2000000000000")
    found = problems(data_copy)
    only(found, "claims.csv", line, "value", "active parameters 2000000000000 exceed the total")


def test_range_low_above_high(data_copy):
    idx = claim_index(data_copy, "A003-06")
    set_cell(data_copy / "claims.csv", idx, "value_low", "40")
    only(problems(data_copy), "claims.csv", idx + 2, "value_low", "range low 40 is above its high 30")


@pytest.mark.parametrize("value, words", [("2025-02-30", "not a real calendar date"), ("2031-01-01", "is in the future"),
                                          ("July 2025", "not a date of the form")])
def test_bad_dates(data_copy, value, words):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A001-05"), "refers_to", value)
    only(problems(data_copy), "claims.csv", line, "refers_to", words)


@pytest.mark.skipif(articles_dir() is None, reason="article texts not present (set ARTICLES_DIR)")
def test_quote_not_in_its_article(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A000-07"), "quote", "a 617B parameter MoE architecture")
    found = problems(data_copy, articles_dir())
    only(found, "claims.csv", line, "quote", "does not occur verbatim in article A000")


def test_missing_article_texts_are_one_note_not_an_error(data_copy):
    report = validate(data_dir=data_copy, articles_dir=data_copy / "nowhere")
    assert report.problems == []
    assert any("article texts not found" in n for n in report.notes)


def test_price_without_exchange_rate(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A000-05"), "refers_to", "2023-03")
    only(problems(data_copy), "claims.csv", line, "refers_to", "no CNY/USD rate")


def test_figure_text_not_in_quote(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A000-07"), "figure_text", "672B")
    only(problems(data_copy), "claims.csv", line, "figure_text", "does not occur in the row's quote")


def test_quote_too_long(data_copy):
    line = set_cell(data_copy / "claims.csv", 0, "quote", "x" * 201)
    only(problems(data_copy), "claims.csv", line, "quote", "at most 200 allowed")


def test_missing_required_cell(data_copy):
    line = set_cell(data_copy / "articles.csv", 0, "title", "")
    only(problems(data_copy), "articles.csv", line, "title", "is empty; it is required")


@pytest.mark.parametrize("breakage, line, words", [
    (lambda raw: b"\xef\xbb\xbf" + raw, 1, "byte-order mark"),
    (lambda raw: raw.replace(b"\n", b"\r\n"), 1, "CRLF"),
    (lambda raw: raw[:200] + b"\xff\xfe" + raw[200:], None, "is not UTF-8"),
    (lambda raw: b"", 1, "file is empty"),
    (lambda raw: raw + b'A004-99,A004,"unclosed quote,x\n', None, "never closed"),
    (lambda raw: raw + b"A004-99,A004,too,few\n", None, "fields where the header has"),
])
def test_unreadable_files(data_copy, breakage, line, words):
    path = data_copy / "claims.csv"
    path.write_bytes(breakage(path.read_bytes()))
    found = [p for p in problems(data_copy) if p.file.endswith("claims.csv")]
    assert any(words in p.message and (line is None or p.line == line) for p in found), found


@pytest.mark.parametrize("shape", ["quoted newline", "blank lines", "both"])
def test_line_numbers_follow_the_file_when_records_span_lines(data_copy, shape):
    """Problems name the physical line even when a note spans lines or blank lines sit between records."""
    path = data_copy / "articles.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    if shape in ("quoted newline", "both"):
        rows[0]["notes"] = "first line of a note\nsecond line of it"
    rows[2]["language"] = "klingon"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    if shape in ("blank lines", "both"):
        lines = text.split("\n")
        text = "\n".join(lines[:2] + ["", ""] + lines[2:])
    path.write_text(text, encoding="utf-8")
    # record 2 (0-based) sits after the header, record 0 and 1: one line each, plus the extra ones
    expected = 4 + (1 if shape in ("quoted newline", "both") else 0) + (2 if shape in ("blank lines", "both") else 0)
    assert text.split("\n")[expected - 1].find("klingon") >= 0
    only(problems(data_copy), "articles.csv", expected, "language", "klingon",
         consequences=("is in klingon: give our own English translation",))  # its claims now need a gloss


def test_missing_file(data_copy):
    (data_copy / "fx_rates.csv").unlink()
    only(problems(data_copy), "fx_rates.csv", None, None, "file is missing")


def test_every_problem_is_reported_at_once(data_copy):
    set_cell(data_copy / "claims.csv", 0, "unit", "furlongs")
    set_cell(data_copy / "articles.csv", 0, "language", "klingon")
    found = problems(data_copy)
    assert {p.file.rsplit("/", 1)[-1] for p in found} >= {"claims.csv", "articles.csv"}


def test_cli_reports_data_errors_without_traceback(data_copy, cli_here):
    line = set_cell(data_copy / "claims.csv", 0, "unit", "furlongs")
    result = cli_here("validate", env={"AIFIGURES_DATA_DIR": str(data_copy)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"claims.csv:{line}: column 'unit': 'furlongs' is not in the unit vocabulary" in result.stderr


def test_cli_passes_on_committed_data(cli_here):
    env = {"ARTICLES_DIR": str(articles_dir())} if articles_dir() else {}
    result = cli_here("validate", env=env)
    assert result.returncode == 0, result.stderr
    assert "all tables valid" in result.stdout


# --------------------------------------------------------------------------- tiers and periods

def ref_index(data: Path, ref_id: str) -> int:
    rows = list(csv.DictReader((data / "reference.csv").open(encoding="utf-8")))
    return next(i for i, r in enumerate(rows) if r["ref_id"] == ref_id)


def line_of(path: Path, first_cell: str) -> int:
    """The file line a row starts on (quoted cells may hold line breaks, so not index + 2)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, text in enumerate(lines, 1) if text.startswith(first_cell + ","))


def test_unknown_tier(data_copy):
    set_cell(data_copy / "reference.csv", ref_index(data_copy, "R1001"), "tier", "happy_hour")
    line = line_of(data_copy / "reference.csv", "R1001")
    only(problems(data_copy), "reference.csv", line, "tier", "'happy_hour' is not in the tier vocabulary")


def test_period_that_ends_before_it_starts(data_copy):
    set_cell(data_copy / "reference.csv", ref_index(data_copy, "R1001"), "valid_to", "2025-01-01")
    line = line_of(data_copy / "reference.csv", "R1001")
    only(problems(data_copy), "reference.csv", line, "valid_to", "2025-01-01 is before valid_from 2025-02-24")


def test_overlapping_periods_of_one_price(data_copy):
    # R1001 (Claude 3.7 Sonnet, $3 input, from 2025-02-24) and a second standard input price
    # from 2025-06 with no end: two values in force on the same day
    rows = list(csv.DictReader((data_copy / "reference.csv").open(encoding="utf-8")))
    first = next(r for r in rows if r["ref_id"] == "R1001")
    rewrite(data_copy / "reference.csv", lambda rs: rs.append({**first, "ref_id": "R9999", "value": "2", "valid_from": "2025-06"}))
    line = line_of(data_copy / "reference.csv", "R9999")
    only(problems(data_copy), "reference.csv", line, "valid_from",
         f"R9999's period overlaps R1001's (line {line_of(data_copy / 'reference.csv', 'R1001')})")


def test_periods_that_follow_each_other_are_fine(data_copy):
    rows = list(csv.DictReader((data_copy / "reference.csv").open(encoding="utf-8")))
    first = next(r for r in rows if r["ref_id"] == "R1001")

    def follow(rs):
        next(r for r in rs if r["ref_id"] == "R1001")["valid_to"] = "2025-05-31"
        rs.append({**first, "ref_id": "R9999", "value": "2", "valid_from": "2025-06-01"})
    rewrite(data_copy / "reference.csv", follow)
    assert problems(data_copy) == []


def test_version_of_names_a_known_entity(data_copy):
    rows = list(csv.DictReader((data_copy / "entities.csv").open(encoding="utf-8")))
    i = next(i for i, r in enumerate(rows) if r["entity_id"] == "deepseek-v3.2-exp")
    line = set_cell(data_copy / "entities.csv", i, "version_of", "deepseek-v9")
    only(problems(data_copy), "entities.csv", line, "version_of", "deepseek-v9")
