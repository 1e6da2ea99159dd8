"""Every address in the data is an absolute http(s) link: any other scheme, a relative address
or a hidden character is refused with file, line and column, before anything is built."""

import pytest

from aifigures.data.checks import url_fault
from aifigures.data.dictionary import load_dictionary

from ..conftest import DATA
from .test_validate import only, problems, set_cell

REFUSED = {
    "javascript:alert(1)": "uses the javascript: scheme",
    "JAVASCRIPT:alert(1)": "uses the javascript: scheme",
    "JavaScript:alert(document.domain)": "uses the javascript: scheme",
    " javascript:alert(1)": "holds ' '",
    "javascript\t:alert(1)": "holds '\\t'",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==": "uses the data: scheme",
    "vbscript:msgbox(1)": "uses the vbscript: scheme",
    "ftp://ftp.example.org/file.txt": "uses the ftp: scheme",
    "file:///etc/passwd": "uses the file: scheme",
    "reports/report.html": "not an absolute address",
    "/index.html": "not an absolute address",
    "#top": "not an absolute address",
    "//evil.example/x": "not an absolute address",
    "https:///path-without-host": "names no host",
    "https://": "names no host",
    "https:example.org/page": "names no host",
    "https://example.org:port/": "not a well-formed",
    "https://example.org/a\nb": "holds '\\n'",
    "https://example.org/a\tb": "holds '\\t'",
    "https://example.org/a b": "holds ' '",
    "https://example.org/\u202egnp.exe": "U+202E",
    "https://exa\u200bmple.org/": "U+200B",
    "https://evil.example\\@example.org/": "holds '\\\\'",
    'https://example.org/"onmouseover="alert(1)': "holds '\"'",
    "https://example.org/<script>": "holds '<'",
}

ACCEPTED = ["https://example.org", "http://j.people.com.cn/n3/2025/0711/c95952-20339107.html",
            "HTTPS://Example.org/a?b=c&d=e#f", "https://example.org:8080/x", "https://[2001:db8::1]/x",
            "https://zh.wikipedia.org/wiki/%E6%B7%B1%E5%BA%A6%E6%B1%82%E7%B4%A2", ""]


@pytest.mark.parametrize("url, words", list(REFUSED.items()))
def test_refused_addresses_name_what_is_wrong(url, words):
    fault = url_fault(url)
    assert fault is not None and words in fault, fault
    assert "https://" in fault  # and says what to write instead


@pytest.mark.parametrize("url", ACCEPTED)
def test_real_links_pass(url):
    assert url_fault(url) is None


@pytest.mark.parametrize("table, row", [("reference.csv", 3), ("fx_rates.csv", 0)])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x",
                                 "https://example.org/a\nb", "../notes.html"])
def test_validation_refuses_them_in_every_url_column(data_copy, table, row, url):
    line = set_cell(data_copy / table, row, "url", url)
    found = problems(data_copy)
    only(found, table, line, "url", "https://")
    assert [p for p in found if p.column == "url"] and all(p.line == line for p in found if p.column == "url")


def test_the_command_exits_1_with_file_line_and_column(data_copy, cli_here):
    line = set_cell(data_copy / "reference.csv", 5, "url", "JAVASCRIPT:alert(1)")
    result = cli_here("validate", env={"AIFIGURES_DATA_DIR": str(data_copy)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"reference.csv:{line}: column 'url': 'JAVASCRIPT:alert(1)' uses the javascript: scheme" in result.stderr


def test_every_column_that_holds_addresses_is_typed_url():
    """The rule is driven by the dictionary: a column of addresses must say type url to be checked."""
    dictionary = load_dictionary(DATA / "dictionary.yml")
    address_columns = [(t.name, f.name) for t in dictionary.tables.values() for f in t.fields.values()
                       if f.name == "url" or f.name.endswith("_url")]
    assert ("reference", "url") in address_columns and ("fx_rates", "url") in address_columns
    assert all(dictionary.tables[t].fields[f].type == "url" for t, f in address_columns)
