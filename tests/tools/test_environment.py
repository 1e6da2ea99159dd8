"""One list of pins: environment.yml is generated from requirements.txt and agrees with it."""

from aifigures.tools.environment import parse_environment, pins, render

from ..conftest import ROOT


def test_environment_yml_is_generated_from_requirements():
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == render(ROOT / "requirements.txt")


def test_environment_yml_and_requirements_pin_the_same_versions():
    required = set(pins(ROOT / "requirements.txt"))
    assert set(parse_environment((ROOT / "environment.yml").read_text(encoding="utf-8"))) == required
    assert all("==" in pin for pin in required)


def test_guide_version_floors_hold():
    """seaborn 0.13.2 draws categories in the wrong order with pandas 3.0.x: pandas must be >= 3.1."""
    versions = dict(pin.split("==") for pin in pins(ROOT / "requirements.txt"))
    major, minor = (int(x) for x in versions["pandas"].split(".")[:2])
    assert (major, minor) >= (3, 1)
    assert versions["seaborn"] == "0.13.2"
