"""How often `check` agrees with the curated ledger, the ledger hidden from it.

`python -m aifigures.tools.accuracy seeds` checks the five seed articles as a new user's draft
would (no ledger_claim matching: the ledger is what it is measured against) and compares every
figure the ledger judged (a verdict other than unverifiable and not_checked) with the row `check`
gives the same words: the same entity and the same verdict class (holds: matches, rounded,
consistent; wrong: the rest) counts as reproduced. A verdict of the wrong class where the ledger
says the figure holds is a false alarm, the failure that matters most.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from aifigures import config
from aifigures.data import tables
from aifigures.data.verdicts import HOLDS, NOT_JUDGED, compute_verdicts
from aifigures.tools.check import NEEDS_REVIEW, Checker, read_article_text


def verdict_class(verdict: str) -> str:
    """'holds', 'wrong' or 'abstain' (no verdict, needs review, or not judged): what is compared."""
    if not verdict or verdict == NEEDS_REVIEW or verdict in NOT_JUDGED:
        return "abstain"
    return "holds" if verdict in HOLDS else "wrong"


@dataclass
class Agreement:
    judged: int = 0  # figures the ledger judged
    reproduced: int = 0  # same entity and verdict class
    abstained: list[str] = field(default_factory=list)  # check said needs_review (or found no such figure)
    false_alarms: list[str] = field(default_factory=list)  # check: wrong, ledger: holds
    other: list[str] = field(default_factory=list)  # any other disagreement

    @property
    def share(self) -> float:
        """The share of the judged figures that check reproduced (0 when none was judged)."""
        return self.reproduced / self.judged if self.judged else 0.0

    def summary(self) -> str:
        """One line: figures judged, reproduced, needs_review, false alarms and other disagreements."""
        return (f"{self.judged} figures the ledger judged: {self.reproduced} reproduced ({self.share:.0%}), "
                f"{len(self.abstained)} needs_review, {len(self.false_alarms)} false alarms, {len(self.other)} other disagreements")


def seed_agreement(articles_dir: Path | None = None) -> Agreement:
    """Check each article of articles.csv with the ledger hidden and compare with the ledger."""
    articles_dir = Path(articles_dir or config.ARTICLES_DIR)
    strings = {name: tables.read_table(name).drop(columns=[tables.LINE]) for name in ("articles", "claims", "overrides")}
    claims = strings["claims"]
    checker = Checker(match_ledger=False)  # the ledger hidden: no claim matching
    verdicts = compute_verdicts(claims, checker.reference, strings["overrides"])
    result = Agreement()
    for article in strings["articles"].itertuples():
        path = articles_dir / article.file_name
        if not path.exists():
            continue
        text = read_article_text(path)
        rows = checker.check(text, article.file_name)
        mine = claims["article_id"] == article.article_id
        for claim, verdict in zip(claims[mine].to_dict("records"), verdicts.loc[mine.to_numpy(), "verdict"]):
            expected = verdict_class(verdict)
            if expected == "abstain" or not claim["figure_text"]:
                continue
            result.judged += 1
            at = text.find(claim["quote"])
            start = (at + claim["quote"].find(claim["figure_text"])) if at >= 0 and claim["figure_text"] in claim["quote"] else -1
            found = [r for r in rows if start >= 0 and r.link.mention.start < start + len(claim["figure_text"])
                     and start < r.link.mention.end]
            # one figure said of a list has a row per entity: the one of the ledger's entity
            row = next((r for r in found if r.link.entity_id == claim["entity_id"]), found[0] if found else None)
            got = verdict_class(row.verdict) if row else "abstain"
            what = f"{claim['claim_id']} {claim['figure_text']!r}: ledger {claim['entity_id']} {verdict}"
            if got == "abstain":
                why = row.explanation.replace("needs review: ", "")[:120] if row else "no such figure found"
                result.abstained.append(f"{what}; check {row.link.entity_id if row else '-'}: {why}")
            elif got == expected and row.link.entity_id == claim["entity_id"]:
                result.reproduced += 1
            elif got == "wrong" and expected == "holds":
                result.false_alarms.append(f"{what}; check {row.link.entity_id} {row.verdict}")
            else:
                result.other.append(f"{what}; check {row.link.entity_id} {row.verdict}")
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m aifigures.tools.accuracy seeds [--list]`: print the agreement (--list: every disagreement too)."""
    parser = argparse.ArgumentParser(prog="python -m aifigures.tools.accuracy", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["seeds"], help="seeds: the five seed articles against the curated ledger")
    parser.add_argument("--list", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    result = seed_agreement()
    if args.list:
        for line in result.false_alarms:
            print("false alarm  " + line)
        for line in result.other:
            print("disagrees    " + line)
        for line in result.abstained:
            print("abstains     " + line)
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
