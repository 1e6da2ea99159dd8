"""The package's HTML is written by Jinja2 templates in one environment: every value is escaped
unless it is markup the package built, attribute values whole, and no Python string writes a tag."""

import ast
import re
from pathlib import Path

from aifigures.views import markup
from aifigures.views.markup import Html, fragment, render_template

PACKAGE = Path(markup.__file__).parents[1]
TAG = re.compile(r"(?<!\?P)</?[a-z][a-z0-9]*(?=[\s>/])")
# strings with a tag that write no markup of the report, each with its reason
ALLOWED_TAGS = {
    ("views/markup.py", "<wbr>"): "the escaper itself writes its break opportunity",
    ("build/export.py", "<p>table</p>"): "the export's warm-up notebook is no page",
    ("build/claimreview.py", "</head>"): "where the JSON-LD goes, searched for, and the error that says it is missing",
    ("data/display.py", "<na>"): "pandas' text for a missing value, compared with",
}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def test_no_python_string_writes_a_tag():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                allowed = any(where == relative and tag in node.value for where, tag in ALLOWED_TAGS)
                if TAG.search(node.value) and not allowed:
                    found.append(f"{relative}:{node.lineno}: {node.value[:60]!r}")
    assert found == [], "HTML belongs in a template (views/templates/fragments.html.j2):\n" + "\n".join(found)


def test_the_scan_sees_a_tag_in_an_f_string(tmp_path):
    # the check above reads the constant parts of f-strings too: a fragment written by hand is seen
    tree = ast.parse("def f(x):\n    return f'<span class=\"about\">{x}</span>'\n")
    constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert any(TAG.search(c) for c in constants)


def test_every_attribute_value_in_a_template_is_escaped_whole():
    templates = [p for d in markup.TEMPLATE_DIRS for p in sorted(Path(d).glob("*.j2"))]
    assert {p.name for p in templates} >= {"fragments.html.j2", "finding_card.html.j2", "contents.html.j2", "check_page.html.j2"}
    bare = []
    for path in templates:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for value in re.findall(r'=\s*"([^"]*)"', line):
                for expression in re.findall(r"{{(.*?)}}", value):
                    if "|attribute" not in expression.replace(" ", "") and expression.strip() not in ("csp",):
                        bare.append(f"{path.name}:{number}: {{{{{expression}}}}}")
    assert bare == []


def test_values_are_escaped_as_html_escape_does_and_package_markup_is_kept():
    link = fragment("external_link", 'https://example.com/?a="1"&b=2', 'O\'Reilly <b>&</b>')
    assert link.markup == ('<a class="source-link" href="https://example.com/?a=&quot;1&quot;&amp;b=2" '
                           'rel="noopener noreferrer">O&#x27;Reilly &lt;b&gt;&amp;&lt;/b&gt;</a>')
    kept = fragment("span", "about", Html("<em>built</em>"))
    assert kept.markup == '<span class="about"><em>built</em></span>'
    assert fragment("span", "about", None).markup == '<span class="about"></span>'


def test_long_tokens_break_in_text_and_never_inside_an_attribute():
    url = "https://example.com/a/very/long/path/to/a/document.pdf"
    link = fragment("external_link", url, url).markup
    href, label = re.match(r'<a class="source-link" href="([^"]*)" rel="noopener noreferrer">(.*)</a>', link).groups()
    assert href == url and "<wbr>" not in href
    assert "<wbr>" in label and label.replace("<wbr>", "") == url


def test_templates_of_every_layer_come_from_one_environment():
    contents = render_template("contents.html.j2", entries=[("a-b", "Rock & \"roll\"")]).markup
    assert '<a href="#a-b">Rock &amp; &quot;roll&quot;</a>' in contents
