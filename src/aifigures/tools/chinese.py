"""Traditional Chinese folded into simplified, position for position, so one list of cue words
and one spelling of each name serve both scripts (OpenCC's t2s conversion)."""

from __future__ import annotations

from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("t2s")


@lru_cache(maxsize=8)
def fold(text: str) -> str:
    """`text` in simplified characters, the same length, so a position in one is a position in
    the other (where a phrase conversion would change the length, character by character)."""
    if not any("\u3400" <= c <= "\u9fff" for c in text):
        return text
    folded = _CONVERTER.convert(text)
    if len(folded) == len(text):
        return folded
    return "".join(c if len(s := _CONVERTER.convert(c)) != 1 else s for c in text)
