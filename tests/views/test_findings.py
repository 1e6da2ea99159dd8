"""The findings at the top of the report: counted from the ledger, one card per contradicted claim."""

import html as html_module
import re

import pytest

from aifigures.views import findings, report_tables
from aifigures.views.verdict_style import CONTRADICTED


@pytest.fixture(scope="module")
def ledger():
    return report_tables.ledger()


def test_the_headline_counts_come_from_the_ledger(ledger):
    sentence = re.sub(r"<[^>]+>", "", str(findings.headline()))
    counts = ledger["verdict"].value_counts()
    checked = len(ledger) - counts.get("not_checked", 0) - counts.get("unverifiable", 0)
    supported = sum(counts.get(v, 0) for v in ("matches", "rounded", "consistent"))
    assert f"make {len(ledger):,} checkable statements" in sentence
    assert f"{checked:,} were checked against a source" in sentence
    assert f"The sources support {supported:,}:" in sentence
    contradicted = sum(counts.get(v, 0) for v in CONTRADICTED)
    if contradicted:
        assert f"only partly support {contradicted:,} (" in sentence
    assert f"{counts.get('not_checked', 0):,} context figures" in sentence
    assert "exactly)" not in sentence, "matches is not one kind: the sentence splits figures, dates and words"


def test_the_headline_says_what_the_verdicts_rest_on(ledger):
    """First-hand against secondary, counted from the access of the sources each verdict cites."""
    sentence = re.sub(r"<[^>]+>", "", str(findings.headline()))
    judged = ledger[~ledger["verdict"].isin(["not_checked", "unverifiable"])]
    access = report_tables.load_all()["reference"].set_index("ref_id")["access"]
    kinds = [{access.get(i) for i in str(ids).split(";") if i} for ids in judged["ref_ids"]]
    first_hand = sum("first_hand" in k for k in kinds)
    secondary = sum("first_hand" not in k and "secondary" in k for k in kinds)
    assert first_hand + secondary <= len(judged) and secondary > 0
    assert f"{first_hand:,} of these verdicts rest on a first-hand source" in sentence
    assert f"{secondary:,} only on a secondary copy" in sentence


def test_a_card_on_a_secondary_copy_says_so_beside_its_badge(ledger):
    html = str(findings.cards())
    access = report_tables.load_all()["reference"].set_index("ref_id")["access"]
    for row in findings.contradicted().itertuples():
        header = html.split(f'id="finding-{row.claim_id}"')[1].split("</header>")[0]
        kinds = {access.get(i) for i in str(row.ref_ids).split(";") if i}
        assert ("secondary-mark" in header) == ("first_hand" not in kinds and "secondary" in kinds), row.claim_id


def test_no_explanation_is_cut_mid_sentence(ledger):
    """Shortened at a sentence end; the rest is in the card's fold, not lost."""
    html = str(findings.cards()) + str(findings.unverifiable())
    shown = re.findall(r'<div class="card-why"><p>(.*?)</p>', html) + re.findall(r'<span class="searched">(.*?)</span>', html)
    assert shown
    for text in shown:
        plain = re.sub(r"<[^>]+>", "", text).rstrip()
        assert plain.endswith((".", "!", "?", ")", "\"", "'")) and not plain.endswith("…"), plain[-60:]
    for row in findings.contradicted().itertuples():
        last_words = re.sub(r"\s+", " ", str(row.explanation).split(" — ")[0]).strip().rstrip(".")[-30:]
        card = html.split(f'id="finding-{row.claim_id}"')[1].split("</article>")[0]
        plain_card = html_module.unescape(re.sub(r"<[^>]+>", "", card))
        assert last_words[-20:] in re.sub(r"\s+", " ", plain_card), row.claim_id


def test_one_card_per_contradicted_claim_most_serious_then_farthest_off_first(ledger):
    html = str(findings.cards())
    expected = set(ledger.loc[ledger["verdict"].isin(CONTRADICTED), "claim_id"])
    carded = re.findall(r'<article class="finding-card [^"]*" id="finding-([^"]+)"', html)
    assert set(carded) == expected and len(carded) == len(expected)
    order = findings.contradicted()
    keys = [(CONTRADICTED.index(v), -d) for v, d in zip(order["verdict"], order["distance"])]
    assert keys == sorted(keys)
    assert carded == list(order["claim_id"])
    figures = dict(zip(ledger["claim_id"], ledger["figure_text"]))
    for claim_id in carded:
        card = html.split(f'id="finding-{claim_id}"')[1].split("</article>")[0]
        assert f'href="#{claim_id}"' in card, "a card links to the claim's ledger row"
        assert 'class="badge verdict-' in card
        # a figure is set beside the source's; a claim in words is its quote and the reason
        has_figures = "The article says" in card and "The source says" in card
        assert has_figures == bool(figures[claim_id]), claim_id


def test_every_contradicted_claim_with_sources_links_them(ledger):
    html = str(findings.cards())
    reference = report_tables.load_all()["reference"].set_index("ref_id")
    for row in ledger[ledger["verdict"].isin(CONTRADICTED)].itertuples():
        for ref_id in filter(None, str(row.ref_ids).split(";")):
            assert f'href="#{ref_id}"' in html
            url = reference.at[ref_id, "url"]
            if isinstance(url, str) and url.startswith("http"):
                assert 'rel="noopener noreferrer"' in html


def test_unverifiable_core_claims_are_listed_with_what_was_searched(ledger):
    html = str(findings.unverifiable())
    core = ledger[(ledger["verdict"] == "unverifiable") & (ledger["kind"] == "core")]
    assert len(core) > 0
    for claim_id in core["claim_id"]:
        assert f'href="#{claim_id}"' in html
    assert html.count('class="searched"') == len(core)
