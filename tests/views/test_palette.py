"""The verdict colours stay apart for readers with the common colour-vision deficiencies, the
badges use the same colours as the charts, and no other chart colour can pass for a verdict.

Deuteranopia and protanopia are simulated with the matrices of Machado, Oliveira & Fernandes
(2009, severity 1.0) on linear RGB; distances are CIE76 delta E in CIELAB (D65)."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from aifigures.views.chart_export import PALETTE
from aifigures.views.verdict_style import VERDICT_COLOURS

from ..conftest import ROOT

SIMULATIONS = {
    "normal vision": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
MIN_DISTANCE = 15.0  # delta E: about what tells two flat fills apart at a glance
CSS = ROOT / "src" / "aifigures" / "build" / "templates" / "aifigures" / "report.css"


def linear_rgb(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(rgb, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 216 / 24389, np.cbrt(t), (24389 / 27 * t + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_colour: str, simulation: np.ndarray) -> np.ndarray:
    return lab(simulation @ linear_rgb(hex_colour))


def distance(a: str, b: str, simulation: np.ndarray) -> float:
    return float(np.linalg.norm(seen(a, simulation) - seen(b, simulation)))


def test_the_simulation_sees_what_it_should():
    """Red and green, far apart to most eyes, nearly merge for a deuteranope (the old pair)."""
    assert distance("#c62828", "#2e7d32", SIMULATIONS["normal vision"]) > 60
    assert distance("#c62828", "#2e7d32", SIMULATIONS["deuteranopia"]) < 20
    assert distance("#0072B2", "#0072B2", SIMULATIONS["protanopia"]) == 0


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_every_two_verdict_colours_stay_apart(vision):
    close = [(a, b, round(distance(VERDICT_COLOURS[a], VERDICT_COLOURS[b], SIMULATIONS[vision]), 1))
             for a, b in itertools.combinations(VERDICT_COLOURS, 2)
             if distance(VERDICT_COLOURS[a], VERDICT_COLOURS[b], SIMULATIONS[vision]) < MIN_DISTANCE]
    assert close == [], f"verdict colours too close under {vision}: {close}"


def test_badges_and_cards_use_the_chart_colours():
    css = CSS.read_text(encoding="utf-8")
    for verdict, colour in VERDICT_COLOURS.items():
        rule = re.search(rf"\.verdict-{verdict} {{ background: (#[0-9A-Fa-f]{{6}});", css)
        assert rule and rule.group(1).lower() == colour.lower(), verdict
    for verdict in ("conflated", "misattributed", "partly_holds"):
        rule = re.search(rf"\.verdict-card-{verdict} {{ border-left-color: (#[0-9A-Fa-f]{{6}}); }}", css)
        assert rule and rule.group(1).lower() == VERDICT_COLOURS[verdict].lower(), verdict


def test_no_other_chart_colour_passes_for_a_verdict():
    """Charts of prices, sizes and dates draw in greys and black: a colour means a verdict."""
    for name, colour in PALETTE.items():
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert r == g == b, f"PALETTE[{name!r}] = {colour} is a hue; hues are kept for verdicts"
