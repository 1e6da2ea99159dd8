"""How each verdict is named and coloured wherever it is shown: badges, charts, cards.

The words carry the meaning (a badge is never colour alone); the colour repeats it:
greens for figures the source supports, red/orange for those it contradicts, greys for
figures nobody could check."""

from __future__ import annotations

# most serious first: the order of cards, legends and counts
VERDICT_ORDER = ["differs", "misattributed", "conflated", "partly_holds", "rounded", "consistent", "matches",
                 "unverifiable", "not_checked"]

VERDICT_LABELS = {
    "matches": "Matches", "consistent": "Consistent", "rounded": "Rounded", "differs": "Differs",
    "conflated": "Conflated", "misattributed": "Misattributed", "partly_holds": "Partly holds",
    "unverifiable": "Unverifiable", "not_checked": "Not checked",
    "needs_review": "Needs review",  # a draft fact-check's figure nobody has linked or judged yet
}

VERDICT_COLOURS = {
    "matches": "#2e7d32", "rounded": "#66bb6a", "consistent": "#a5d6a7", "differs": "#c62828",
    "conflated": "#ef6c00", "misattributed": "#ffb74d", "partly_holds": "#8e24aa", "unverifiable": "#9e9e9e",
    "not_checked": "#e0e0e0", "needs_review": "#fbc02d",
}

# the verdicts a finding card is written for: the source contradicts or only partly supports the figure
CONTRADICTED = ["differs", "misattributed", "conflated", "partly_holds"]


def verdict_label(verdict: str) -> str:
    return VERDICT_LABELS.get(verdict, str(verdict).replace("_", " "))
