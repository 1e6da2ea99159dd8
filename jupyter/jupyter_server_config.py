"""The Jupyter server configuration `make lab` starts JupyterLab with (`--config=` this file).

Notebooks are saved without outputs or execution counts, whatever the user ran: the committed
notebooks stay thin narrative (the build executes them into build/executed/), and a save
never turns into a diff of images and numbers. The hook strips the model the server is about
to write, so the file on disk and its checkpoint are both output-free; the open notebook in
the browser keeps its outputs until it is reloaded.
"""

import os
import warnings

# The server applies its configuration twice; the second setting of the same hook is no news.
warnings.filterwarnings("ignore", message="Overriding existing pre_save_hook")

# `c` is the config object Jupyter passes to this file.
c = get_config()  # noqa: F821 - provided by traitlets when it loads this file


# The kernelspec every committed notebook carries (and the build's merged notebook, build/export.py).
PYTHON3_KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def strip_outputs_before_save(model, path, contents_manager, **kwargs):
    """FileContentsManager.pre_save_hook: called as hook(model=..., path=..., contents_manager=...)."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        # timings JupyterLab records when "record timing" is on
        cell.get("metadata", {}).pop("execution", None)
    # the kernel writes its Python version and lexer here on every run: keep only the language
    # name the committed notebooks carry, so a save from this machine changes no byte of it
    info = model["content"].get("metadata", {}).get("language_info")
    if isinstance(info, dict) and "name" in info:
        model["content"]["metadata"]["language_info"] = {"name": info["name"]}
    # JupyterLab copies the display name of the kernel it started into the notebook ("Python 3
    # (ipykernel)" from this venv's ipykernel, "Python 3" or another label elsewhere): a label
    # of the saving machine, not of the notebook. The notebooks name the kernel by `name`
    # (the build starts "python3"); write the one kernelspec the committed notebooks carry.
    spec = model["content"].get("metadata", {}).get("kernelspec")
    if isinstance(spec, dict) and spec.get("name") == "python3":
        model["content"]["metadata"]["kernelspec"] = dict(PYTHON3_KERNELSPEC)


c.FileContentsManager.pre_save_hook = strip_outputs_before_save

# JupyterLab's own settings defaults (jupyter/lab/settings/overrides.json): news "Never", so no
# "get notified about official Jupyter news?" prompt on a first start (and no check for a newer
# JupyterLab than the pinned one, which runs only with news "Always"). A choice made in
# Settings still wins over these defaults.
# The same folder's page_config.json turns JupyterLab's MathJax off: the suite writes no TeX, and
# MathJax read a price pair such as "$60.00 vs $0.28" in an output as a formula.
c.LabApp.app_settings_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lab", "settings")
# and the server never fetches the news feed, whatever the setting says
c.LabApp.news_url = None
