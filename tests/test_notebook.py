"""The example notebook runs top to bottom on a fresh install, and is stored without outputs."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore_kharkiv.ipynb"
#: Per cell; the whole notebook must also finish within BUDGET_S.
CELL_TIMEOUT_S = 120
BUDGET_S = 60

#: Executes the notebook with nbclient in a fresh kernel, writes the executed copy beside the
#: files the notebook saves, and prints how long the cells took.
RUN = r"""
import sys, time
from pathlib import Path
import nbclient, nbformat

notebook, out, timeout = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
nb = nbformat.read(notebook, as_version=4)
client = nbclient.NotebookClient(
    nb,
    kernel_name="python3",
    timeout=timeout,
    resources={"metadata": {"path": str(out)}},  # run where writes are harmless
)
start = time.monotonic()
client.execute()
elapsed = time.monotonic() - start
nbformat.write(nb, out / "executed.ipynb")
print(elapsed)
"""


def start_in_background() -> subprocess.Popen | None:
    """Run the notebook in a child process from the end of collection (tests/conftest.py),
    beside the rest of the suite; its kernel inherits ENVELOPE_NOTEBOOK_OUT."""
    if not all(importlib.util.find_spec(m) for m in ("nbformat", "nbclient")):
        return None
    out = tempfile.mkdtemp(prefix="envelope-notebook-test-")
    env = {**os.environ, "ENVELOPE_NOTEBOOK_OUT": out}
    return subprocess.Popen(
        [sys.executable, "-c", RUN, str(NOTEBOOK), out, str(CELL_TIMEOUT_S)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=out,
        start_new_session=True,  # stopped as a group with its kernel if the suite ends first
    )


def test_notebook_is_stored_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_notebook_runs_top_to_bottom(background):
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")

    child = background
    out, err = child.communicate(timeout=CELL_TIMEOUT_S * 20)
    assert child.returncode == 0, err
    elapsed = float(out.strip().splitlines()[-1])
    assert elapsed < BUDGET_S, f"notebook took {elapsed:.0f} s"
    folder = Path(child.args[-2])  # the child's output folder
    nb = nbformat.read(folder / "executed.ipynb", as_version=4)

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    kinds = {k for o in outputs for k in o.get("data", {})}
    assert {"text/html", "image/png"} <= kinds  # tables and the map; the slide
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "GMLRS-ER" in text and "kharkiv_what_if.png" in text
    png = (folder / "kharkiv_what_if.png").read_bytes()
    assert png.startswith(b"\x89PNG") and (folder / "kharkiv_what_if.html").stat().st_size
    shutil.rmtree(folder)
