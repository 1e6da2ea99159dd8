"""Numbers as real pages write them: glued to or hyphenated into their unit, per thousand tokens, in words.

One test per kind of failure `check` showed on real writing; each text is written for the
test, in the shape the real pages showed (the corpus itself: tools/test_real_articles.py)."""

from __future__ import annotations

import pytest

from aifigures.tools.chinese import fold

from .helpers import mention

# --------------------------------------------------------------------------- extraction

@pytest.mark.parametrize("text, figure, value, unit", [
    ("a 236-billion-parameter model", "236-billion-parameter", 236e9, "parameters"),
    ("trained on a 1024H100 cluster", "1024H100", 1024, "GPUs"),
    ("2048 H800 GPUs", "2048", 2048, "GPUs"),  # a count, not the year 2048
    ("30M H100 hours", "30M", 30e6, "GPUs"),  # the scale is kept
    ("it runs at 45TPS", "45TPS", 45, None),
    ("192GB of HBM3e", "192GB", 192, "GB"),
    ("1.7TB HBM3e", "1.7TB", 1700, "GB"),
    ("NVLink at 900GB/s", "900GB/s", 0.9, "TB/s"),
    ("2025 年 7 月 11 日发布", "2025 年 7 月 11 日", "2025-07-11", "date"),
    ("从 355 B 总参数", "355 B", 355e9, "parameters"),
])
def test_numbers_glued_to_or_hyphenated_into_their_unit(text, figure, value, unit):
    m = mention(text, figure)
    assert (m.value, m.unit) == (value, unit)


def test_an_upper_case_x_is_a_multiple():
    assert mention("about ~8X faster", "8X").kind == "multiple"


def test_traditional_chinese_folds_to_simplified_position_for_position():
    text = "台積電N4P製程，擁有2080億個電晶體，緩存命中"
    assert fold(text) == "台积电N4P制程，拥有2080亿个电晶体，缓存命中"
    assert len(fold(text)) == len(text)
    assert fold("GLM\u20114.5") == "GLM-4.5"  # a non-breaking hyphen in a name
