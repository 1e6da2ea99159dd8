"""`make lab` in a real browser: three committed notebooks opened in headless Chromium, every
cell run from JupyterLab's Run menu, saved with Ctrl+S, and the files are byte-identical to the
committed ones (`git status` clean). No news prompt on the first start.

The notebooks are copies in a git repository of their own under tmp_path, so the test never
touches the working tree; they find data/ and the package through `aifigures.config`, which
derives the project root from the package's place in src/, not from the notebook's folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from aifigures.build.browser import find_chromium

from ..conftest import ROOT
from .test_lab import TOKEN, running_lab

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(find_chromium() is None, reason="no Chromium installed (apt-get install chromium); browser tests skipped"),
]

# three notebooks that draw a chart each and need no article texts
NOTEBOOKS = ["00-findings.ipynb", "03-pricing.ipynb", "06-timeline.ipynb"]

# every code cell of the visible notebook has run: a number in its prompt, none queued ("[*]")
ALL_RAN_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent);
  return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
}"""

# the status bar names the visible notebook's kernel and its state ("No Kernel | Initializing",
# then "Python 3 (ipykernel) | Connecting", then "| Idle"); Run All before that asks for a kernel
KERNEL_IDLE_JS = """() => /Python 3[^|]*\\| Idle/.test(
  [...document.querySelectorAll('.jp-StatusBar-Widget')].map(e => e.textContent).join(' '))"""

OUTPUTS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return {
    cells: panel.querySelectorAll('.jp-CodeCell').length,
    // error outputs and stderr streams both render with this MIME type
    errors: [...panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
              .map(e => e.textContent.slice(0, 500)),
    images: [...panel.querySelectorAll('.jp-OutputArea-output img')].map(i => i.complete && i.naturalWidth > 0),
    // a price pair such as "$60.00 vs $0.28" is text, never typeset as TeX
    math: panel.querySelectorAll('mjx-container, .MathJax, .MathJax_Preview').length,
    text: [...panel.querySelectorAll('.jp-OutputArea-output')].map(e => e.textContent).join(' '),
  };
}"""


def git(repo, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def notebooks_repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")  # .ipynb_checkpoints/ is ignored, as in the project
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, repo / "notebooks" / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the committed notebooks")
    return repo


def test_notebooks_run_and_saved_in_make_lab_stay_byte_identical(tmp_path, notebooks_repo, chromium):
    # the kernels inherit the server's environment: charts of these runs go under tmp_path
    env = {"AIFIGURES_INTERACTIVE_FIGURES_DIR": str(tmp_path / "interactive-figures")}
    with running_lab(tmp_path, notebooks_repo / "notebooks", env) as lab:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        try:
            page_errors: list[str] = []
            page.on("pageerror", lambda e: page_errors.append(str(e)[:300]))
            outside: list[str] = []

            def route(r):  # the lab needs nothing but its own server
                if r.request.url.startswith(lab["base"]):
                    return r.continue_()
                outside.append(r.request.url[:200])
                return r.abort()

            page.route("**/*", route)
            page.goto(f"{lab['base']}/lab?token={TOKEN}")
            page.wait_for_selector(".jp-DirListing-item", timeout=60_000)
            # the launcher lists the kernels once the app has them: opened before that, a notebook
            # asks which kernel to start
            page.locator(".jp-LauncherCard", has_text="Python 3").first.wait_for(timeout=60_000)
            for name in NOTEBOOKS:
                page.locator(".jp-DirListing-item", has_text=name).dblclick()
                page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name).wait_for(timeout=30_000)
                page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").first.wait_for(timeout=30_000)
                page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                page.wait_for_function(ALL_RAN_JS, timeout=40_000)
                page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
                out = page.evaluate(OUTPUTS_JS)
                assert out["errors"] == [], f"{name}: error output\n" + "\n".join(out["errors"])
                assert out["images"] and all(out["images"]), f"{name}: no chart shown, or one not decoded: {out}"
                assert out["math"] == 0, f"{name}: JupyterLab typeset {out['math']} outputs as TeX"
                if name == "03-pricing.ipynb":
                    assert re.search(r"\$\d[\d.,]* vs \$\d", out["text"]), "the price pair is not shown as text"
                page.keyboard.press("Control+s")
                page.wait_for_function(
                    "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')", timeout=30_000)
            news = page.get_by_text("Would you like to get notified about official Jupyter news?")
            assert news.count() == 0, "JupyterLab asks about news on a first start"
            assert page_errors == []
            assert outside == [], f"JupyterLab asked for addresses off its server: {outside}"
        except Exception:
            page.screenshot(path=str(tmp_path / "lab.png"))  # what the page showed, next to lab.log
            raise
        finally:
            context.close()
        log = lab["log"].read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f"Saving file at /{name}" in log, f"{name} was not saved through the server"
    assert git(notebooks_repo, "status", "--porcelain") == ""
    for name in NOTEBOOKS:  # and the same bytes as the project's own files, as they were copied
        committed = subprocess.run(["git", "show", f"HEAD:notebooks/{name}"], cwd=notebooks_repo, check=True,
                                   capture_output=True).stdout
        assert (notebooks_repo / "notebooks" / name).read_bytes() == committed
