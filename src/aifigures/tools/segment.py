"""The shape of an article text, found once: table cells with their row label and column
header, label lines ("Context window: 200K tokens", "- 参数规模：355B") and headings.

Linking reads a figure in a table cell or on a label line with the words that say what it
is (the row label and the column header, or the label), and a figure whose sentence names no
entity with the entity of the heading above it (the page's title last). Prose needs none of
this: its sentences and clauses are tools/linking.Layout's job.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

# a table row: "| a | b |", or "a | b | c |" without the leading bar (two bars at least)
_TABLE_LINE = re.compile(r"^[ \t]*\|?(?P<inner>(?:[^|\n]*\|){1,}[^|\n]*?)\|?[ \t]*$", re.M)
_RULE_ROW = re.compile(r"^[\s|:\-–—]+$")
# "Label: value" on a line of its own, or as a list item; the label is a few words, no sentence
_LABEL_LINE = re.compile(r"^[ \t]*(?:[-*•·]|\d{1,2}[.)、])?[ \t]*(?P<label>[^\n:：|。！？!?]{1,40}?)[ \t]*[:：][ \t]*(?P<value>\S[^\n]*)$", re.M)
# a directory page's spec list: the label on a line of its own, the value alone on the next
# ("Active Parameters" / "355B", "Release Date" / "28 Jul 2025"); a short value that starts with a
# figure, not a numbered list item; both may be items of a bulleted list ("- Input" / "- $2.00"),
# the value after a pictograph ("- 📅 2025-03")
# (a blank line may stand between them: "Context window" / "" / "200k tokens" on a model card)
_LABEL_ABOVE = re.compile(r"^[ \t]*(?:[-*•·][ \t]+)?(?P<label>[A-Za-z\u4e00-\u9fff][^\n:：|。.!?！？,，;；]{1,40}?)[ \t]*\n(?:[ \t]*\n)?"
                          r"[ \t]*(?:[-*•·][ \t]+)?(?:[\U0001F300-\U0001FAFF\u2600-\u27BF]\uFE0F?[ \t]*)?"
                          r"(?P<value>(?![0-9]{1,2}[.)、][ \t])[$¥€~≈]?[0-9][^\n]{0,20}?)[ \t]*$", re.M)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•·]|\d{1,2}[.)、])[ \t]+", re.M)
_SENTENCE_MARK = re.compile(r"[.。！？!?;；,，]\s*$")


@dataclass(frozen=True)
class Cell:
    """One cell of a table row: where its text is, and the words that say what it holds."""

    start: int
    end: int
    row_label: str  # the first cell of the row
    header: str  # the cell of the header row above it
    line_start: int
    line_end: int
    table_labels: str = ""  # every row label and header of its table, for a unit said once


@dataclass(frozen=True)
class Label:
    """A label line: the label, and where its value part is."""

    label: str
    value_start: int
    line_start: int
    line_end: int


class Segments:
    """Table cells, label lines and headings of one text, each found once."""

    def __init__(self, text: str):
        self.text = text
        self.cells = _table_cells(text)
        self._cell_starts = [c.start for c in self.cells]
        self.labels = [] if not text else sorted([
            Label(m.group("label").strip(), m.start("value"), m.start(), m.end())
            for pattern in (_LABEL_LINE, _LABEL_ABOVE) for m in pattern.finditer(text) if _is_label(m.group("label"))],
            key=lambda lab: lab.value_start)
        self._label_starts = [lab.value_start for lab in self.labels]
        # a label whose value stands on the next line ("GPT-5" over "68%") heads only that value
        above = {lab.line_start for lab in self.labels if "\n" in text[lab.line_start:lab.value_start]}
        self.headings = _headings(text, above)  # (start, end) of heading lines, the title first
        self._heading_starts = [s for s, _ in self.headings]

    def cell_at(self, start: int, end: int) -> Cell | None:
        """The table cell that holds the span [start, end), or None."""
        i = bisect.bisect_right(self._cell_starts, start) - 1
        if i >= 0 and self.cells[i].start <= start and end <= self.cells[i].end:
            return self.cells[i]
        return None

    def label_at(self, start: int) -> Label | None:
        """The label line whose value part holds `start`."""
        i = bisect.bisect_right(self._label_starts, start) - 1
        if i >= 0 and self.labels[i].value_start <= start < self.labels[i].line_end:
            return self.labels[i]
        return None

    def headings_before(self, pos: int) -> list[tuple[int, int]]:
        """Heading lines before `pos`, nearest first (the title last)."""
        i = bisect.bisect_right(self._heading_starts, pos)
        return [h for h in reversed(self.headings[:i]) if h[1] <= pos]


def _is_label(label: str) -> bool:
    """A label names a property (a few words, a letter or a Chinese character in it), not a
    clause of a sentence or a time of day."""
    label = label.strip()
    return bool(label) and len(label.split()) <= 6 and bool(re.search(r"[A-Za-z\u4e00-\u9fff]", label)) \
        and not re.fullmatch(r"\d+", label)


def _split_cells(inner: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each cell's text, trimmed, in the text's positions."""
    cells, pos = [], 0
    for part in inner.split("|"):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        s = offset + pos + lead
        cells.append((s, s + len(body)))
        pos += len(part) + 1
    return cells


def _table_cells(text: str) -> list[Cell]:
    out: list[Cell] = []
    header: list[str] | None = None
    last_end = -2
    first = 0
    for m in _TABLE_LINE.finditer(text):
        if m.group(0).count("|") < 2:
            continue
        inner = m.group("inner")
        if m.start() > last_end + 1:  # a new table: its first row is the header
            header = None
            _close_table(out, first)
            first = len(out)
        last_end = m.end()
        if _RULE_ROW.match(inner):
            continue
        spans = _split_cells(inner, m.start("inner"))
        words = [text[s:e] for s, e in spans]
        if header is None:
            header = words
            continue
        for k, (s, e) in enumerate(spans):
            if k == 0 or s >= e:
                continue
            out.append(Cell(s, e, words[0], header[k] if k < len(header) else "", m.start(), m.end(), " | ".join(header)))
    _close_table(out, first)
    return out


def _close_table(cells: list[Cell], first: int) -> None:
    """Give the cells of the table that ends here every row label of it."""
    if first >= len(cells):
        return
    labels = " | ".join(dict.fromkeys([cells[first].table_labels] + [c.row_label for c in cells[first:]]))
    for i in range(first, len(cells)):
        cells[i] = replace(cells[i], table_labels=labels)


def _headings(text: str, labels_above: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Lines that head what follows: the first line, markdown headings, a short line ending with a
    colon over a list (its lead-in), and short lines with no sentence mark at the end that are
    neither list items nor table rows nor label lines (nor the labels that stand over their value,
    `labels_above`: their line starts)."""
    found = []
    pos = 0
    first = True
    lines = text.split("\n")
    for n, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        if not first and re.search(r"[:：]$", stripped) and len(stripped) <= 80 and not _LIST_ITEM.match(line) \
                and _LIST_ITEM.match(next((later for later in lines[n + 1:] if later.strip()), "")):
            found.append((start, end))  # "R1(deepseek-reasoner)上线定价:" over its list: the list's lead-in
            continue
        if not first and start in labels_above:
            continue
        if first:
            found.append((start, end))
            first = False
            continue
        item = _LIST_ITEM.match(line)
        if stripped.startswith("#"):
            found.append((start, end))
        elif item and len(line[item.end():].strip()) <= 40 and not _SENTENCE_MARK.search(stripped) \
                and not re.search(r"[:：]", stripped):
            found.append((start, end))  # "- DeepSeek-V3" heading the items under it
        elif (len(stripped) <= 80 and not _SENTENCE_MARK.search(stripped) and not stripped.startswith("|")
              and not _LIST_ITEM.match(line) and not re.search(r"[:：]", stripped)):
            found.append((start, end))
    return found
