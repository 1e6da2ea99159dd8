"""`make lab`: JupyterLab serves (as root too) on 127.0.0.1 with the suite's server config, and
a notebook saved through it is written without outputs or execution counts."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` on a folder of its own, stopped (with every process it started) afterwards."""
    tmp_path = tmp_path_factory.mktemp("lab")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    port = free_port()
    env = {**os.environ, "JUPYTER_TOKEN": TOKEN, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
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
