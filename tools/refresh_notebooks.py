"""Re-execute the committed notebooks with their default parameters and store their outputs in place, so that
nbval (make test) holds the new outputs. Run after changing data, code or a notebook: `make notebooks`.

Each notebook is executed by papermill in the project folder with the project's kernel, into a temporary file
that replaces the committed one only when the execution succeeded; papermill's run metadata (timings, status)
is dropped so that the same inputs give the same file.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat

from qy_analysis.publish.execution import run_notebook

ROOT = Path(__file__).resolve().parent.parent
RUN_METADATA = ("papermill", "execution")
ADDRESS = re.compile(
    r" at 0x[0-9a-f]+>"
)  # a memory address in a text/plain repr, written as nbval_sanitize.cfg reads it
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"  # a live widget's random model id (notebook 07): not kept


def refresh(notebook: Path) -> float:
    start = time.perf_counter()
    partial = notebook.with_name(f".{notebook.stem}.refresh.ipynb")
    try:
        run_notebook(notebook, partial)
        book = nbformat.read(partial, as_version=4)
        book.metadata.pop("widgets", None)  # the widgets' state, under random model ids
        for key in RUN_METADATA:
            book.metadata.pop(key, None)
            for cell in book.cells:
                cell.metadata.pop(key, None)
        for cell in book.cells:
            if cell.metadata.get("tags") == []:  # papermill adds empty tags
                del cell.metadata["tags"]
            for output in cell.get("outputs", []):
                output.get("data", {}).pop(WIDGET_VIEW, None)
                plain = output.get("data", {}).get("text/plain")
                if isinstance(plain, str):
                    output["data"]["text/plain"] = ADDRESS.sub(" at 0xADDRESS>", plain)
        nbformat.write(book, partial)
        partial.replace(notebook)
    finally:
        partial.unlink(missing_ok=True)
    return time.perf_counter() - start


def main(names: list[str]) -> int:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    chosen = [nb for nb in notebooks if not names or any(name in nb.stem for name in names)]
    for notebook in chosen:
        print(f"{notebook.name}: executing ...", end=" ", flush=True)
        print(f"done in {refresh(notebook):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
