"""Each chart is drawn twice: at its own width and as a phone variant that keeps every text at a
readable size; a chart whose text would run off the image fails instead of being published."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from aifigures import config
from aifigures.views import chart_export


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "NOTEBOOK_NAME", "99-test")
    monkeypatch.setattr(config, "FIGURES_DIR", tmp_path)
    chart_export.setup()
    return tmp_path


def bars(labels=("one", "two")):
    fig, ax = plt.subplots(figsize=(chart_export.width(9), 3))
    ax.barh(range(len(labels)), [3, 5], label="a series")
    ax.set_yticks(range(len(labels)), labels, fontsize=6)
    ax.set_title("A title long enough that a narrow figure must wrap it onto two lines or more")
    ax.legend(loc="lower right", fontsize=6)
    return fig


def test_a_chart_function_gets_a_phone_variant_with_no_small_text(scratch):
    chart_export.save_figure(bars, name="bars", source="a test", caption="two bars")
    wide = Image.open(scratch / "99-test--bars.png")
    phone = Image.open(scratch / "phone" / "99-test--bars.png")
    assert wide.size[0] > 1200
    assert phone.size[0] <= chart_export.NARROW_WIDTH * chart_export.DPI + 10
    assert phone.text["Source"] == "Source: a test"
    with chart_export.narrow():
        fig = bars()
        assert fig.get_size_inches()[0] == chart_export.NARROW_WIDTH
        chart_export._fit_text_to_phone(fig)
        assert min(t.get_fontsize() for t in chart_export._texts(fig)) >= chart_export.NARROW_MIN_PT
        assert "\n" in fig.texts[0].get_text()  # the title moved to the figure's edge and wrapped
    assert not chart_export.is_narrow()


def test_a_drawn_figure_is_saved_as_it_is(scratch):
    chart_export.save_figure(bars(), name="drawn", source="a test", caption="two bars")
    assert (scratch / "99-test--drawn.png").exists() and not (scratch / "phone").exists()


def test_text_that_runs_off_the_image_is_reported_on_stderr(scratch, capsys):
    """The build's own charts fail the suite on it (an executed notebook may show no stderr);
    a user's odd data still gets its report, with the warning."""
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    ax.annotate("a label placed far to the right of the canvas", (1, 0.5), xytext=(400, 0),
                textcoords="offset points", annotation_clip=False)
    chart_export.save_figure(fig, name="cut", source="a test", caption="cut")
    assert "chart 99-test--cut: text runs off the image and is cut: 'a label placed far" in capsys.readouterr().err
    chart_export.save_figure(bars(), name="whole", source="a test", caption="two bars")
    assert "runs off" not in capsys.readouterr().err
