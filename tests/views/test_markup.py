"""Tables and fragments as the report shows them: escaped, linkable, stackable, stable."""

import pandas as pd

from aifigures.views import markup
from aifigures.views.markup import Html


def test_cells_are_escaped_and_markup_made_here_is_kept():
    frame = pd.DataFrame({"a": ["<script>x</script>", "x & y"], "b": [markup.claim_link("A000-05"), Html("<b>ok</b>")]})
    html = markup.render_table(frame)
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "x &amp; y" in html
    assert '<a class="claim-link" href="#A000-05">A000-05</a>' in html and "<b>ok</b>" in html


def test_markup_survives_a_pandas_column():
    # pandas turns a column of str into its own string type; Html must stay marked
    frame = pd.DataFrame({"b": [markup.claim_link("A001-02")]})
    assert isinstance(frame["b"].iloc[0], Html)


def test_rows_carry_their_anchor_and_cells_their_label():
    frame = pd.DataFrame({"anchor": ["R100", "R101"], "the source": ["one", "two"]})
    html = markup.render_table(frame.drop(columns="anchor"), row_ids=frame["anchor"])
    assert '<tr id="R100">' in html and '<tr id="R101">' in html
    assert html.count('data-label="the source"') == 2


def test_links_out_are_http_only_and_send_no_referrer():
    good = markup.external_link("https://example.org/a?b=1&c=2", "Title <i>")
    assert str(good) == ('<a class="source-link" href="https://example.org/a?b=1&amp;c=2" '
                         'rel="noopener noreferrer">Title &lt;i&gt;</a>')
    for bad in ('https://example.org/"onmouseover="x', "javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,hi",
                "vbscript:x", "/relative", "//host/x", ""):
        assert "<a" not in str(markup.external_link(bad, "t")), bad


def test_badges_carry_the_verdict_in_words():
    assert str(markup.badge("partly_holds")) == '<span class="badge verdict-partly_holds">Partly holds</span>'
    assert "(reviewed)" in str(markup.badge("misattributed", overridden=True))
    assert str(markup.badge("<x>")) == "&lt;x&gt;"


def test_long_tokens_get_break_points_and_ordinary_words_none():
    url = "https://github.com/deepseek-ai/DeepSeek-V3/blob/main/README_WEIGHTS.md"
    html = markup.text(f"see {url} for details")
    assert html.startswith("see https://<wbr>github.<wbr>com/") and " for details" in html
    assert markup.text(url).replace("<wbr>", "") == url.replace("&", "&amp;")
    assert "<wbr>" not in markup.text("an ordinary sentence with internationalization in it")
    assert markup.text("W" * 60).count("<wbr>") == 4
    assert markup.text("<" + "a" * 30 + ">").replace("<wbr>", "") == "&lt;" + "a" * 30 + "&gt;"


def test_quotes_show_their_english_gloss():
    html = str(markup.quote_block("總參數量達到1.04萬億", "total parameters reach 1.04 trillion", "zh-Hant"))
    assert '<span class="quote" lang="zh-Hant">總參數量達到1.04萬億</span>' in html
    assert '<span class="gloss" lang="en">total parameters reach 1.04 trillion</span>' in html
    assert "gloss" not in str(markup.quote_block("in English", ""))


def test_ids_in_running_text_link_to_their_rows():
    html = str(markup.linked_text("the sources found (R218) state no number; see A001-13 <b>"))
    assert '<a class="ref-link" href="#R218">R218</a>' in html
    assert '<a class="claim-link" href="#A001-13">A001-13</a>' in html
    assert "&lt;b&gt;" in html and "R1 " not in html
