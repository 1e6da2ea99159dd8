"""`make lab`: JupyterLab serves (as root too) on 127.0.0.1 with the suite's server config; a
notebook saved through it is written without outputs or execution counts and with the committed
kernelspec; the news prompt is off. test_lab_browser.py runs real notebooks through it in Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from ..conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")]

TOKEN = "aifigures-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url: str, method: str = "GET", body: dict | None = None) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {TOKEN}",
                                                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.status, response.read()


def alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


@contextlib.contextmanager
def running_lab(tmp_path: Path, folder: Path, env: dict[str, str] | None = None):
    """`make lab` on `folder`, with Jupyter's and JupyterLab's user folders of its own under
    `tmp_path`; stopped (with every process it started) afterwards."""
    port = free_port()
    env = {**os.environ, "JUPYTER_TOKEN": TOKEN, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"), "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "lab-workspaces"), **(env or {})}
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_PORT={port}", f"LAB_DIR={folder}"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                if request(f"{base}/api/status")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, (tmp_path / "lab.log").read_text()
            assert time.time() < deadline, "JupyterLab did not answer within 90 s:\n" + (tmp_path / "lab.log").read_text()
            time.sleep(0.5)
        yield {"base": base, "folder": folder, "log": tmp_path / "lab.log"}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        deadline = time.time() + 20
        while alive(proc.pid) and time.time() < deadline:
            time.sleep(0.2)
        log.close()
        assert not alive(proc.pid), "a process of make lab outlived it"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` on an empty folder of its own."""
    tmp_path = tmp_path_factory.mktemp("lab")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    with running_lab(tmp_path, folder) as server:
        yield server


def test_make_lab_serves_lab_and_the_contents_api(lab):
    status, page = request(f"{lab['base']}/lab")
    assert status == 200 and b"JupyterLab" in page
    (lab["folder"] / "01-example.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()), encoding="utf-8")
    status, listing = request(f"{lab['base']}/api/contents")
    assert status == 200
    assert "01-example.ipynb" in [item["name"] for item in json.loads(listing)["content"]]
    text = lab["log"].read_text()
    assert f"{lab['base']}/lab" in text  # the URL is printed
    if os.geteuid() == 0:
        assert "--allow-root" in text


def test_a_notebook_saved_through_the_server_has_no_outputs(lab):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A test"), nbformat.v4.new_code_cell("print(1 + 1)")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                           nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})]
    nb.cells[1].execution_count = 7
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-12-01T20:00:00Z"}
    status, _ = request(f"{lab['base']}/api/contents/02-saved.ipynb", "PUT",
                        {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))})
    assert status in (200, 201)
    saved = json.loads((lab["folder"] / "02-saved.ipynb").read_text(encoding="utf-8"))
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert code and "".join(code[0]["source"]) == "print(1 + 1)"
    assert code[0]["outputs"] == [] and code[0]["execution_count"] is None
    assert "execution" not in code[0]["metadata"]
    assert "".join(saved["cells"][0]["source"]) == "# A test"  # the narrative is kept
    # and the committed-notebook rule holds for what was saved
    assert not any(c.get("outputs") or c.get("execution_count") for c in saved["cells"])


def test_a_save_keeps_the_committed_kernelspec_and_language_info(lab):
    """JupyterLab writes the started kernel's display name ("Python 3 (ipykernel)") and the
    kernel's language_info into the model it saves: the file gets the committed shape back."""
    committed = json.loads((ROOT / "notebooks" / "00-findings.ipynb").read_text(encoding="utf-8"))["metadata"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                                    "mimetype": "text/x-python", "name": "python", "pygments_lexer": "ipython3",
                                    "version": "3.12.3"}
    status, _ = request(f"{lab['base']}/api/contents/03-kernel.ipynb", "PUT",
                        {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))})
    assert status in (200, 201)
    saved = json.loads((lab["folder"] / "03-kernel.ipynb").read_text(encoding="utf-8"))["metadata"]
    assert saved["kernelspec"] == committed["kernelspec"] == {"display_name": "Python 3", "language": "python",
                                                              "name": "python3"}
    assert saved["language_info"] == committed["language_info"] == {"name": "python"}


def test_the_news_prompt_is_off(lab):
    """The shipped overrides set JupyterLab's news to "Never": with "Ask" (the default) a first
    start shows "Would you like to get notified about official Jupyter news?"."""
    status, body = request(f"{lab['base']}/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert status == 200
    setting = json.loads(body)
    # the overrides change the default the schema carries; no user choice is stored
    assert setting["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert "fetchNews" not in setting["settings"]
    status, body = request(f"{lab['base']}/lab/api/news")
    assert status == 200 and json.loads(body)["news"] == []
