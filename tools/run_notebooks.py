"""Re-execute the training notebooks in place, top to bottom, in this project's environment.

    python tools/run_notebooks.py notebooks            # every notebooks/*.ipynb
    python tools/run_notebooks.py notebooks/02_placement_decisions.ipynb

Each notebook is cleared, run in a fresh ``python3`` kernel with its own folder as the working
directory, and written back with its outputs, so that ``pytest --nbval`` (strict) can compare a
fresh run with what is committed. Runs are made deterministic: no timing metadata, no widget
state (model ids are random), a fixed hash seed, and only the built-in vignette library
(``IOPKIT_VIGNETTES`` is removed from the kernel's environment). A cell that raises stops the
run with the notebook name, the cell number and the error, and the file is left unchanged.

Exit codes: 0 all notebooks ran; 1 a notebook failed; 2 bad arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
TIMEOUT_SECONDS = 300


def notebook_paths(targets: list[str]) -> list[Path]:
    """The notebooks named on the command line; folders give their *.ipynb files, sorted."""
    paths: list[Path] = []
    for target in targets:
        p = Path(target)
        if p.is_dir():
            paths.extend(sorted(q for q in p.glob("*.ipynb") if not q.name.startswith(".")))
        elif p.suffix == ".ipynb" and p.is_file():
            paths.append(p)
        else:
            raise FileNotFoundError(f"{target}: not a notebook or a folder of notebooks")
    return paths


def deterministic_environment() -> None:
    """Settings inherited by the kernel so that two runs print the same thing."""
    os.environ.pop("IOPKIT_VIGNETTES", None)
    os.environ.pop("IOPKIT_EXCHANGE", None)  # notebook 06 shows the fictional sample folder
    # Answers recorded while the notebooks run land in a throw-away folder, not the user's.
    import tempfile

    os.environ["IOPKIT_DATA_DIR"] = tempfile.mkdtemp(prefix="iopkit-notebooks-")
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.pop("MPLBACKEND", None)


def execute(path: Path) -> None:
    """Run one notebook in place (written back only when every cell succeeded)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("widgets", None)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=TIMEOUT_SECONDS,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", help="notebook files or folders of notebooks")
    args = parser.parse_args(argv)
    try:
        paths = notebook_paths(args.targets)
    except FileNotFoundError as exc:
        print(f"run_notebooks: {exc}", file=sys.stderr)
        return 2
    if not paths:
        print("run_notebooks: no notebooks found", file=sys.stderr)
        return 2
    deterministic_environment()
    from nbclient.exceptions import CellExecutionError

    failed = 0
    for path in paths:
        print(f"running {path} ...", flush=True)
        try:
            execute(path)
        except CellExecutionError as exc:
            failed += 1
            print(f"FAILED {path}: a cell raised an error (file left unchanged)", file=sys.stderr)
            print(str(exc)[-3000:], file=sys.stderr)
    if failed:
        print(f"{failed} of {len(paths)} notebook(s) failed", file=sys.stderr)
        return 1
    print(f"{len(paths)} notebook(s) executed and saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
