"""The findings at the top of the report: counted from the ledger, one card per contradicted claim."""

import re

import pytest

from aifigures.views import analysis, findings
from aifigures.views.verdict_style import CONTRADICTED


@pytest.fixture(scope="module")
def ledger():
    return analysis.ledger()


def test_the_headline_counts_come_from_the_ledger(ledger):
    sentence = re.sub(r"<[^>]+>", "", str(findings.headline()))
    counts = ledger["verdict"].value_counts()
    checked = len(ledger) - counts.get("not_checked", 0) - counts.get("unverifiable", 0)
    supported = sum(counts.get(v, 0) for v in ("matches", "rounded", "consistent"))
    assert f"cite {len(ledger):,} figures" in sentence
    assert f"{checked:,} could be checked" in sentence
    assert f"supports {supported:,} of them" in sentence
    contradicted = sum(counts.get(v, 0) for v in CONTRADICTED)
    if contradicted:
        assert f"only partly support {contradicted:,}:" in sentence
    assert f"{counts.get('not_checked', 0):,} context figures" in sentence


def test_one_card_per_contradicted_claim_farthest_off_first(ledger):
    html = str(findings.cards())
    expected = set(ledger.loc[ledger["verdict"].isin(CONTRADICTED), "claim_id"])
    carded = re.findall(r'<article class="finding-card [^"]*" id="finding-([^"]+)"', html)
    assert set(carded) == expected and len(carded) == len(expected)
    distances = list(findings.contradicted()["distance"])
    assert distances == sorted(distances, reverse=True)
    for claim_id in carded:
        card = html.split(f'id="finding-{claim_id}"')[1].split("</article>")[0]
        assert f'href="#{claim_id}"' in card, "a card links to the claim's ledger row"
        assert 'class="badge verdict-' in card
        assert "The article says" in card and "The source says" in card


def test_every_contradicted_claim_with_sources_links_them(ledger):
    html = str(findings.cards())
    reference = analysis.load_all()["reference"].set_index("ref_id")
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
