"""The English gloss (claims.quote_en): required beside every quote from a non-English article."""

import csv

from .test_validate import claim_index, only, problems, rewrite, set_cell


def rows_of(path):
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_every_quote_from_a_non_english_article_has_a_gloss_in_the_committed_data(data_copy):
    languages = {a["article_id"]: a["language"] for a in rows_of(data_copy / "articles.csv")}
    claims = rows_of(data_copy / "claims.csv")
    foreign = [c for c in claims if languages[c["article_id"]] != "en"]
    assert foreign, "the ledger should hold quotes from the Chinese article"
    assert all(c["quote_en"].strip() for c in foreign)
    assert not any(c["quote_en"] for c in claims if languages[c["article_id"]] == "en")


def test_missing_gloss_is_an_error_naming_line_and_column(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A001-07"), "quote_en", "")
    only(problems(data_copy), "claims.csv", line, "quote_en", "article A001 is in zh-Hant: give our own English translation")


def test_blank_gloss_counts_as_missing(data_copy):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A001-05"), "quote_en", "   ")
    only(problems(data_copy), "claims.csv", line, "quote_en", "is empty")


def test_article_switched_to_chinese_needs_glosses_for_all_its_quotes(data_copy):
    rewrite(data_copy / "articles.csv", lambda rows: next(r for r in rows if r["article_id"] == "A004").__setitem__("language", "zh-Hans"))
    claims = rows_of(data_copy / "claims.csv")
    expected = {i + 2 for i, c in enumerate(claims) if c["article_id"] == "A004"}
    flagged = {p.line for p in problems(data_copy) if p.column == "quote_en"}
    assert flagged == expected


def test_gloss_beside_an_english_quote_is_a_note_not_an_error(data_copy, cli_here):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A000-07"), "quote_en", "a 671B parameter MoE architecture")
    result = cli_here("validate", env={"AIFIGURES_DATA_DIR": str(data_copy)})
    assert result.returncode == 0, result.stderr
    assert f"1 quote(s) from English articles carry a quote_en gloss (line(s) {line})" in result.stdout


def test_cli_exits_1_without_traceback_on_a_missing_gloss(data_copy, cli_here):
    line = set_cell(data_copy / "claims.csv", claim_index(data_copy, "A001-15"), "quote_en", "")
    result = cli_here("validate", env={"AIFIGURES_DATA_DIR": str(data_copy)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"claims.csv:{line}: column 'quote_en': is empty; article A001 is in zh-Hant" in result.stderr
