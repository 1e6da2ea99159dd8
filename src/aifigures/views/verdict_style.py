"""How each verdict is named and coloured wherever it is shown: badges, charts, cards.

The words carry the meaning (a badge is never colour alone); the colour repeats it:
blues for figures the source supports, vermillion, orange, purple and yellow for those it
contradicts or only partly supports, greys for figures nobody could check."""

from __future__ import annotations

from aifigures.data.verdicts import VERDICT_ORDER  # noqa: F401 - the one order, most serious first; views import it here

VERDICT_LABELS = {
    "matches": "Matches", "consistent": "Consistent", "rounded": "Rounded", "differs": "Differs",
    "conflated": "Conflated", "misattributed": "Misattributed", "partly_holds": "Partly holds",
    "unverifiable": "Unverifiable", "not_checked": "Not checked",
    "needs_review": "Needs review",  # a draft fact-check's figure nobody has linked or judged yet
}

# Okabe & Ito's colour-blind-safe set, used for verdicts only (charts, badges, cards): blues and
# bluish green where the source supports the figure, vermillion, orange, reddish purple and yellow
# where it does not, greys where nobody could check. tests/views/test_palette.py simulates
# deuteranopia and protanopia and keeps every pair apart; report.css repeats these for the badges.
VERDICT_COLOURS = {
    "matches": "#0072B2", "rounded": "#56B4E9", "consistent": "#009E73", "differs": "#D55E00",
    "misattributed": "#E69F00", "conflated": "#CC79A7", "partly_holds": "#F0E442", "unverifiable": "#666666",
    "not_checked": "#DDDDDD", "needs_review": "#000000",
}

# the verdicts a finding card is written for: the source contradicts or only partly supports the figure
CONTRADICTED = ["differs", "misattributed", "conflated", "partly_holds"]


def verdict_label(verdict: str) -> str:
    """The verdict's name as shown ('Partly holds'); an unknown one with its underscores as spaces."""
    return VERDICT_LABELS.get(verdict, str(verdict).replace("_", " "))
