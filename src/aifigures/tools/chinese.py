"""Traditional Chinese folded into simplified, position for position, so one list of cue words
and one spelling of each name serve both scripts (OpenCC's t2s conversion)."""

from __future__ import annotations

from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("t2s")
# hyphens and dashes a name may be typed with ("GLM‑4.5" with a non-breaking hyphen), as "-"
_HYPHENS = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2212"})


@lru_cache(maxsize=8)
def fold(text: str) -> str:
    """`text` in simplified characters with plain hyphens, the same length, so a position in one is a position in
    the other (where a phrase conversion would change the length, character by character)."""
    text = text.translate(_HYPHENS)
    if not any("\u3400" <= c <= "\u9fff" for c in text):
        return text
    folded = _CONVERTER.convert(text)
    if len(folded) == len(text):
        return folded
    return "".join(c if len(s := _CONVERTER.convert(c)) != 1 else s for c in text)
